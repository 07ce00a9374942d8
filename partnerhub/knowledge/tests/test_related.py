"""related.py (plain Python): what a lesson shares with a proposal, and the order."""

from __future__ import annotations

import datetime

from partnerhub.knowledge.related import Candidate, Query, overlap, rank

QUERY = Query(partnership_type="in-kind", sdgs=frozenset({2, 5}), countries=frozenset({"KE"}))
DAY = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def candidate(pk, types=(), sdgs=(), countries=(), days=0):
    return Candidate(
        item=pk,
        types=frozenset(types),
        sdgs=frozenset(sdgs),
        countries=frozenset(countries),
        created_at=DAY + datetime.timedelta(days=days),
        pk=pk,
    )


def test_overlap_says_what_is_shared():
    found = overlap(QUERY, {"in-kind", "advocacy"}, {2, 5, 9}, {"SD"})
    assert (found.same_type, found.shared_sdgs, found.shared_countries) == (True, (2, 5), ())
    assert found.related
    assert not overlap(QUERY, {"advocacy"}, {9}, {"SD"}).related


def test_type_counts_most_then_sdgs_then_countries_then_newer():
    candidates = [
        candidate(1, sdgs=[2, 5], countries=["KE"]),  # no type, two SDGs and the country
        candidate(2, types=["in-kind"]),  # the same type only
        candidate(3, sdgs=[2], countries=["KE"], days=5),
        candidate(4, sdgs=[2], days=9),  # newest, one SDG
        candidate(5, sdgs=[5], days=1),
        candidate(6, countries=["KE"]),
        candidate(7, types=["advocacy"], sdgs=[9]),  # shares nothing
    ]
    assert [c.item for c, _found in rank(QUERY, candidates, limit=10)] == [2, 1, 3, 4, 5, 6]
    assert [c.item for c, _found in rank(QUERY, candidates, limit=2)] == [2, 1]


def test_an_empty_query_relates_nothing():
    empty = Query(partnership_type=None, sdgs=frozenset(), countries=frozenset())
    assert empty.is_empty
    assert rank(empty, [candidate(1, types=["in-kind"], sdgs=[2])], limit=5) == []
