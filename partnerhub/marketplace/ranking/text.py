"""Tokenisation and a BM25 index over short multilingual texts.

Tokens are lower-cased words with accents folded ("Créer" -> "creer"), stop words dropped and
a Snowball stem taken (English, French or Spanish, chosen per text by which language's stop
words it uses most). Chinese, Japanese and Korean runs, which have no spaces between words,
become overlapping character bigrams. Other scripts (Arabic, Cyrillic, ...) are split on word
boundaries and not stemmed.

The BM25 index keeps one term-major sparse matrix of precomputed BM25 weights (numpy arrays in
CSR layout: for each term, the documents that contain it and the term's weight in each), so
scoring a query is a gather of the query terms' postings and one `np.bincount`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import snowballstemmer

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ("english", "french", "spanish")
_STOPWORD_FILES = {
    "english": "stopwords_en.txt",
    "french": "stopwords_fr.txt",
    "spanish": "stopwords_es.txt",
}

# Letters and digits only; "_" is \w in Python but never part of a word here.
_WORD = re.compile(r"[^\W_]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")


class Token(NamedTuple):
    # A named tuple, not a dataclass: a search builds thousands of these to explain its results.
    surface: str  # the word as written (lower-cased), for showing in reasons
    term: str  # the indexed form: folded, stemmed


@lru_cache(maxsize=1)
def stop_words() -> dict[str, frozenset[str]]:
    return {
        language: frozenset((DATA / name).read_text(encoding="utf-8").split())
        for language, name in _STOPWORD_FILES.items()
    }


@lru_cache(maxsize=1)
def _all_stop_words() -> frozenset[str]:
    return frozenset().union(*stop_words().values())


@lru_cache(maxsize=1)
def generic_terms() -> frozenset[str]:
    """Terms of words so general in mandates and offers ("support", "system", "provide") that
    they explain no fit on their own: still indexed and scored, never shown alone as a
    reason."""
    words = (DATA / "generic_words_en.txt").read_text(encoding="utf-8").split()
    return frozenset(_compute_term(word, "english") for word in words) - {_STOP}


@lru_cache(maxsize=len(LANGUAGES))
def _stemmer(language: str) -> snowballstemmer.BaseStemmer:
    return snowballstemmer.stemmer(language)


def fold(text: str) -> str:
    """Lower-case and strip accents (NFKD, combining marks dropped)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_STOP = ""  # the "term" of a dropped word, so a table lookup can tell it from an unseen word
_TABLE_LIMIT = 500_000
# Lower-cased word -> indexed term, one table per stemming language. Texts share most of their
# words, and Snowball in pure Python costs ~10 µs a word, which would otherwise dominate building
# an index over tens of thousands of listings; mapping through a dict keeps the loops in C.
_tables: dict[str, dict[str, str]] = {language: {} for language in LANGUAGES}


def _compute_term(word: str, language: str) -> str:
    folded = fold(word)
    if _CJK.search(folded):
        return folded  # already a character bigram (or a lone character) from _split
    if len(folded) < 2 or folded in _all_stop_words():
        return _STOP
    if folded.isdigit():
        # Quantities and years ("2,000 trucks" -> "2", "000") say nothing about what is
        # offered; codes with letters ("5g", "m2") stay.
        return _STOP
    if not folded.isascii():
        return folded
    # Stem the accented form (the French and Spanish stemmers key on accents), then fold.
    return fold(_stemmer(language).stemWord(word))


def _terms(words: list[str], language: str) -> list[str]:
    """The term of each word, in order ("" for a dropped word)."""
    table = _tables[language]
    terms = list(map(table.get, words))
    if None not in terms:
        return terms  # type: ignore[return-value]
    missing = {word for word, term in zip(words, terms, strict=True) if term is None}
    computed = {word: _compute_term(word, language) for word in missing}
    if len(table) > _TABLE_LIMIT:
        table.clear()
    table.update(computed)
    return [
        term if term is not None else computed[word]
        for word, term in zip(words, terms, strict=True)
    ]


def detect_language(words: Iterable[str]) -> str:
    """English, French or Spanish: the language with most distinct stop words in the text
    (English on a tie). Accented stop words ("très") do not vote; enough plain ones do."""
    present = set(words)
    lists = stop_words()
    counts = [len(present & lists[language]) for language in LANGUAGES]
    return LANGUAGES[counts.index(max(counts))]


def _split(text: str) -> list[str]:
    lowered = text.casefold()
    words: list[str] = _WORD.findall(lowered)
    if lowered.isascii() or not _CJK.search(lowered):
        return words
    split: list[str] = []
    for word in words:
        if not _CJK.search(word):
            split.append(word)
            continue
        # A CJK run has no word boundaries: emit its character bigrams (a lone character
        # stays a unigram); Latin letters or digits glued to it stay whole words.
        position = 0
        for run in _CJK.finditer(word):
            if run.start() > position:
                split.append(word[position : run.start()])
            chars = run.group()
            if len(chars) == 1:
                split.append(chars)
            split.extend(chars[i : i + 2] for i in range(len(chars) - 1))
            position = run.end()
        if position < len(word):
            split.append(word[position:])
    return split


def tokens(text: str) -> list[Token]:
    """The text's tokens in order, with their surface forms (stop words dropped)."""
    words = _split(text)
    terms = _terms(words, detect_language(words))
    return [Token(word, term) for word, term in zip(words, terms, strict=True) if term]


def term_counts(text: str) -> Counter[str]:
    """How often each indexed term occurs in the text: what BM25 needs."""
    words = _split(text)
    counts = Counter(_terms(words, detect_language(words)))
    counts.pop(_STOP, None)
    return counts


class Bm25Index:
    """Okapi BM25 over a fixed set of documents (given as term counts).

    idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5)) (the Lucene form, never negative), and a term's
    weight in a document is idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl)).
    A query's score is the sum of its distinct terms' weights: repeating a word in a query does
    not count twice, so a long query cannot win by repetition.
    """

    def __init__(
        self, documents: Sequence[Mapping[str, int]], *, k1: float = 1.2, b: float = 0.75
    ) -> None:
        self.k1 = k1
        self.b = b
        self.size = len(documents)
        # A vocabulary that numbers a new term as it first sees it; map() over it keeps the
        # per-term loop in C, which matters at millions of (document, term) pairs.
        vocabulary: defaultdict[str, int] = defaultdict()
        vocabulary.default_factory = vocabulary.__len__
        term_ids: list[int] = []
        frequencies: list[int] = []
        distinct = np.zeros(self.size, dtype=np.int64)
        lengths = np.zeros(self.size, dtype=np.float64)
        for doc, counts in enumerate(documents):
            term_ids.extend(map(vocabulary.__getitem__, counts))
            frequencies.extend(counts.values())
            distinct[doc] = len(counts)
            lengths[doc] = sum(counts.values())
        vocabulary.default_factory = None
        self.vocabulary: dict[str, int] = vocabulary
        self.lengths = lengths
        self.average_length = float(lengths.mean()) if self.size and lengths.sum() else 1.0
        terms = np.asarray(term_ids, dtype=np.int64)
        docs = np.repeat(np.arange(self.size, dtype=np.int64), distinct)
        tf = np.asarray(frequencies, dtype=np.float64)
        document_frequency = np.bincount(terms, minlength=len(vocabulary)).astype(np.float64)
        self.idf = np.log1p((self.size - document_frequency + 0.5) / (document_frequency + 0.5))
        norm = k1 * (1.0 - b + b * lengths[docs] / self.average_length)
        weights = self.idf[terms] * tf * (k1 + 1.0) / (tf + norm)
        order = np.argsort(terms, kind="stable")
        self._postings_docs = docs[order].astype(np.int32)
        self._postings_weights = weights[order]
        self._indptr = np.zeros(len(vocabulary) + 1, dtype=np.int64)
        np.cumsum(document_frequency.astype(np.int64), out=self._indptr[1:])

    def scores(self, query_terms: Iterable[str]) -> npt.NDArray[np.float64]:
        """BM25 of every document for the query's distinct terms (unknown terms add nothing)."""
        ids = sorted({self.vocabulary[t] for t in query_terms if t in self.vocabulary})
        if not ids or not self.size:
            return np.zeros(self.size, dtype=np.float64)
        slices = [slice(self._indptr[i], self._indptr[i + 1]) for i in ids]
        docs = np.concatenate([self._postings_docs[s] for s in slices])
        weights = np.concatenate([self._postings_weights[s] for s in slices])
        return np.bincount(docs, weights=weights, minlength=self.size).astype(
            np.float64, copy=False
        )

    def self_scores(self) -> npt.NDArray[np.float64]:
        """Each document's BM25 for its own distinct terms: the most any query can score on it,
        so score / self-score is the share of the document's weighted content a query covers."""
        return np.bincount(
            self._postings_docs, weights=self._postings_weights, minlength=self.size
        ).astype(np.float64, copy=False)

    def term_weight(self, term: str, tf: int, length: float) -> float:
        """The BM25 weight one term with frequency tf has in a document of this length; used to
        explain a score without keeping every document's term counts in memory."""
        index = self.vocabulary.get(term)
        if index is None or tf <= 0:
            return 0.0
        norm = self.k1 * (1.0 - self.b + self.b * length / self.average_length)
        return float(self.idf[index]) * tf * (self.k1 + 1.0) / (tf + norm)
