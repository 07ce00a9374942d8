"""The traffic-light arithmetic of status.py, with hand-computed cases."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from partnerhub.results.status import Light, Why, assess, expected_progress

JAN_1 = datetime.date(2026, 1, 1)
JUL_2 = datetime.date(2026, 7, 2)  # 182 of the 364 days from 1 January to 31 December
DEC_31 = datetime.date(2026, 12, 31)


def light(*, as_of=DEC_31, **values):
    values.setdefault("baseline", 0)
    values.setdefault("target", 100)
    return assess(baseline_on=JAN_1, target_end=DEC_31, as_of=as_of, **values)


def test_expected_progress_is_linear_between_the_baseline_date_and_the_period_end():
    assert expected_progress(baseline_on=JAN_1, target_end=DEC_31, as_of=JUL_2) == Decimal("0.5")
    assert expected_progress(baseline_on=JAN_1, target_end=DEC_31, as_of=DEC_31) == 1
    assert (
        expected_progress(baseline_on=JAN_1, target_end=DEC_31, as_of=datetime.date(2027, 3, 1))
        == 1
    )
    assert expected_progress(baseline_on=JAN_1, target_end=DEC_31, as_of=JAN_1) == 0


@pytest.mark.parametrize(
    ("actual", "expected_light"),
    [
        (50, Light.GREEN),  # progress 0.5 of 0.5 expected
        (45, Light.GREEN),  # 0.45 = 0.9 × 0.5: the green boundary
        (44, Light.AMBER),
        (30, Light.AMBER),  # 0.3 = 0.6 × 0.5: the amber boundary
        (29, Light.RED),
        (0, Light.RED),
        (150, Light.GREEN),  # ahead of target
    ],
)
def test_ascending_half_way_through_the_period(actual, expected_light):
    assert light(actual=actual, as_of=JUL_2).light == expected_light


def test_progress_and_expectation_are_reported():
    result = light(actual=40, as_of=JUL_2)
    assert (result.progress, result.expected, result.why) == (
        Decimal("0.4"),
        Decimal("0.5"),
        Why.SLIPPING,
    )


@pytest.mark.parametrize(
    ("actual", "expected_light"),
    [(22, Light.GREEN), (20, Light.GREEN), (26, Light.AMBER), (30, Light.RED), (45, Light.RED)],
)
def test_descending_after_the_period_ended(actual, expected_light):
    # Lower is better: from 40% to 20%; 22 is (22 − 40) / (20 − 40) = 0.9 of the way.
    result = light(baseline=40, target=20, actual=actual, ascending=False)
    assert result.light == expected_light


def test_descending_pro_rated():
    # Half-way through, 40 → 20 expects 30 by now. 32 is (32 − 40) / (20 − 40) = 0.4 of the way,
    # 0.8 of the 0.5 expected: amber; 30 is exactly on course.
    assert (
        light(baseline=40, target=20, actual=32, ascending=False, as_of=JUL_2).light == Light.AMBER
    )
    assert (
        light(baseline=40, target=20, actual=30, ascending=False, as_of=JUL_2).light == Light.GREEN
    )


@pytest.mark.parametrize(
    ("ascending", "actual", "expected_light", "why"),
    [
        (True, 10, Light.GREEN, Why.TARGET_HELD),
        (True, 12, Light.GREEN, Why.TARGET_HELD),
        (True, 9, Light.RED, Why.TARGET_MISSED),
        (False, 9, Light.GREEN, Why.TARGET_HELD),
        (False, 11, Light.RED, Why.TARGET_MISSED),
    ],
)
def test_a_target_equal_to_the_baseline_means_holding_the_line(
    ascending, actual, expected_light, why
):
    result = light(baseline=10, target=10, actual=actual, ascending=ascending, as_of=JUL_2)
    assert (result.light, result.why) == (expected_light, why)


@pytest.mark.parametrize(
    ("values", "why"),
    [
        ({"target": None, "actual": 50}, Why.NO_TARGET),
        ({"actual": None}, Why.NO_ACTUAL),
        ({"actual": 50, "qualitative": True}, Why.QUALITATIVE),
        ({"baseline": 10, "target": 5, "actual": 7}, Why.WRONG_DIRECTION),
        ({"baseline": 10, "target": 20, "actual": 7, "ascending": False}, Why.WRONG_DIRECTION),
        ({"actual": 50, "as_of": JAN_1}, Why.NOT_STARTED),
    ],
)
def test_grey_when_it_cannot_be_told(values, why):
    result = light(**values)
    assert (result.light, result.why) == (Light.GREY, why)


def test_a_missing_baseline_counts_as_zero():
    assert light(baseline=None, target=200, actual=180).light == Light.GREEN
    assert light(baseline=None, target=200, actual=100).light == Light.RED


def test_percentages_are_percentage_points():
    # From 40% to 60%: 55% is 0.75 of the way, amber once the period has ended.
    assert (
        light(baseline=Decimal("40.0"), target=Decimal("60.0"), actual=Decimal("55.0")).light
        == Light.AMBER
    )
    assert light(baseline=40.0, target=60.0, actual=58.0).light == Light.GREEN


def test_floats_and_decimals_agree():
    assert (
        light(actual=0.45 * 100, as_of=JUL_2).light == light(actual=Decimal(45), as_of=JUL_2).light
    )
