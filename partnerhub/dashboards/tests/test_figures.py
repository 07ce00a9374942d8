"""The dashboards' arithmetic: shares keep their denominators, percentiles are nearest-rank,
and currencies are never added together."""

from __future__ import annotations

from decimal import Decimal

import pytest

from partnerhub.dashboards import figures


def test_a_share_keeps_its_denominator():
    share = figures.Share(2, 5)
    assert (share.numerator, share.denominator) == (2, 5)
    assert share.ratio == pytest.approx(0.4)
    assert share.percent == 40.0


def test_nothing_counted_is_no_share_rather_than_zero_percent():
    assert figures.Share(0, 0).ratio is None
    assert figures.Share(0, 0).percent is None


def test_a_share_refuses_impossible_counts():
    with pytest.raises(ValueError):
        figures.Share(3, 2)
    with pytest.raises(ValueError):
        figures.Share(-1, 2)


def test_percent_is_rounded_to_one_decimal():
    assert figures.Share(1, 3).percent == 33.3


def test_median_of_odd_and_even_counts():
    assert figures.median([]) is None
    assert figures.median([5, 1, 3]) == 3
    # (2 + 5) / 2
    assert figures.median([5, 2]) == 3.5


def test_p90_is_an_observed_value_by_nearest_rank():
    assert figures.percentile([], 90) is None
    # ceil(0.9 × 10) = 9th smallest of 1..10.
    assert figures.percentile(list(range(1, 11)), 90) == 9
    # ceil(0.9 × 3) = 3rd smallest.
    assert figures.percentile([10, 120, 90], 90) == 120
    assert figures.percentile([7], 90) == 7
    with pytest.raises(ValueError):
        figures.percentile([1], 0)


def test_sums_are_kept_per_currency():
    totals = figures.sums_per_currency(
        [("USD", Decimal("100")), ("EUR", Decimal("50")), ("USD", Decimal("25.50"))]
    )
    assert totals == {"EUR": Decimal("50"), "USD": Decimal("125.50")}
    assert list(totals) == ["EUR", "USD"]


def test_leverage_is_partner_over_un_in_each_currency():
    rows = figures.leverage_per_currency(
        {"USD": Decimal("1600"), "EUR": Decimal("2000"), "CHF": Decimal("10")},
        {"USD": Decimal("300"), "EUR": Decimal("1000")},
    )
    by_currency = {row.currency: row for row in rows}
    assert [row.currency for row in rows] == ["CHF", "EUR", "USD"]
    # 1600 / 300 = 5.333… → 5.33; 2000 / 1000 = 2.
    assert by_currency["USD"].ratio == Decimal("5.33")
    assert by_currency["EUR"].ratio == Decimal("2.00")
    # The UN brought no francs: the ratio is undefined, not infinite.
    assert by_currency["CHF"].ratio is None
    assert by_currency["CHF"].un_total == 0
