"""Tokenisation shared by the keyword queries, the target wording and the linear model.

Matching works on accent-free, case-folded word tokens so that "Éducation" and "education", or a
Spanish text typed without accents, meet the same features. Every token keeps its character span
so that evidence can always be quoted from the original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_WORD = re.compile(r"\w+", re.UNICODE)

# Short function words in the languages of the shipped wording (English, French) and Spanish; they
# carry no SDG signal and would otherwise dominate bigrams.
STOPWORDS = frozenset(
    (  # noqa: SIM905 - a wrapped string keeps 180 words readable
        "a about above after again against all also am an and any are as at be because "
        "been before being below between both but by can could did do does doing down "
        "during each few for from further had has have having he her here hers herself "
        "him himself his how i if in into is it its itself just me more most my myself no "
        "nor not now of off on once only or other our ours ourselves out over own same "
        "she should so some such than that the their theirs them themselves then there "
        "these they this those through to too under until up very was we were what when "
        "where which while who whom why will with would you your yours yourself "
        "yourselves may might must shall within among upon per via its whose including "
        "include includes inter etc e g ie eg le la les un une des du de d l et en au aux "
        "ou pour par sur dans avec ce ces cette qui que est sont son sa ses leur leurs "
        "plus ne pas se il elle ils elles nous vous y qu el los las unos unas del al y o "
        "para por con sin sobre entre su sus es son lo como mas se"
    ).split()
)


@dataclass(frozen=True)
class Token:
    norm: str
    start: int
    end: int


def fold(word: str) -> str:
    """Case-fold and strip accents ("Égalité" -> "egalite")."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokenize(text: str) -> list[Token]:
    return [Token(fold(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def stem(word: str) -> str:
    """A deliberately light suffix stripper (plural and a few derivations).

    Stronger stemmers conflate words the SDGs keep apart ("energy"/"energetic" is fine, but
    "organic"/"organisation" is not); the linear model learns the rest from bigrams.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, replacement in (
        ("ies", "y"),
        ("sses", "ss"),
        ("ing", ""),
        ("ed", ""),
        ("es", "e"),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            return word[: len(word) - len(suffix)] + replacement
    return word
