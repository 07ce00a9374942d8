"""Organisation name normalisation and duplicate detection.

Plain Python (no Django), so it can be tested and measured on its own: see
`names_evaluation.py` for the labelled examples the threshold was chosen on.

A name is normalised in four steps:

1. transliterate to ASCII (rigour: "Nestlé" -> "Nestle", "Сбербанк" -> "Sberbank");
2. case-fold and split into tokens on punctuation and spaces (rigour's name tokeniser also
   deletes full stops inside a token, so "S.A." becomes "sa" and "Co.," becomes "co");
3. spell common abbreviations out ("Intl" -> "international") and drop connecting words
   ("and", "&", "et", "und");
4. drop a few legal forms written first ("PT", "OOO", "SARL", "The"), then legal forms
   ("Ltd", "GmbH", "S.p.A.", "Corp", "Co.", ...) from the *end* of the name.

Legal forms are removed only at the edges: rigour's table knows "AT" (Austria) and "SA", and
removing them anywhere would turn "AT&T" into "t" or "SA Breweries" into "breweries". A name
is never reduced to nothing: "Limited" stays "limited".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from rapidfuzz import fuzz
from rigour.names import remove_org_types, tokenize_name
from rigour.text import ascii_text

# Forms rigour's table does not treat as legal forms, but that name the same organisation
# whether or not they are written ("Ford Motor Co." / "Ford Motor Company" / "Ford Motor").
EXTRA_TRAILING_FORMS = frozenset(
    {
        "co",
        "corp",
        "corporation",
        "company",
        "incorporated",
        "pty",
        "pvt",
        "pte",
        "private",
        "tbk",
        "kk",
        "a s",  # "A/S" once "/" has split it
    }
)
# Legal forms written before the name. A curated list, not rigour's whole table, because
# short forms such as "AG" or "SA" also start real names ("AG Barr", "SA Breweries").
LEADING_FORMS = frozenset(
    {"the", "pt", "ooo", "oao", "zao", "pao", "tov", "jsc", "ojsc", "cjsc", "sarl", "eurl"}
)
CONNECTING_WORDS = frozenset({"and", "et", "und"})
# Abbreviations and spelling variants written for the same word, mapped to one form so that
# "Olam Intl" and "Olam International" compare equal instead of merely close.
WORD_VARIANTS = {
    "intl": "international",
    "grp": "group",
    "natl": "national",
    "assoc": "association",
    "assn": "association",
    "mfg": "manufacturing",
    "svcs": "services",
    "bros": "brothers",
    "ctr": "centre",
    "center": "centre",
    "organization": "organisation",
}
# The longest legal form, in tokens ("S. de R.L. de C.V." -> "s de rl de cv").
MAX_FORM_TOKENS = 6

BLOCK_PREFIX = 4
# Words so common in organisation names that filing under them would make every lookup fetch
# a large share of the directory. A name is still filed under its other words and its start.
GENERIC_WORDS = frozenset(
    {
        "africa",
        "african",
        "association",
        "bank",
        "business",
        "centre",
        "consulting",
        "des",
        "development",
        "enterprises",
        "for",
        "foundation",
        "global",
        "group",
        "holding",
        "holdings",
        "industries",
        "international",
        "limited",
        "national",
        "partners",
        "services",
        "solutions",
        "systems",
        "technologies",
        "the",
        "trading",
        "world",
    }
)
# Words shorter than this are initials or particles, too common to file a name under.
MIN_KEY_WORD_LENGTH = 3

REASON_SAME_NAME = "same_name"
REASON_SAME_AFTER_LEGAL_FORM = "same_after_legal_form"
REASON_SAME_APART_FROM_SPACING = "same_apart_from_spacing"
REASON_SIMILAR_SPELLING = "similar_spelling"

# Below this many characters (normalised, without spaces) only exact matches count: one
# letter makes a different three-letter acronym ("ABC" / "ABD"), not a typo.
MIN_FUZZY_LENGTH = 5
# Chosen on the labelled examples in names_evaluation.py, between the best-scoring pair of
# different organisations (80, "Unilever" / "Univera") and the worst-scoring duplicate (85,
# "Jumia Technologies" / "Jumia Technology"), nearer the former: a false alarm costs the user
# one tick, a missed duplicate costs two records for one organisation.
DEFAULT_THRESHOLD = 82


def _is_legal_form(tokens: list[str]) -> bool:
    phrase = " ".join(tokens)
    if phrase in EXTRA_TRAILING_FORMS:
        return True
    # Forms split by punctuation ("a.s." -> "a s", "S. A." -> "s a") match once rejoined.
    return remove_org_types(phrase).strip() == "" or remove_org_types("".join(tokens)).strip() == ""


def _strip_trailing_forms(tokens: list[str]) -> list[str]:
    stripped = True
    while stripped:
        stripped = False
        # Longest form first, so "public limited company" goes as one form, not three words.
        for size in range(min(MAX_FORM_TOKENS, len(tokens) - 1), 0, -1):
            if _is_legal_form(tokens[-size:]):
                tokens = tokens[:-size]
                stripped = True
                break
    return tokens


def _strip_leading_forms(tokens: list[str]) -> list[str]:
    while len(tokens) > 1 and tokens[0] in LEADING_FORMS:
        tokens = tokens[1:]
    return tokens


def search_key(text: str) -> str:
    """A text for accent-, case- and punctuation-insensitive search: ASCII, case-folded words
    separated by one space, legal forms kept ("Nestlé S.A." -> "nestle sa")."""
    return " ".join(tokenize_name(ascii_text(text).casefold()))


@lru_cache(maxsize=4096)
def normalise_name(name: str) -> str:
    """The comparison key of an organisation name: ASCII, case-folded, without legal forms,
    punctuation or connecting words, tokens separated by one space. Empty for a blank name."""
    tokens = tokenize_name(ascii_text(name).casefold())
    tokens = [WORD_VARIANTS.get(token, token) for token in tokens]
    tokens = [token for token in tokens if token not in CONNECTING_WORDS] or tokens
    tokens = _strip_trailing_forms(_strip_leading_forms(tokens))
    return " ".join(tokens)


Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class Match(Generic[Key]):
    """One candidate judged similar to the name searched for."""

    key: Key
    name: str
    score: int
    reason_code: str

    @property
    def reason(self) -> str:
        """The reason in English; the Django layer translates `reason_code` instead."""
        return describe_reason(self.reason_code, self.score)


def describe_reason(reason_code: str, score: int) -> str:
    if reason_code == REASON_SAME_NAME:
        return "same name"
    if reason_code == REASON_SAME_AFTER_LEGAL_FORM:
        return "same name after removing legal form"
    if reason_code == REASON_SAME_APART_FROM_SPACING:
        return "same name apart from spacing"
    return f"very similar spelling ({score}%)"


def compare_names(name: str, other: str) -> tuple[int, str]:
    """A similarity score 0-100 between two organisation names, and why."""
    if name.strip().casefold() == other.strip().casefold():
        return 100, REASON_SAME_NAME
    left, right = normalise_name(name), normalise_name(other)
    if not left or not right:
        return 0, REASON_SIMILAR_SPELLING
    if left == right:
        return 100, REASON_SAME_AFTER_LEGAL_FORM
    left_joined, right_joined = left.replace(" ", ""), right.replace(" ", "")
    if left_joined == right_joined:
        return 98, REASON_SAME_APART_FROM_SPACING
    if min(len(left_joined), len(right_joined)) < MIN_FUZZY_LENGTH:
        return 0, REASON_SIMILAR_SPELLING
    # token_sort_ratio forgives word order ("Bank Equity" / "Equity Bank"); plain ratio on the
    # spaceless forms forgives a word split differently ("Safari com"). Neither rewards a
    # name merely contained in a longer one, which is what sinks "Shell" / "Shelter Now".
    score = max(fuzz.token_sort_ratio(left, right), fuzz.ratio(left_joined, right_joined))
    # Names that share most words can still differ in the one word that identifies them
    # ("Acme" / "Apex Logistics", "Kenya" / "Uganda Red Cross Society"). Score the words that
    # are not shared on their own, and let a poor match there pull the whole score down.
    left_only, right_only = _unshared_words(left, right)
    if left_only and right_only:
        distinctive = fuzz.ratio(left_only, right_only)
        score = min(score, (score + distinctive) / 2)
    return round(score), REASON_SIMILAR_SPELLING


def _unshared_words(left: str, right: str) -> tuple[str, str]:
    left_words, right_words = Counter(left.split()), Counter(right.split())
    return (
        " ".join(sorted((left_words - right_words).elements())),
        " ".join(sorted((right_words - left_words).elements())),
    )


def find_similar(
    name: str,
    candidates: Iterable[tuple[Key, str]],
    threshold: int = DEFAULT_THRESHOLD,
) -> list[Match[Key]]:
    """Candidates `(key, name)` scoring at least `threshold` against `name`, best first.

    A key may come with several names (legal name, trading names); it is reported once, with
    its best-scoring name.
    """
    best: dict[Key, Match[Key]] = {}
    for key, candidate in candidates:
        score, reason_code = compare_names(name, candidate)
        if score < threshold:
            continue
        current = best.get(key)
        if current is None or score > current.score:
            best[key] = Match(key=key, name=candidate, score=score, reason_code=reason_code)
    return sorted(best.values(), key=lambda match: (-match.score, match.name.casefold()))


def blocking_keys(name: str) -> set[str]:
    """Short keys under which a name is filed, so the database can fetch the few candidates
    worth scoring instead of every organisation: the first four letters of each word that is
    not generic, and of the whole name without spaces. Two names that `compare_names` scores
    above the threshold share a key unless every word is misspelt in its first four letters."""
    normalised = normalise_name(name)
    tokens = normalised.split()
    keys = {
        token[:BLOCK_PREFIX]
        for token in tokens
        if len(token) >= MIN_KEY_WORD_LENGTH and token not in GENERIC_WORDS
    }
    joined = normalised.replace(" ", "")
    if joined:
        # The whole name's start: catches "Trucksforgood" / "Trucks for Good", and names made
        # only of generic words or of one-letter tokens ("H & M").
        keys.add(joined[:BLOCK_PREFIX])
    return keys
