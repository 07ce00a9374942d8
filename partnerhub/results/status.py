"""The traffic light of a KPI: is it on course to reach its target? (Plain Python, no Django.)

The rule, shown to users in the legend of the results section:

1. Progress is how far the actual value has moved from the baseline towards the target:
   ``progress = (actual − baseline) / (target − baseline)``. For a KPI where lower is better
   (IATI ``ascending="0"``) the same formula holds, since both differences are negative. A
   missing baseline counts as zero (counts of things delivered start from nothing).
2. Expected progress is 1 once the target's period has ended. Before then it grows linearly
   from 0 on the baseline date (the partnership's start) to 1 at the end of the target's
   period, so a target half-way through its time is expected half reached.
3. The light compares the two: green when progress ≥ 0.9 × expected, amber when ≥ 0.6 ×
   expected, red below.
4. A target equal to its baseline means "hold the line": green when the actual value is at
   least as good as the target, red otherwise.
5. Grey, with the reason, when the light cannot be computed: a qualitative measure (its
   narrative says how it goes), no target value, no actual value yet, a target on the wrong
   side of the baseline, or an assessment date before the baseline date.

Percentages are computed like any other value, in percentage points.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

GREEN_FROM = Decimal("0.9")
AMBER_FROM = Decimal("0.6")

Number = Decimal | int | float


class Light(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    GREY = "grey"


class Why(StrEnum):
    """Why the light is what it is; the page turns these into words."""

    ON_TRACK = "on_track"
    SLIPPING = "slipping"
    OFF_TRACK = "off_track"
    TARGET_HELD = "target_held"
    TARGET_MISSED = "target_missed"
    QUALITATIVE = "qualitative"
    NO_TARGET = "no_target"
    NO_ACTUAL = "no_actual"
    WRONG_DIRECTION = "wrong_direction"
    NOT_STARTED = "not_started"


@dataclass(frozen=True)
class Assessment:
    light: Light
    why: Why
    progress: Decimal | None = None  # share of the way from baseline to target
    expected: Decimal | None = None  # share expected by the assessment date


def _decimal(value: Number | None) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def expected_progress(
    *, baseline_on: datetime.date, target_end: datetime.date, as_of: datetime.date
) -> Decimal:
    """Linear from 0 on `baseline_on` to 1 on `target_end`, clipped to [0, 1]."""
    if as_of >= target_end:
        return Decimal(1)
    if as_of <= baseline_on:
        return Decimal(0)
    return Decimal((as_of - baseline_on).days) / Decimal((target_end - baseline_on).days)


def assess(
    *,
    baseline: Number | None,
    target: Number | None,
    actual: Number | None,
    ascending: bool = True,
    qualitative: bool = False,
    baseline_on: datetime.date,
    target_end: datetime.date,
    as_of: datetime.date,
) -> Assessment:
    """The light of a KPI whose `actual` value was measured on `as_of`, against the `target`
    due by `target_end`, starting from `baseline` on `baseline_on`."""
    if qualitative:
        return Assessment(Light.GREY, Why.QUALITATIVE)
    target_value = _decimal(target)
    actual_value = _decimal(actual)
    if target_value is None:
        return Assessment(Light.GREY, Why.NO_TARGET)
    if actual_value is None:
        return Assessment(Light.GREY, Why.NO_ACTUAL)
    baseline_value = _decimal(baseline) or Decimal(0)
    span = target_value - baseline_value
    if span == 0:
        held = actual_value >= target_value if ascending else actual_value <= target_value
        return Assessment(
            Light.GREEN if held else Light.RED, Why.TARGET_HELD if held else Why.TARGET_MISSED
        )
    if (span > 0) != ascending:
        return Assessment(Light.GREY, Why.WRONG_DIRECTION)
    expected = expected_progress(baseline_on=baseline_on, target_end=target_end, as_of=as_of)
    if expected == 0:
        return Assessment(Light.GREY, Why.NOT_STARTED, expected=expected)
    progress = (actual_value - baseline_value) / span
    if progress >= GREEN_FROM * expected:
        light, why = Light.GREEN, Why.ON_TRACK
    elif progress >= AMBER_FROM * expected:
        light, why = Light.AMBER, Why.SLIPPING
    else:
        light, why = Light.RED, Why.OFF_TRACK
    return Assessment(light, why, progress=progress, expected=expected)
