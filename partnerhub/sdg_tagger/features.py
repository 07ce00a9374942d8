"""TF-IDF features over light-stemmed unigrams and bigrams, with a way back to the text.

Each feature remembers where it first occurred in the text, so a weight that pushed a goal up can
be shown to the author as the words they wrote.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from partnerhub.sdg_tagger.text import STOPWORDS, Token, stem, tokenize


@dataclass(frozen=True)
class Grams:
    """The n-grams of one text: term -> count, and term -> character span of its first use."""

    counts: Counter[str]
    spans: dict[str, tuple[int, int]]


def extract_grams(tokens: Sequence[Token]) -> Grams:
    content = [
        (stem(token.norm), token)
        for token in tokens
        if token.norm not in STOPWORDS and not token.norm.isdigit() and len(token.norm) > 1
    ]
    counts: Counter[str] = Counter()
    spans: dict[str, tuple[int, int]] = {}
    for index, (term, token) in enumerate(content):
        counts[term] += 1
        spans.setdefault(term, (token.start, token.end))
        if index + 1 < len(content):
            following_term, following = content[index + 1]
            # Bigrams only across a short gap: "access to clean water" keeps "access clean".
            if following.start - token.end <= 6:
                bigram = f"{term} {following_term}"
                counts[bigram] += 1
                spans.setdefault(bigram, (token.start, following.end))
    return Grams(counts, spans)


class Vectorizer:
    def __init__(self, vocabulary: Sequence[str], idf: npt.NDArray[np.float32]) -> None:
        self.vocabulary = list(vocabulary)
        self.index = {term: position for position, term in enumerate(self.vocabulary)}
        self.idf = idf.astype(np.float32)

    @classmethod
    def fit(
        cls,
        documents: Iterable[Grams],
        min_df: int = 2,
        max_df_ratio: float = 0.5,
        max_features: int | None = None,
    ) -> Vectorizer:
        document_frequency: Counter[str] = Counter()
        total = 0
        for grams in documents:
            total += 1
            document_frequency.update(grams.counts.keys())
        kept = [
            term
            for term, frequency in document_frequency.items()
            if frequency >= min_df and frequency <= max_df_ratio * total
        ]
        if max_features is not None and len(kept) > max_features:
            kept.sort(key=lambda term: (-document_frequency[term], term))
            kept = kept[:max_features]
        vocabulary = sorted(kept)
        idf = np.array(
            [math.log((1 + total) / (1 + document_frequency[term])) + 1 for term in vocabulary],
            dtype=np.float32,
        )
        return cls(vocabulary, idf)

    def transform(self, grams: Grams) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """Sparse row (column indices, L2-normalised sublinear tf-idf values)."""
        columns = []
        values = []
        for term, count in grams.counts.items():
            column = self.index.get(term)
            if column is not None:
                columns.append(column)
                values.append((1.0 + math.log(count)) * float(self.idf[column]))
        column_array = np.array(columns, dtype=np.int64)
        value_array = np.array(values, dtype=np.float32)
        norm = float(np.linalg.norm(value_array))
        if norm > 0:
            value_array /= norm
        return column_array, value_array


def text_grams(text: str) -> Grams:
    return extract_grams(tokenize(text))
