"""The plain date rules: staleness, due-date bounds, tallies."""

from __future__ import annotations

import datetime

from partnerhub.initiatives import progress

D = datetime.date


def test_it_is_stale_a_year_after_the_last_report():
    made = D(2024, 1, 1)
    assert not progress.is_stale(
        made_on=made, last_report_on=D(2025, 1, 1), completed=False, today=D(2026, 1, 1)
    )
    assert progress.is_stale(
        made_on=made, last_report_on=D(2025, 1, 1), completed=False, today=D(2026, 1, 2)
    )


def test_without_a_report_it_counts_from_the_making():
    assert not progress.is_stale(
        made_on=D(2025, 3, 1), last_report_on=None, completed=False, today=D(2026, 3, 1)
    )
    assert progress.is_stale(
        made_on=D(2025, 3, 1), last_report_on=None, completed=False, today=D(2026, 3, 2)
    )


def test_a_completed_commitment_is_never_stale():
    assert not progress.is_stale(
        made_on=D(2020, 1, 1), last_report_on=None, completed=True, today=D(2026, 1, 1)
    )


def test_due_date_bounds():
    made = D(2025, 6, 1)
    assert progress.due_date_problem(D(2025, 5, 31), made) == "before_made"
    assert progress.due_date_problem(made, made) is None
    assert progress.due_date_problem(D(2040, 6, 1), made) is None
    assert progress.due_date_problem(D(2040, 6, 2), made) == "too_far"
    assert progress.due_date_problem(D(2039, 2, 28), D(2024, 2, 29)) is None


def test_tally_and_completion():
    assert progress.tally(["completed", "delayed", "completed"]) == {
        "completed": 2,
        "delayed": 1,
        "total": 3,
    }
    assert progress.all_completed(["completed", "completed"])
    assert not progress.all_completed(["completed", "on_track"])
    assert not progress.all_completed([])
