from __future__ import annotations

import datetime

import pytest

from partnerhub.newsletter.quarters import Quarter, QuarterError


@pytest.mark.parametrize("text", ["2026-Q4", "2026q4", " 2026-q4 ", "2026 - Q4"])
def test_it_parses_a_quarter(text):
    assert Quarter.parse(text) == Quarter(2026, 4)


@pytest.mark.parametrize("text", ["", "2026", "2026-Q5", "2026-Q0", "Q4-2026", "20260-Q1", None])
def test_it_refuses_what_is_not_a_quarter(text):
    with pytest.raises(QuarterError):
        Quarter.parse(text)


def test_bounds_and_neighbours():
    q4 = Quarter(2026, 4)
    assert (q4.start, q4.end) == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert Quarter(2024, 1).end == datetime.date(2024, 3, 31)
    assert q4.next() == Quarter(2027, 1)
    assert Quarter(2027, 1).previous() == q4
    assert str(q4) == "2026-Q4" and q4.slug == "2026-q4"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 1, 1), Quarter(2026, 1)),
        (datetime.date(2026, 3, 31), Quarter(2026, 1)),
        (datetime.date(2026, 4, 1), Quarter(2026, 2)),
        (datetime.date(2026, 11, 26), Quarter(2026, 4)),
    ],
)
def test_the_quarter_containing_a_day(day, expected):
    assert Quarter.containing(day) == expected
