"""Date rules of commitments: when a commitment is stale, which due dates are sensible, and
the tally of deliverables' statuses. Plain Python (no Django), so it is tested alone.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable

# A commitment that has not reported for this long is stale (the SDG Partnerships Platform
# asks for a progress report every year).
STALE_AFTER_DAYS = 365
# Deliverables due further out than this are not time-bound in any useful sense.
MAX_DELIVERABLE_YEARS = 15
EARLIEST_DATE = datetime.date(2000, 1, 1)

COMPLETED = "completed"


def stale_cutoff(today: datetime.date) -> datetime.date:
    """A commitment whose last report (or, without one, whose making) is before this date
    is stale."""
    return today - datetime.timedelta(days=STALE_AFTER_DAYS)


def last_activity(made_on: datetime.date, last_report_on: datetime.date | None) -> datetime.date:
    return max(made_on, last_report_on) if last_report_on else made_on


def is_stale(
    *,
    made_on: datetime.date,
    last_report_on: datetime.date | None,
    completed: bool,
    today: datetime.date,
) -> bool:
    """Stale: not completed, and nothing reported for more than STALE_AFTER_DAYS."""
    if completed:
        return False
    return last_activity(made_on, last_report_on) < stale_cutoff(today)


def due_date_problem(due_on: datetime.date, made_on: datetime.date) -> str | None:
    """Why a deliverable's due date is not sensible, as a code: "before_made" or "too_far";
    None when it is fine."""
    if due_on < made_on:
        return "before_made"
    if due_on > _add_years(made_on, MAX_DELIVERABLE_YEARS):
        return "too_far"
    return None


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def tally(statuses: Iterable[str]) -> dict[str, int]:
    """How many deliverables are in each status, plus "total"."""
    counts = Counter(statuses)
    return {**counts, "total": sum(counts.values())}


def all_completed(statuses: Iterable[str]) -> bool:
    seen = list(statuses)
    return bool(seen) and all(s == COMPLETED for s in seen)
