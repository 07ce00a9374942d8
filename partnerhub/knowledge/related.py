"""Why a lesson is related to a partnership being proposed (plain Python, no Django).

A lesson is related when it shares something with the proposal: the type of partnership,
SDGs or countries. The type counts most (a lesson about another cause-related marketing deal
speaks to the next one whatever its goals), then the number of shared SDGs, then the number of
shared countries; among equals the newer lesson comes first. The database orders candidates by
the same key (selectors.related_lessons); `rank` is the reference for it."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Query:
    partnership_type: str | None
    sdgs: frozenset[int]
    countries: frozenset[str]

    @property
    def is_empty(self) -> bool:
        return not (self.partnership_type or self.sdgs or self.countries)


@dataclass(frozen=True)
class Overlap:
    same_type: bool
    shared_sdgs: tuple[int, ...]
    shared_countries: tuple[str, ...]

    @property
    def related(self) -> bool:
        return self.same_type or bool(self.shared_sdgs) or bool(self.shared_countries)

    def strength(self) -> tuple[int, int, int]:
        return (int(self.same_type), len(self.shared_sdgs), len(self.shared_countries))


def overlap(
    query: Query, types: Collection[str], sdgs: Collection[int], countries: Collection[str]
) -> Overlap:
    return Overlap(
        same_type=query.partnership_type is not None and query.partnership_type in types,
        shared_sdgs=tuple(sorted(query.sdgs & set(sdgs))),
        shared_countries=tuple(sorted(query.countries & set(countries))),
    )


@dataclass(frozen=True)
class Candidate:
    item: Any
    types: frozenset[str]
    sdgs: frozenset[int]
    countries: frozenset[str]
    created_at: datetime.datetime
    pk: int


def rank(
    query: Query, candidates: Iterable[Candidate], limit: int
) -> list[tuple[Candidate, Overlap]]:
    """The `limit` most related candidates with their overlaps, strongest first (among
    equals, the newest first); candidates sharing nothing are left out."""
    scored = []
    for candidate in candidates:
        found = overlap(query, candidate.types, candidate.sdgs, candidate.countries)
        if found.related:
            scored.append((found.strength(), candidate.created_at, candidate.pk, candidate, found))
    scored.sort(key=lambda row: (row[0], row[1], row[2]), reverse=True)
    return [(row[3], row[4]) for row in scored[:limit]]
