"""Matching UN needs with company offers (and back): hard filters, then a weighted score.

A `MatchIndex` is built once over the listings of one side (e.g. all open offers) and queried
with one listing of the other side. Every per-listing feature is a numpy array, so a query over
50,000 listings is a handful of vectorised operations; the plain-English reasons are worked out
only for the top results.

Filters (a candidate failing one is never returned):
- resource types: the two sets share a type, or either set is empty (no preference);
- time windows overlap (a missing start or end is open-ended).

Score = sum of weight x component, each component in [0, 1]:
- text: BM25 of the query's words in the candidate's title + description, divided by the best
  BM25 among the candidates that pass the filters for this query (so the best text match scores
  1; a query-relative scale, because BM25 has no absolute one and the query comes from the
  other side, so it has no self-score in this index);
- sdg: the cosine (Ochiai) overlap of the SDG sets, |A & B| / sqrt(|A| |B|): 1 for the same
  goals, lower when either side declares goals the other lacks, so a listing tagged with every
  goal does not match everything;
- geography: 1 same country, 0.75 same sub-region, 0.5 same region, 0.3 when either side is
  not country-specific (a global offer can serve anywhere), 0 when both are specific and differ;
- value: 1 - |log10(a / b)| / 2, floored at 0 (equal values 1, a factor 10 apart 0.5, a factor
  100 apart 0); 0.5 (neutral) when either value is unknown.
A candidate must share at least one word or one SDG with the query: geography and value alone
say nothing about what is offered.

The index is immutable: when listings change the caller builds a new one (50,000 listings take
a few seconds) and caches it per process keyed by a data version, like
`partnerhub.screening.engine` does for the sanctions matcher.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np
import numpy.typing as npt

from partnerhub.marketplace.ranking.text import (
    Bm25Index,
    Token,
    generic_terms,
    term_counts,
    tokens,
)

# UN M49's top level; every other region code a caller passes is a (intermediate) sub-region.
TOP_LEVEL_REGIONS = frozenset({"002", "009", "019", "142", "150"})
_REGIONS_CSV = Path(__file__).resolve().parents[2] / "vocabularies" / "data" / "regions.csv"

GEOGRAPHY_SAME_COUNTRY = 1.0
GEOGRAPHY_SAME_SUBREGION = 0.75
GEOGRAPHY_SAME_REGION = 0.5
GEOGRAPHY_UNSPECIFIED = 0.3
VALUE_UNKNOWN = 0.5
MAX_SHOWN_WORDS = 4


@dataclass(frozen=True)
class Listing:
    id: int
    text: str  # title + "\n" + description
    resource_types: frozenset[str] = frozenset()
    sdgs: frozenset[int] = frozenset()
    countries: frozenset[str] = frozenset()  # ISO 3166-1 alpha-2; empty = not country-specific
    regions: frozenset[str] = frozenset()  # M49 codes, explicit and those of the countries
    value_usd: float | None = None
    starts: date | None = None
    ends: date | None = None


@dataclass(frozen=True)
class Weights:
    """Default weights. bench/matching_quality.py's honest variant (offers' SDGs predicted out
    of fold by the tagger) keeps improving up to an SDG share of ~0.85 of the content weight,
    because its relevance is judged at goal level only; people judge matches by what is
    offered too, so the defaults stop near the middle of that curve (SDG share 0.47), where
    the held-out gain over BM25 is already large (docs/benchmarks.md). Geography and value
    cannot be tuned on that data (no geography on the needs' side, no values), so their
    weights are small enough never to override the content."""

    text: float = 0.45
    sdg: float = 0.4
    geography: float = 0.1
    value: float = 0.05


@dataclass(frozen=True)
class Component:
    name: str
    value: float  # the raw similarity in [0, 1]
    weight: float
    contribution: float  # weight * value; a result's contributions add up to its score
    reason: str


@dataclass(frozen=True)
class Match:
    id: int
    score: float
    components: tuple[Component, ...]


@lru_cache(maxsize=1)
def region_names() -> dict[str, tuple[str, int]]:
    """English name and depth (0 region, 1 sub-region, 2 intermediate region) of each M49 code,
    for reasons; read from the vocabularies app's data file (a plain CSV, so no Django import).
    Codes alone are shown if the file is missing."""
    if not _REGIONS_CSV.exists():
        return {}
    depths = {"region": 0, "subregion": 1, "intermediate": 2}
    with _REGIONS_CSV.open(newline="", encoding="utf-8") as handle:
        return {
            row["m49"]: (row["name_en"], depths.get(row["level"], 1))
            for row in csv.DictReader(handle)
        }


class _Bitsets:
    """One small set per listing (resource types, SDGs, countries, regions) as a row of uint64
    words, so intersections with a query's set are vectorised over all listings."""

    def __init__(self, sets: Sequence[Collection[Hashable]]) -> None:
        self.vocabulary: dict[Hashable, int] = {}
        for values in sets:
            for value in values:
                self.vocabulary.setdefault(value, len(self.vocabulary))
        self.words = max(1, (len(self.vocabulary) + 63) // 64)
        as_ints = [self._as_int(values) for values in sets]
        mask = (1 << 64) - 1
        self.bits = np.array(
            [[(n >> (64 * w)) & mask for w in range(self.words)] for n in as_ints],
            dtype=np.uint64,
        ).reshape(len(sets), self.words)
        self.sizes = np.array([len(values) for values in sets], dtype=np.float64)

    def _as_int(self, values: Iterable[Hashable]) -> int:
        number = 0
        for value in values:
            index = self.vocabulary.get(value)
            if index is not None:
                number |= 1 << index
        return number

    def query(self, values: Iterable[Hashable]) -> npt.NDArray[np.uint64]:
        number = self._as_int(values)
        return np.array(
            [(number >> (64 * w)) & ((1 << 64) - 1) for w in range(self.words)], dtype=np.uint64
        )

    def common(self, query: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
        """How many of the query's values each listing has."""
        return np.bitwise_count(self.bits & query).sum(axis=1, dtype=np.int64)

    def intersects(self, query: npt.NDArray[np.uint64]) -> npt.NDArray[np.bool_]:
        return np.asarray((self.bits & query).any(axis=1), dtype=np.bool_)


def _ordinal(day: date | None, default: int) -> int:
    return day.toordinal() if day is not None else default


_OPEN_START = date.min.toordinal()
_OPEN_END = date.max.toordinal()


def sdg_similarity(a: Collection[int], b: Collection[int]) -> float:
    if not a or not b:
        return 0.0
    return len(set(a) & set(b)) / math.sqrt(len(a) * len(b))


def value_similarity(a: float | None, b: float | None) -> float:
    if a is None or b is None or a <= 0 or b <= 0:
        return VALUE_UNKNOWN
    return max(0.0, 1.0 - abs(math.log10(a / b)) / 2.0)


def _usd(amount: float) -> str:
    return f"{amount:,.0f} USD"


class MatchIndex:
    def __init__(self, listings: Sequence[Listing], *, k1: float = 1.2, b: float = 0.75) -> None:
        self.listings = list(listings)
        self.ids = np.array([listing.id for listing in self.listings], dtype=np.int64)
        self.row_of = {listing.id: row for row, listing in enumerate(self.listings)}
        if len(self.row_of) != len(self.listings):
            raise ValueError("listing ids must be unique")
        self.bm25 = Bm25Index([term_counts(listing.text) for listing in self.listings], k1=k1, b=b)
        self.resource_types = _Bitsets([listing.resource_types for listing in self.listings])
        self.sdgs = _Bitsets([listing.sdgs for listing in self.listings])
        self.countries = _Bitsets([listing.countries for listing in self.listings])
        self.regions = _Bitsets([listing.regions for listing in self.listings])
        self.has_geography = np.array(
            [bool(listing.countries or listing.regions) for listing in self.listings], dtype=bool
        )
        self.starts = np.array(
            [_ordinal(listing.starts, _OPEN_START) for listing in self.listings], dtype=np.int64
        )
        self.ends = np.array(
            [_ordinal(listing.ends, _OPEN_END) for listing in self.listings], dtype=np.int64
        )
        self.values = np.array(
            [
                listing.value_usd if listing.value_usd and listing.value_usd > 0 else np.nan
                for listing in self.listings
            ],
            dtype=np.float64,
        )
        self.log_values = np.log10(self.values)

    def __len__(self) -> int:
        return len(self.listings)

    def _eligible(
        self, query: Listing, exclude_ids: Iterable[int], allow_ids: Collection[int] | None
    ) -> npt.NDArray[np.bool_]:
        eligible = (self.starts <= _ordinal(query.ends, _OPEN_END)) & (
            self.ends >= _ordinal(query.starts, _OPEN_START)
        )
        if query.resource_types:
            eligible &= (self.resource_types.sizes == 0) | self.resource_types.intersects(
                self.resource_types.query(query.resource_types)
            )
        if allow_ids is not None:
            allowed = np.zeros(len(self), dtype=bool)
            allowed[[self.row_of[i] for i in allow_ids if i in self.row_of]] = True
            eligible &= allowed
        excluded = [self.row_of[i] for i in exclude_ids if i in self.row_of]
        eligible[excluded] = False
        return eligible

    def _geography(self, query: Listing) -> npt.NDArray[np.float64]:
        same_country = self.countries.intersects(self.countries.query(query.countries))
        subregions = query.regions - TOP_LEVEL_REGIONS
        same_subregion = self.regions.intersects(self.regions.query(subregions))
        same_region = self.regions.intersects(self.regions.query(query.regions))
        unspecified = ~self.has_geography | (not (query.countries or query.regions))
        return np.select(
            [same_country, same_subregion, same_region, unspecified],
            [
                GEOGRAPHY_SAME_COUNTRY,
                GEOGRAPHY_SAME_SUBREGION,
                GEOGRAPHY_SAME_REGION,
                GEOGRAPHY_UNSPECIFIED,
            ],
            default=0.0,
        )

    def search(
        self,
        query: Listing,
        *,
        limit: int = 10,
        weights: Weights | None = None,
        exclude_ids: Iterable[int] = (),
        allow_ids: Collection[int] | None = None,
    ) -> list[Match]:
        """The best `limit` candidates for the query, best first."""
        weights = weights or Weights()
        if not len(self) or limit <= 0:
            return []
        eligible = self._eligible(query, exclude_ids, allow_ids)
        if not eligible.any():
            return []
        query_tokens = tokens(query.text)
        bm25 = self.bm25.scores({token.term for token in query_tokens})
        best = float(bm25[eligible].max())
        text = bm25 / best if best > 0 else np.zeros(len(self))
        if query.sdgs:
            common = self.sdgs.common(self.sdgs.query(query.sdgs))
            with np.errstate(divide="ignore", invalid="ignore"):
                sdg = np.where(common > 0, common / np.sqrt(self.sdgs.sizes * len(query.sdgs)), 0.0)
        else:
            common = np.zeros(len(self), dtype=np.int64)
            sdg = np.zeros(len(self))
        eligible &= (bm25 > 0) | (common > 0)
        geography = self._geography(query)
        if query.value_usd and query.value_usd > 0:
            distance = np.abs(self.log_values - math.log10(query.value_usd))
            value = np.where(np.isnan(distance), VALUE_UNKNOWN, np.maximum(0.0, 1 - distance / 2))
        else:
            value = np.full(len(self), VALUE_UNKNOWN)
        total = (
            weights.text * text
            + weights.sdg * sdg
            + weights.geography * geography
            + weights.value * value
        )
        candidates = np.flatnonzero(eligible)
        if len(candidates) > limit:
            top = np.argpartition(-total[candidates], limit - 1)[:limit]
            candidates = candidates[top]
        order = sorted(candidates.tolist(), key=lambda row: (-total[row], self.ids[row]))
        return [
            self._explain(
                row, query, query_tokens, weights, text[row], sdg[row], geography[row], value[row]
            )
            for row in order
        ]

    def _explain(
        self,
        row: int,
        query: Listing,
        query_tokens: list[Token],
        weights: Weights,
        text: float,
        sdg: float,
        geography: float,
        value: float,
    ) -> Match:
        candidate = self.listings[row]
        components = (
            _component("text", text, weights.text, self._text_reason(query_tokens, candidate.text)),
            _component("sdg", sdg, weights.sdg, _sdg_reason(query.sdgs, candidate.sdgs)),
            _component(
                "geography", geography, weights.geography, _geography_reason(query, candidate)
            ),
            _component(
                "value", value, weights.value, _value_reason(query.value_usd, candidate.value_usd)
            ),
        )
        score = sum(component.contribution for component in components)
        return Match(id=candidate.id, score=score, components=components)

    def _text_reason(self, query_tokens: list[Token], text: str) -> str:
        shared = shared_phrases(self.bm25, query_tokens, tokens(text))
        if not shared:
            return "no words in common"
        return "shared words: " + ", ".join(f'"{phrase}"' for phrase in shared)


def shared_phrases(
    bm25: Bm25Index, query_tokens: Sequence[Token], document_tokens: Sequence[Token]
) -> list[str]:
    """The query's words found in the document, heaviest BM25 contribution first, with
    neighbouring query words that are neighbours in the document too joined into one phrase
    ("cold chain" rather than "cold", "chain")."""
    counts: dict[str, int] = {}
    for token in document_tokens:
        counts[token.term] = counts.get(token.term, 0) + 1
    length = float(len(document_tokens))
    pairs = {(a.term, b.term) for a, b in pairwise(document_tokens)}
    groups: list[list[Token]] = []
    for position, token in enumerate(query_tokens):
        if token.term not in counts:
            continue
        previous = query_tokens[position - 1] if position else None
        if groups and previous is groups[-1][-1] and (previous.term, token.term) in pairs:
            groups[-1].append(token)
        else:
            groups.append([token])
    scored = []
    generic = generic_terms()
    for group in groups:
        terms = tuple(dict.fromkeys(token.term for token in group))
        if generic.issuperset(terms):
            continue
        weight = sum(bm25.term_weight(term, counts[term], length) for term in terms)
        scored.append((weight, terms, " ".join(token.surface for token in group)))
    scored.sort(key=lambda item: -item[0])
    shown: list[str] = []
    covered: set[str] = set()
    for _weight, terms, phrase in scored:
        if covered.issuperset(terms) or phrase in shown:
            continue
        shown.append(phrase)
        covered.update(terms)
        if len(shown) == MAX_SHOWN_WORDS:
            break
    return shown


def _component(name: str, value: float, weight: float, reason: str) -> Component:
    value = float(value)
    return Component(name, value, weight, weight * value, reason)


def _sdg_reason(query: frozenset[int], candidate: frozenset[int]) -> str:
    common = sorted(query & candidate)
    if common:
        return "SDGs in common: " + ", ".join(str(goal) for goal in common)
    if not query or not candidate:
        return "no SDGs declared on one side"
    return "no SDGs in common"


def _most_specific_region(codes: Collection[str]) -> str:
    names = region_names()
    code = max(codes, key=lambda c: (names.get(c, ("", 0 if c in TOP_LEVEL_REGIONS else 1))[1], c))
    name = names.get(code, ("", 0))[0]
    return f"{name} ({code})" if name else code


def _geography_reason(query: Listing, candidate: Listing) -> str:
    countries = sorted(query.countries & candidate.countries)
    if countries:
        return "same country: " + ", ".join(countries)
    regions = query.regions & candidate.regions
    if regions:
        return "same region: " + _most_specific_region(regions)
    query_specific = bool(query.countries or query.regions)
    candidate_specific = bool(candidate.countries or candidate.regions)
    if not (query_specific and candidate_specific):
        return "not country-specific"
    return "different countries and regions"


def _value_reason(query: float | None, candidate: float | None) -> str:
    if not query or query <= 0 or not candidate or candidate <= 0:
        return "value unknown on one side (neutral)"
    ratio = max(query, candidate) / min(query, candidate)
    scale = "similar scale" if ratio < 2 else f"{ratio:,.0f} times apart"
    return f"value {_usd(candidate)} against {_usd(query)} ({scale})"
