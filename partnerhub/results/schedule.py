"""Reporting periods of a partnership (plain Python, no Django).

Periods are aligned on the partnership's start date, so scheduling again (a partnership
suspended and reactivated, a retried transition, the daily extension of an open-ended
partnership) finds the same periods and adds nothing.

The rule, for a partnership that becomes (or stays) active on `today`:
- periods that ended before `today` are skipped (they were over before reporting began); the
  period running on `today` and the later ones are scheduled;
- with an end date, every period up to the end date, the last one cut at it;
- without an end date (open-ended), a rolling schedule: the periods that have started by
  `today` plus the next one (`rolling_end`); scheduling again as days pass adds the new ones.
"""

from __future__ import annotations

import calendar
import datetime

MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}

# A report is due this many days after its period ends: the grace period customary in UN
# partnership agreements (e.g. quarterly progress reports "within 30 days of the end of the
# quarter"), long enough to collect the period's figures.
REPORT_GRACE_DAYS = 30


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def shortest_frequency(frequencies: list[str]) -> str:
    """The most frequent reporting among the KPIs'; quarterly when there is none."""
    known = [f for f in frequencies if f in MONTHS]
    return min(known, key=MONTHS.__getitem__) if known else "quarterly"


def reporting_periods(
    *, starts_on: datetime.date, ends_on: datetime.date, frequency: str, not_before: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """Consecutive periods of `frequency` from `starts_on`, the last cut at `ends_on`; periods
    that ended before `not_before` (already past when the partnership became active) are
    left out."""
    step = MONTHS[frequency]
    periods = []
    index = 0
    while True:
        start = add_months(starts_on, step * index)
        if start > ends_on:
            break
        end = min(add_months(starts_on, step * (index + 1)) - datetime.timedelta(days=1), ends_on)
        if end >= not_before:
            periods.append((start, end))
        index += 1
    return periods


def rolling_end(*, starts_on: datetime.date, frequency: str, today: datetime.date) -> datetime.date:
    """The last day of the first period of `frequency` (aligned on `starts_on`) that starts
    after `today`: an open-ended partnership is scheduled up to there."""
    step = MONTHS[frequency]
    index = 0
    while add_months(starts_on, step * index) <= today:
        index += 1
    return add_months(starts_on, step * (index + 1)) - datetime.timedelta(days=1)


def due_on(period_end: datetime.date) -> datetime.date:
    return period_end + datetime.timedelta(days=REPORT_GRACE_DAYS)
