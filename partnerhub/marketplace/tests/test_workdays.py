from __future__ import annotations

import datetime

import pytest

from partnerhub.marketplace.workdays import add_working_days, working_days_between

MONDAY = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)


def test_ten_working_days_from_a_monday_is_two_weeks_later():
    assert add_working_days(MONDAY, 10) == MONDAY + datetime.timedelta(days=14)


def test_friday_plus_one_is_monday():
    friday = MONDAY + datetime.timedelta(days=4)
    assert add_working_days(friday, 1) == MONDAY + datetime.timedelta(days=7)


def test_a_weekend_arrival_counts_from_monday_midnight():
    saturday = MONDAY + datetime.timedelta(days=5, hours=5)
    due = add_working_days(saturday, 1)
    assert due == datetime.datetime(2026, 12, 1, 0, 0, tzinfo=datetime.UTC)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(MONDAY, -1)


def test_working_days_between_skips_weekends():
    friday_noon = MONDAY + datetime.timedelta(days=4, hours=3)
    monday_noon = friday_noon + datetime.timedelta(days=3)
    assert working_days_between(friday_noon, monday_noon) == pytest.approx(1.0)
    assert working_days_between(MONDAY, MONDAY + datetime.timedelta(days=14)) == pytest.approx(10.0)
    assert working_days_between(monday_noon, friday_noon) == 0.0
