"""Name similarity: align the tokens of two names, then weigh what matched and what did not.

The score of two names is a weighted average over their tokens, in the spirit of
OpenSanctions' logic-v2 name matcher but with our own weights:

1. **Align.** Every query token is compared with every listed token: identical text, a shared
   rigour symbol (the same given name in another script or spelling, the same number written
   in words or digits, equivalent legal forms), the same consonant skeleton (for Arabic,
   Hebrew... transliterations, which omit vowels), an initial, or a typo within a
   length-dependent edit budget (rapidfuzz's optimal-string-alignment Levenshtein, where a swap
   of two letters is one edit), a shared metaphone key, or (organisations) a word and its
   derived form. Phrases that carry one symbol
   ("forty four" = "44") and two adjacent tokens written as one ("Siemens AG" / "SiemensAG")
   align as a unit. Pairs are taken greedily, best first; word order does not matter.
2. **Weigh.** Each aligned pair adds its similarity times its weight; a token left over on
   *both* sides is a substitution ("Gas" for "Oil") and costs its full weight; a token left
   over on one side only costs part of its weight - more for the query (a word the listed
   name does not have) than for the listed name (a listed middle name the query omits).
   Weights (normalise.py) make legal forms, stop words and generic vocabulary cheap, so
   "Siemens AG" = "Siemens Aktiengesellschaft" and "Deutsche Bank" ~ "Deutsche Bank AG".
   Two different values of the same kind of qualifier (two numbers, two places, two
   industries) always cost a full weight: "Bank of Chad" is not "Bank of China". Person
   names pay double for a substitution: names that share four parts and differ in the fifth
   are, as a rule, relatives.
3. **Short words are strict.** A typo in a word of four or five letters, or a shared
   metaphone key, is accepted only when both names have other tokens too: alone, "ICAO" and
   "IOEC" or "India" and "Andia" are different names.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA, Levenshtein

from partnerhub.screening.matching.normalise import WEIGHT_STOPWORD, NameForm, NameKind, Token

# Share of a leftover token's weight that counts against the score.
EXTRA_QUERY_SHARE = {
    NameKind.PERSON: 0.7,
    NameKind.ORGANISATION: 0.9,
    NameKind.OBJECT: 1.0,
    NameKind.UNKNOWN: 0.8,
}
EXTRA_LISTED_SHARE = {
    NameKind.PERSON: 0.2,
    NameKind.ORGANISATION: 0.6,
    NameKind.OBJECT: 1.0,
    NameKind.UNKNOWN: 0.4,
}
# Share of a substituted token's weight that counts against the score. Above 1 for persons:
# two names that agree on four parts and differ in the fifth are, as a rule, relatives.
SUBSTITUTION_SHARE = {
    NameKind.PERSON: 2.0,
    NameKind.ORGANISATION: 1.0,
    NameKind.OBJECT: 1.0,
    NameKind.UNKNOWN: 1.2,
}
# A substituted token costs at least this much, even a cheap vocabulary word: "Deutsche Bank"
# may omit "Trust", but "Trust" in place of "Bank" is a different institution.
SUBSTITUTION_FLOOR = 1.0
# Two different values of one kind of qualifier cost at least this much.
CONFLICT_WEIGHT = 1.0
# Symbol kinds whose two different values on the two sides are a contradiction.
_QUALIFIER_PREFIXES = ("#:", "L:", "D:")
# A place or number present in only one organisation name costs this much, whichever side:
# a subsidiary in another country or a fund in a series is another legal entity.
QUALIFIER_EXTRA_WEIGHT = 1.0

SIM_SYMBOL = 0.9  # the same name in another script or spelling, per rigour's reference data
SIM_NICKNAME = 0.8
SIM_SKELETON = 0.85
SIM_SKELETON_NEAR = 0.7  # consonant skeletons one letter apart
SIM_INITIAL = 0.8
SIM_PHONETIC = 0.8
SIM_STEM = 0.75
MIN_PHONETIC_LENGTH = 5  # metaphone keys of shorter words collide too often
MIN_STEM_LENGTH = 4
MIN_STEM_SHARE = 0.6
MIN_TOKEN_SIM = 0.6  # below this two tokens are different words


@dataclass(frozen=True, slots=True)
class Alignment:
    query: str
    listed: str
    similarity: float
    method: str  # "exact", "symbol", "typo", "phonetic", "skeleton", "initial", "joined"
    weight: float


@dataclass(frozen=True, slots=True)
class NameComparison:
    score: float
    alignments: tuple[Alignment, ...]
    substituted: tuple[tuple[str, str], ...]  # (query token, listed token) left over on both sides
    extra_query: tuple[str, ...]
    extra_listed: tuple[str, ...]

    def describe(self) -> str:
        if not self.alignments:
            return "no token in common"
        parts = [
            a.query
            if a.method == "exact"
            else f"{a.query}~{a.listed} ({a.method} {a.similarity:.2f})"
            for a in self.alignments
        ]
        text = "aligned: " + ", ".join(parts)
        if self.substituted:
            text += "; differ: " + ", ".join(f"{q}/{r}" for q, r in self.substituted)
        if self.extra_query:
            text += "; only in query: " + ", ".join(self.extra_query)
        if self.extra_listed:
            text += "; only in listed name: " + ", ".join(self.extra_listed)
        return text


def _edit_budget(length: int, corroborated: bool) -> int:
    # One letter off in a short word is, more often than not, another word ("ICAO"/"IOEC",
    # "India"/"Andia"): allowed only when other tokens of the name back the match up.
    if length <= 3:
        return 0
    if length <= 5:
        return 1 if corroborated else 0
    if length <= 9:
        return 2
    return 3


def _typo_similarity(a: str, b: str, corroborated: bool = True) -> float:
    longest = max(len(a), len(b))
    budget = _edit_budget(min(len(a), len(b)), corroborated)
    if budget == 0 or abs(len(a) - len(b)) > budget:
        return 0.0
    # Optimal string alignment: a swap of two adjacent letters ("Afiz"/"Faiz") is one edit.
    distance = OSA.distance(a, b, score_cutoff=budget)
    if distance > budget:
        return 0.0
    return 1.0 - distance / longest


def token_similarity(
    a: Token, b: Token, stems: bool = False, corroborated: bool = True
) -> tuple[float, str]:
    """How alike two tokens are (0..1) and why.

    `stems`: a word and its derived form ("Murom" / "Muromsky") count as similar - for
    organisation names, where a place or founder name often appears as an adjective.
    `corroborated`: both names have other tokens that can back up a loose match, so a typo
    in a word of four or five letters and a shared metaphone key are accepted.
    """
    if a.text == b.text:
        return 1.0, "exact"
    if a.is_number or b.is_number:
        # "44" and "forty four" share a symbol (phrases); "44" and "45" are different numbers.
        return (1.0, "symbol") if a.symbols & b.symbols else (0.0, "")
    if a.is_initial or b.is_initial:
        if a.text[0] == b.text[0] and (a.is_initial != b.is_initial):
            return SIM_INITIAL, "initial"
        return 0.0, ""
    best, method = 0.0, ""
    shared = a.symbols & b.symbols if a.symbols and b.symbols else None
    if shared:
        if any(symbol.startswith("N:") for symbol in shared):
            best, method = SIM_SYMBOL, "symbol"
        elif any(symbol.startswith("K:") for symbol in shared):
            best, method = SIM_NICKNAME, "nickname"
        else:
            best, method = SIM_SYMBOL, "symbol"
    typo = _typo_similarity(a.text, b.text, corroborated)
    if typo > best:
        best, method = typo, "typo"
    if stems and best < SIM_STEM and min(len(a.text), len(b.text)) >= MIN_STEM_LENGTH:
        short, long = sorted((a.text, b.text), key=len)
        if long.startswith(short) and len(short) >= MIN_STEM_SHARE * len(long):
            best, method = SIM_STEM, "stem"
    if (
        best < SIM_PHONETIC
        and a.phonetic
        and a.phonetic == b.phonetic
        and a.text[0] == b.text[0]
        and min(len(a.text), len(b.text)) >= MIN_PHONETIC_LENGTH
        and corroborated
    ):
        best, method = SIM_PHONETIC, "phonetic"
    if best < SIM_SKELETON and (a.is_abjad != b.is_abjad) and len(a.skeleton) >= 3:
        if a.skeleton == b.skeleton:
            best, method = SIM_SKELETON, "skeleton"
        elif (
            best < SIM_SKELETON_NEAR
            and min(len(a.skeleton), len(b.skeleton)) >= 4
            and Levenshtein.distance(a.skeleton, b.skeleton) == 1
        ):
            best, method = SIM_SKELETON_NEAR, "skeleton"
    return best, method


def _conflicting(a: Token, b: Token) -> bool:
    if not (a.symbols and b.symbols):
        return a.is_number and b.is_number
    for prefix in _QUALIFIER_PREFIXES:
        a_values = {s for s in a.symbols if s.startswith(prefix)}
        b_values = {s for s in b.symbols if s.startswith(prefix)}
        if a_values and b_values and not a_values & b_values:
            return True
    return a.is_number and b.is_number


def _extra_cost(token: Token, kind: NameKind, shares: dict[NameKind, float]) -> float:
    if kind != NameKind.PERSON and _is_qualifier(token):
        return QUALIFIER_EXTRA_WEIGHT
    return shares[kind] * token.weight


def _is_qualifier(token: Token) -> bool:
    return token.is_number or any(symbol.startswith("L:") for symbol in token.symbols)


# Token similarities already computed, by token signatures: names share most of their tokens.
_SIMILARITIES: dict[tuple[int, int], tuple[float, str]] = {}
_SIMILARITIES_SIZE = 1_000_000

Candidate = tuple[float, int, int, str]  # similarity, query token mask, listed token mask, method


def _mask(start: int, end: int) -> int:
    return ((1 << (end - start)) - 1) << start


def _indexes(mask: int) -> list[int]:
    return [i for i in range(mask.bit_length()) if mask >> i & 1]


def _exact_join_candidates(query: NameForm, listed: NameForm) -> list[Candidate]:
    """Adjacent tokens on one side written as one token on the other ("Siemens AG"/"SiemensAG")."""
    found: list[Candidate] = []
    query_positions = {token.text: i for i, token in enumerate(query.tokens)}
    listed_positions = {token.text: j for j, token in enumerate(listed.tokens)}
    for text, start, end in listed.joins:
        if text in query_positions:
            found.append((1.0, 1 << query_positions[text], _mask(start, end), "joined"))
    for text, start, end in query.joins:
        if text in listed_positions:
            found.append((1.0, _mask(start, end), 1 << listed_positions[text], "joined"))
    return found


def _fuzzy_join_candidates(
    query: NameForm, listed: NameForm, used_q: int, used_r: int
) -> list[Candidate]:
    """Joined tokens with a typo ("Andrang Heta"/"Ndrangheta"), among tokens still unaligned."""
    found: list[Candidate] = []
    for joined_side, single_side, used_joined, used_single, joined_is_query in (
        (query, listed, used_q, used_r, True),
        (listed, query, used_r, used_q, False),
    ):
        for text, start, end in joined_side.joins:
            joined_mask = _mask(start, end)
            if joined_mask & used_joined:
                continue
            for j, single in enumerate(single_side.tokens):
                if used_single >> j & 1 or len(single.text) < 4:
                    continue
                if abs(len(single.text) - len(text)) > 2:
                    continue
                sim = _typo_similarity(single.text, text)
                if sim >= MIN_TOKEN_SIM:
                    if joined_is_query:
                        found.append((sim, joined_mask, 1 << j, "joined"))
                    else:
                        found.append((sim, 1 << j, joined_mask, "joined"))
    return found


def _phrase_candidates(query: NameForm, listed: NameForm) -> list[Candidate]:
    """Phrases carrying one symbol, aligned with a token or phrase with the same symbol."""
    found: list[Candidate] = []

    def units(form: NameForm) -> list[tuple[int, str]]:
        spans = [(_mask(p.start, p.end), p.symbol) for p in form.phrases]
        for index, token in enumerate(form.tokens):
            spans.extend((1 << index, symbol) for symbol in token.symbols)
        return spans

    listed_units: dict[str, list[int]] = {}
    for mask, symbol in units(listed):
        listed_units.setdefault(symbol, []).append(mask)
    for q_mask, symbol in units(query):
        for r_mask in listed_units.get(symbol, ()):
            if q_mask.bit_count() == 1 and r_mask.bit_count() == 1:
                continue  # single tokens are compared in token_similarity
            sim = 1.0 if symbol.startswith("#:") else SIM_SYMBOL
            found.append((sim, q_mask, r_mask, "symbol"))
    return found


def compare_forms(query: NameForm, listed: NameForm) -> NameComparison:
    """Similarity of a query name to a listed name, 0..1, with the alignment behind it."""
    if not query.tokens or not listed.tokens:
        return NameComparison(0.0, (), (), (), ())
    if query.key == listed.key:
        identical = tuple(Alignment(t.text, t.text, 1.0, "exact", t.weight) for t in query.tokens)
        return NameComparison(1.0, identical, (), (), ())
    kind = query.kind if query.kind == listed.kind else NameKind.UNKNOWN
    if NameKind.PERSON in (query.kind, listed.kind) and kind == NameKind.UNKNOWN:
        kind = NameKind.PERSON

    stems = kind in (NameKind.ORGANISATION, NameKind.UNKNOWN)
    candidates: list[Candidate] = []
    corroborated = len(query.tokens) > 1 and len(listed.tokens) > 1
    memo = _SIMILARITIES
    for i, a in enumerate(query.tokens):
        row = a.signature * 4 + stems * 2 + corroborated
        for j, b in enumerate(listed.tokens):
            if a.text == b.text:
                candidates.append((1.0, 1 << i, 1 << j, "exact"))
                continue
            key = (row, b.signature)
            known = memo.get(key)
            if known is None:
                known = token_similarity(a, b, stems, corroborated)
                if len(memo) >= _SIMILARITIES_SIZE:
                    memo.clear()
                memo[key] = known
            if known[0] >= MIN_TOKEN_SIM:
                candidates.append((known[0], 1 << i, 1 << j, known[1]))
    if query.phrases or listed.phrases:
        candidates.extend(_phrase_candidates(query, listed))
    if query.joins or listed.joins:
        candidates.extend(_exact_join_candidates(query, listed))

    alignments: list[Alignment] = []
    used_q, used_r = _align(query, listed, candidates, alignments, 0, 0)
    left_q_count = len(query.tokens) - used_q.bit_count()
    left_r_count = len(listed.tokens) - used_r.bit_count()
    if left_q_count and left_r_count and left_q_count != left_r_count:
        fuzzy_joins = _fuzzy_join_candidates(query, listed, used_q, used_r)
        if fuzzy_joins:
            used_q, used_r = _align(query, listed, fuzzy_joins, alignments, used_q, used_r)

    numerator = sum(a.similarity * a.weight for a in alignments)
    denominator = sum(a.weight for a in alignments)
    left_q = sorted(
        (t for i, t in enumerate(query.tokens) if not used_q >> i & 1),
        key=lambda t: t.weight,
        reverse=True,
    )
    left_r = sorted(
        (t for j, t in enumerate(listed.tokens) if not used_r >> j & 1),
        key=lambda t: t.weight,
        reverse=True,
    )
    substituted: list[tuple[str, str]] = []
    for a, b in zip(left_q, left_r, strict=False):
        weight = max(a.weight, b.weight)
        if not (a.is_legal_form or b.is_legal_form) and min(a.weight, b.weight) > WEIGHT_STOPWORD:
            weight = max(weight, SUBSTITUTION_FLOOR)
        if _conflicting(a, b):
            weight = max(weight, CONFLICT_WEIGHT)
        denominator += weight * SUBSTITUTION_SHARE[kind]
        substituted.append((a.text, b.text))
    extra_q = left_q[len(left_r) :]
    extra_r = left_r[len(left_q) :]
    denominator += sum(_extra_cost(t, kind, EXTRA_QUERY_SHARE) for t in extra_q)
    denominator += sum(_extra_cost(t, kind, EXTRA_LISTED_SHARE) for t in extra_r)
    score = numerator / denominator if denominator > 0 else 0.0
    return NameComparison(
        score=score,
        alignments=tuple(alignments),
        substituted=tuple(substituted),
        extra_query=tuple(t.text for t in extra_q),
        extra_listed=tuple(t.text for t in extra_r),
    )


def _align(
    query: NameForm,
    listed: NameForm,
    candidates: list[Candidate],
    alignments: list[Alignment],
    used_q: int,
    used_r: int,
) -> tuple[int, int]:
    """Take candidate pairs greedily, best first; among equals, the one covering more tokens."""
    candidates.sort(key=lambda c: (c[0], c[1].bit_count() + c[2].bit_count()), reverse=True)
    for sim, q_mask, r_mask, method in candidates:
        if q_mask & used_q or r_mask & used_r:
            continue
        used_q |= q_mask
        used_r |= r_mask
        q_tokens = [query.tokens[i] for i in _indexes(q_mask)]
        r_tokens = [listed.tokens[j] for j in _indexes(r_mask)]
        weight = max(sum(t.weight for t in q_tokens), sum(t.weight for t in r_tokens))
        alignments.append(
            Alignment(
                " ".join(t.text for t in q_tokens),
                " ".join(t.text for t in r_tokens),
                sim,
                method,
                weight,
            )
        )
    return used_q, used_r
