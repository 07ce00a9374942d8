"""Reporting periods (schedule.py, plain Python)."""

from __future__ import annotations

import datetime
import itertools

from partnerhub.results.schedule import (
    add_months,
    due_on,
    reporting_periods,
    rolling_end,
    shortest_frequency,
)

D = datetime.date


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert add_months(D(2026, 11, 15), 3) == D(2027, 2, 15)


def test_quarterly_periods_of_a_year():
    assert reporting_periods(
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 12, 31),
        frequency="quarterly",
        not_before=D(2026, 1, 1),
    ) == [
        (D(2026, 1, 1), D(2026, 3, 31)),
        (D(2026, 4, 1), D(2026, 6, 30)),
        (D(2026, 7, 1), D(2026, 9, 30)),
        (D(2026, 10, 1), D(2026, 12, 31)),
    ]


def test_periods_already_over_are_left_out_and_the_last_is_cut_at_the_end():
    assert reporting_periods(
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 11, 15),
        frequency="quarterly",
        not_before=D(2026, 5, 10),
    ) == [
        (D(2026, 4, 1), D(2026, 6, 30)),
        (D(2026, 7, 1), D(2026, 9, 30)),
        (D(2026, 10, 1), D(2026, 11, 15)),
    ]


def test_monthly_periods_from_a_months_end_are_contiguous():
    periods = reporting_periods(
        starts_on=D(2026, 1, 31),
        ends_on=D(2026, 12, 31),
        frequency="monthly",
        not_before=D(2026, 1, 1),
    )
    for (_start, end), (next_start, _end) in itertools.pairwise(periods):
        assert next_start == end + datetime.timedelta(days=1)
    assert periods[0] == (D(2026, 1, 31), D(2026, 2, 27))
    assert periods[-1][1] == D(2026, 12, 31)


def test_shortest_frequency_and_due_date():
    assert shortest_frequency(["annual", "quarterly", "semiannual"]) == "quarterly"
    assert shortest_frequency([]) == "quarterly"
    assert due_on(D(2026, 3, 31)) == D(2026, 4, 30)


def test_rolling_end_is_the_end_of_the_period_after_today():
    # Quarters from 2026-01-01; on 2026-05-10 Q2 runs, so the schedule reaches Q3's end.
    assert rolling_end(starts_on=D(2026, 1, 1), frequency="quarterly", today=D(2026, 5, 10)) == D(
        2026, 9, 30
    )
    # On the first day of a period, that period has started: the next one ends the schedule.
    assert rolling_end(starts_on=D(2026, 1, 1), frequency="quarterly", today=D(2026, 7, 1)) == D(
        2026, 12, 31
    )
    # Not started yet: only the first period.
    assert rolling_end(starts_on=D(2026, 9, 1), frequency="monthly", today=D(2026, 5, 10)) == D(
        2026, 9, 30
    )
