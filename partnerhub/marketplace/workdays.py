"""Working-day arithmetic for response deadlines (plain Python, no Django).

Working days are Monday to Friday. Public holidays differ by duty station across the UN
system, so none is subtracted: every entity is held to the same rule, and the coordinator can
compare response times across entities.
"""

from __future__ import annotations

import datetime

_SATURDAY = 5


def add_working_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """The moment `days` working days after `start`, at the same time of day. Something
    received at the weekend starts counting on Monday."""
    if days < 0:
        raise ValueError("days must be zero or more")
    moment = start
    while moment.weekday() >= _SATURDAY:
        moment = (moment + datetime.timedelta(days=1)).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
    remaining = days
    while remaining:
        moment += datetime.timedelta(days=1)
        if moment.weekday() < _SATURDAY:
            remaining -= 1
    return moment


def working_days_between(start: datetime.datetime, end: datetime.datetime) -> float:
    """Working days elapsed from `start` to `end` (fractional; weekends do not count)."""
    if end <= start:
        return 0.0
    total = 0.0
    cursor = start
    while cursor < end:
        next_midnight = (cursor + datetime.timedelta(days=1)).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        step_end = min(next_midnight, end)
        if cursor.weekday() < _SATURDAY:
            total += (step_end - cursor).total_seconds() / 86400
        cursor = step_end
    return total
