"""Whether the progress-report schedule can follow a change of a partnership's dates (plain
Python, no Django).

results.services.reports_schedule only adds the periods that are missing, aligned on the start
date; it never re-cuts or drops the reports already scheduled. After a date change it is
therefore safe to call only if every periodic report already scheduled is still a period of the
new schedule: then it merely adds the new periods (an extended end date). Otherwise (a start
date moved off the old alignment, an end date cut short or moved inside a period) it would
leave overlapping or stray reports, and the schedule is left for the lead entity to adjust.
"""

from __future__ import annotations

import datetime

from partnerhub.results import schedule


def schedule_can_follow(
    *,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    signed_on: datetime.date | None,
    frequencies: list[str],
    existing: list[tuple[datetime.date, datetime.date]],
    today: datetime.date,
) -> bool:
    anchor = starts_on or signed_on
    if anchor is None:
        # Without a start or signature date, reports_schedule aligns on "today": calling it
        # again on another day would produce a second, differently aligned schedule.
        return False
    frequency = schedule.shortest_frequency(frequencies)
    if ends_on is None:
        horizon = schedule.rolling_end(starts_on=anchor, frequency=frequency, today=today)
        horizon = max([horizon, *(end for _start, end in existing)])
    else:
        horizon = ends_on
    if horizon < anchor:
        return not existing
    periods = set(
        schedule.reporting_periods(
            starts_on=anchor, ends_on=horizon, frequency=frequency, not_before=datetime.date.min
        )
    )
    return all(period in periods for period in existing)
