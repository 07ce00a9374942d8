"""Name normalisation for sanctions screening.

A name is turned into a `NameForm`: a tuple of `Token`s, each carrying what the comparison
needs (an ASCII form, a phonetic key, a weight, and the symbols rigour's reference data
attaches to it). Built once per listed name, so comparing two names costs no parsing.

Steps, all from rigour (the same reference data OpenSanctions' matchers use):

1. `analyze_names` case-folds and tokenises; for organisations it rewrites legal forms into a
   compare form ("Aktiengesellschaft" and "AG" both become "ag", "Open Joint Stock Company"
   becomes "ojsc"), so a legal form is *replaced*, never deleted, and strips leading articles
   ("The"); for persons it strips honorifics ("Mr.", "Dr.");
2. it tags name parts: legal forms, stop words ("of", "al"), numbers, and symbols - numbers
   written in words ("forty four" = 44), given names known across scripts (Wikidata ids, so
   "Владимир" and "Vladimir" share a symbol), org vocabulary ("bank", "international");
3. each part is transliterated to ASCII: Latin (accents folded), Cyrillic, Greek, Armenian,
   Georgian and Hangul by rigour's rules, every other script (Arabic, CJK, Devanagari...) by
   normality; punctuation goes ("A.B.C." -> "abc", "Al-Qa'ida" -> "al qaida").

Person and organisation names differ in their weights: legal forms and org vocabulary
("company", "trading", "bank") count little in organisation names; name particles ("al",
"bin", "abu", "de") and initials count little in person names.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rigour.names import (
    NamePartTag,
    NameTypeTag,
    SymbolCategory,
    analyze_names,
    replace_org_types_compare,
)
from rigour.text.phonetics import metaphone
from rigour.text.scripts import text_scripts
from rigour.text.translit import ascii_text


class NameKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    OBJECT = "object"  # vessels and aircraft: names compared as strings, numbers matter
    UNKNOWN = "unknown"


_TYPE_TAGS = {
    NameKind.PERSON: NameTypeTag.PER,
    NameKind.ORGANISATION: NameTypeTag.ORG,
    NameKind.OBJECT: NameTypeTag.OBJ,
    NameKind.UNKNOWN: NameTypeTag.ENT,
}

# Token weights. A token's weight is what it adds to the denominator of the similarity
# (see score.py): a common or structural word that goes unmatched should cost little.
WEIGHT_DEFAULT = 1.0
WEIGHT_LEGAL_FORM = 0.3
WEIGHT_STOPWORD = 0.2
WEIGHT_ORG_VOCABULARY = 0.55  # "bank", "international", "trading", "company", country names
WEIGHT_PERSON_PARTICLE = 0.35  # "bin", "abu", "abdul": shared by too many names to tell apart
WEIGHT_INITIAL = 0.5
WEIGHT_SHORT = 0.7  # two-letter tokens other than initials

# Scripts whose spelling omits most vowels: their ASCII transliteration ("mhmd") is compared
# with the other name's consonant skeleton ("mohammed" -> "mhmd").
_ABJAD_SCRIPTS = frozenset({"Arabic", "Hebrew", "Syriac", "Thaana"})
_VOWELS = str.maketrans("", "", "aeiouyw")  # "w" and "y" also write long vowels there
_LATIN = {"Latin"}

# Symbol categories that identify a word's meaning; PHONETIC and INITIAL symbols are derived
# from the letters themselves and add nothing that the token comparison does not already see.
_MEANING_CATEGORIES = {
    SymbolCategory.NAME: "N",
    SymbolCategory.NICK: "K",
    SymbolCategory.NUMERIC: "#",
    SymbolCategory.ORG_CLASS: "C",
    SymbolCategory.SYMBOL: "S",
    SymbolCategory.DOMAIN: "D",
    SymbolCategory.LOCATION: "L",
}
# Symbols that mark a word as generic vocabulary, not as the distinctive part of a name.
_ORG_VOCABULARY_PREFIXES = ("C:", "S:", "D:", "L:")


# One number per distinct (text, symbols, flags): grows with the vocabulary seen, which the
# lists and the queries of a process keep to some hundred thousand entries.
_SIGNATURES: dict[tuple[str, frozenset[str], bool, bool, bool], int] = {}


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # ASCII, case-folded; the comparison form
    weight: float
    symbols: frozenset[str]  # "N:Q4925477" (a given name), "#:44", "C:JSC", ...
    phonetic: str  # metaphone of `text`, "" for short or non-alphabetic tokens
    skeleton: str  # `text` without vowels, for comparison with abjad transliterations
    is_abjad: bool  # transliterated from a script that omits vowels
    is_legal_form: bool
    is_number: bool
    is_initial: bool
    # Equal for tokens that compare alike with any other token (same text, symbols and flags):
    # the key under which score.py remembers token similarities.
    signature: int


@dataclass(frozen=True, slots=True)
class Phrase:
    """Several adjacent tokens that carry one symbol: "forty four" (#:44), "abd al rahman"."""

    start: int
    end: int  # exclusive
    symbol: str


@dataclass(frozen=True, slots=True)
class NameForm:
    original: str
    kind: NameKind
    tokens: tuple[Token, ...]
    phrases: tuple[Phrase, ...]
    # Two or three adjacent tokens written together, with their token range [start, end):
    # "siemensag" for "siemens ag", so that a name written as one word still aligns.
    joins: tuple[tuple[str, int, int], ...] = ()
    key: str = ""  # the token texts joined by spaces: equal keys, equal names


def _token_weight(
    kind: NameKind, text: str, tag: NamePartTag, symbols: frozenset[str], is_initial: bool
) -> float:
    if tag == NamePartTag.LEGAL:
        return WEIGHT_LEGAL_FORM
    if tag == NamePartTag.STOP:
        return WEIGHT_STOPWORD
    if kind == NameKind.PERSON:
        if is_initial:
            return WEIGHT_INITIAL
        if any(symbol.startswith("S:") for symbol in symbols):
            return WEIGHT_PERSON_PARTICLE
    elif kind in (NameKind.ORGANISATION, NameKind.UNKNOWN) and any(
        symbol.startswith(_ORG_VOCABULARY_PREFIXES) for symbol in symbols
    ):
        return WEIGHT_ORG_VOCABULARY
    if len(text) <= 2 and not text.isdigit():
        return WEIGHT_SHORT
    return WEIGHT_DEFAULT


def _ascii_form(form: str, ascii_hint: str | None) -> str:
    text = ascii_hint if ascii_hint is not None and ascii_hint.isascii() else ascii_text(form)
    return "".join(char for char in text.lower() if char.isalnum())


@lru_cache(maxsize=65536)
def normalise_name(name: str, kind: NameKind = NameKind.UNKNOWN) -> NameForm:
    """The comparison form of one name; cached because queries repeat across candidates."""
    name_for_analysis = name
    if not name.isascii() and text_scripts(name) == _LATIN:
        # Folding accents lets rigour's tables see "Mexico" in "México"; legal forms are
        # replaced before, as the table spells them with accents ("beschränkter Haftung").
        if kind in (NameKind.ORGANISATION, NameKind.UNKNOWN):
            name_for_analysis = replace_org_types_compare(name.casefold())
        name_for_analysis = ascii_text(name_for_analysis)
    analysed = analyze_names(
        _TYPE_TAGS[kind], [name_for_analysis], consolidate=False, infer_initials=True
    )
    if not analysed:
        return NameForm(original=name, kind=kind, tokens=(), phrases=())
    # One input name gives one analysed name; `analyze_names` returns a set.
    (parsed,) = analysed
    part_symbols: dict[int, set[str]] = {}
    phrases: list[Phrase] = []
    for span in parsed.spans:
        prefix = _MEANING_CATEGORIES.get(span.symbol.category)
        if prefix is None:
            continue
        key = f"{prefix}:{span.symbol.id}"
        indexes = [part.index for part in span.parts]
        if len(indexes) == 1:
            part_symbols.setdefault(indexes[0], set()).add(key)
        else:
            phrases.append(Phrase(start=min(indexes), end=max(indexes) + 1, symbol=key))
    tokens: list[Token] = []
    positions: dict[int, int] = {}
    for part in parsed.parts:
        text = _ascii_form(part.form, part.ascii)
        if not text:
            continue
        positions[part.index] = len(tokens)
        symbols = frozenset(part_symbols.get(part.index, ()))
        is_number = text.isdigit() or any(symbol.startswith("#:") for symbol in symbols)
        is_initial = kind == NameKind.PERSON and len(text) == 1 and text.isalpha()
        is_abjad = bool(text_scripts(part.form) & _ABJAD_SCRIPTS)
        signature_key = (text, symbols, is_abjad, is_initial, is_number)
        signature = _SIGNATURES.setdefault(signature_key, len(_SIGNATURES))
        tokens.append(
            Token(
                text=text,
                weight=_token_weight(kind, text, part.tag, symbols, is_initial),
                symbols=symbols,
                phonetic=metaphone(text) if len(text) >= 3 and text.isalpha() else "",
                skeleton=_skeleton(text),
                is_abjad=is_abjad,
                is_legal_form=part.tag == NamePartTag.LEGAL,
                is_number=is_number,
                is_initial=is_initial,
                signature=signature,
            )
        )
    kept_phrases = tuple(
        Phrase(
            start=positions[phrase.start], end=positions[phrase.end - 1] + 1, symbol=phrase.symbol
        )
        for phrase in phrases
        if phrase.start in positions and phrase.end - 1 in positions
    )
    joins = tuple(
        ("".join(token.text for token in tokens[start : start + size]), start, start + size)
        for size in (2, 3)
        for start in range(len(tokens) - size + 1)
    )
    return NameForm(
        original=name,
        kind=kind,
        tokens=tuple(tokens),
        phrases=kept_phrases,
        joins=joins,
        key=" ".join(token.text for token in tokens),
    )


def _skeleton(text: str) -> str:
    consonants = text.translate(_VOWELS)
    collapsed = [char for i, char in enumerate(consonants) if i == 0 or consonants[i - 1] != char]
    return "".join(collapsed)
