"""The calculators' arithmetic (calculators.py), on figures worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from partnerhub.portal.calculators import (
    MAX_AMOUNT,
    MAX_VOLUME,
    CalculatorInputError,
    cause_marketing,
    feedback,
)


def test_it_multiplies_the_donation_per_unit_by_the_volume():
    result = cause_marketing(donation_per_unit=Decimal("0.50"), volume=10_000)
    assert result.donation == Decimal("5000.00")
    assert result.binding == "sales"
    assert result.formula == "0.50 × 10,000 = 5,000.00"
    assert (result.minimum_stops_binding_at, result.cap_binds_at) == (None, None)


def test_it_applies_the_minimum_guarantee_below_its_break_even():
    # Sales give 0.005 × 10,000 = 50.00 < 1,000: the minimum applies. Break-even 1,000 /
    # 0.005 = 200,000 units; the cap of 4,000 binds from 4,000 / 0.005 = 800,000 units.
    result = cause_marketing(
        donation_per_unit=Decimal("0.005"),
        volume=10_000,
        cap=Decimal("4000"),
        minimum=Decimal("1000"),
    )
    assert (result.from_sales, result.donation, result.binding) == (
        Decimal("50.00"),
        Decimal("1000.00"),
        "minimum",
    )
    assert (result.minimum_stops_binding_at, result.cap_binds_at) == (200_000, 800_000)
    assert result.formula == (
        "min(max(0.005 × 10,000; 1,000.00); 4,000.00) = "
        "min(max(50.00; 1,000.00); 4,000.00) = 1,000.00"
    )


def test_it_applies_the_cap_above_its_volume():
    result = cause_marketing(
        donation_per_unit=Decimal("0.005"), volume=1_000_000, cap=Decimal("4000")
    )
    assert (result.from_sales, result.donation, result.binding) == (
        Decimal("5000.00"),
        Decimal("4000.00"),
        "cap",
    )
    assert result.formula == "min(0.005 × 1,000,000; 4,000.00) = min(5,000.00; 4,000.00) = 4,000.00"


def test_it_rounds_break_even_volumes_up_to_whole_units():
    # 100 / 0.30 = 333.33…: 333 units give 99.90, 334 give 100.20.
    result = cause_marketing(donation_per_unit=Decimal("0.30"), volume=334, minimum=Decimal("100"))
    assert result.minimum_stops_binding_at == 334
    assert (result.donation, result.binding) == (Decimal("100.20"), "sales")
    assert (
        cause_marketing(
            donation_per_unit=Decimal("0.30"), volume=333, minimum=Decimal("100")
        ).binding
        == "minimum"
    )


def test_it_gives_the_minimum_at_zero_volume():
    result = cause_marketing(donation_per_unit=Decimal("1"), volume=0, minimum=Decimal("250"))
    assert (result.from_sales, result.donation, result.binding) == (
        Decimal("0.00"),
        Decimal("250.00"),
        "minimum",
    )
    assert cause_marketing(donation_per_unit=Decimal("1"), volume=0).donation == Decimal("0.00")


def test_it_rounds_to_cents_half_up():
    # 0.0125 × 3 = 0.0375 -> 0.04; 0.0125 × 1 = 0.0125 -> 0.01.
    assert cause_marketing(donation_per_unit=Decimal("0.0125"), volume=3).donation == Decimal(
        "0.04"
    )
    assert cause_marketing(donation_per_unit=Decimal("0.0125"), volume=1).donation == Decimal(
        "0.01"
    )


def test_it_accepts_a_cap_equal_to_the_minimum():
    result = cause_marketing(
        donation_per_unit=Decimal("2"), volume=10, cap=Decimal("50"), minimum=Decimal("50")
    )
    assert result.donation == Decimal("50.00")


def test_it_refuses_a_cap_below_the_minimum_guarantee():
    with pytest.raises(CalculatorInputError) as refusal:
        cause_marketing(
            donation_per_unit=Decimal("1"), volume=10, cap=Decimal("100"), minimum=Decimal("500")
        )
    assert refusal.value.field == "cap"
    assert "below the minimum guarantee" in str(refusal.value)


@pytest.mark.parametrize(
    ("field", "arguments"),
    [
        ("donation_per_unit", {"donation_per_unit": Decimal("0"), "volume": 1}),
        ("donation_per_unit", {"donation_per_unit": Decimal("-1"), "volume": 1}),
        ("donation_per_unit", {"donation_per_unit": Decimal("NaN"), "volume": 1}),
        ("donation_per_unit", {"donation_per_unit": MAX_AMOUNT + 1, "volume": 1}),
        ("volume", {"donation_per_unit": Decimal("1"), "volume": -1}),
        ("volume", {"donation_per_unit": Decimal("1"), "volume": MAX_VOLUME + 1}),
        ("cap", {"donation_per_unit": Decimal("1"), "volume": 1, "cap": Decimal("0")}),
        ("minimum", {"donation_per_unit": Decimal("1"), "volume": 1, "minimum": Decimal("-5")}),
    ],
)
def test_it_refuses_impossible_cause_marketing_inputs(field, arguments):
    with pytest.raises(CalculatorInputError) as refusal:
        cause_marketing(**arguments)
    assert refusal.value.field == field


def test_it_counts_the_meals_an_item_pays_for():
    # 3.80 / 0.25 = 15.2: 15 whole meals, 0.05 left over.
    result = feedback(item_cost=Decimal("3.80"), meal_cost=Decimal("0.25"))
    assert (result.donation, result.meals, result.meals_exact, result.left_over) == (
        Decimal("3.80"),
        15,
        Decimal("15.2"),
        Decimal("0.05"),
    )
    assert result.formula == "3.80 ÷ 0.25 = 15.2 → 15"


def test_it_counts_multiples_of_the_item():
    # 3.80 × 3 = 11.40; 11.40 / 0.25 = 45.6: 45 meals, 0.15 left over.
    result = feedback(item_cost=Decimal("3.80"), meal_cost=Decimal("0.25"), times=3)
    assert (result.donation, result.meals, result.left_over) == (
        Decimal("11.40"),
        45,
        Decimal("0.15"),
    )
    assert result.formula == "3.80 × 3 = 11.40; 11.40 ÷ 0.25 = 45.6 → 45"


def test_it_pays_for_no_meal_below_the_cost_of_one():
    result = feedback(item_cost=Decimal("0.10"), meal_cost=Decimal("0.25"))
    assert (result.meals, result.left_over) == (0, Decimal("0.10"))


def test_it_rounds_the_item_cost_to_cents():
    result = feedback(item_cost=Decimal("0.333"), meal_cost=Decimal("0.11"), times=3)
    # 0.333 × 3 = 0.999 -> 1.00; 1.00 / 0.11 = 9.09: 9 meals, 0.01 left over.
    assert (result.donation, result.meals, result.left_over) == (
        Decimal("1.00"),
        9,
        Decimal("0.01"),
    )


@pytest.mark.parametrize(
    ("field", "arguments"),
    [
        ("item_cost", {"item_cost": Decimal("0"), "meal_cost": Decimal("1")}),
        ("item_cost", {"item_cost": Decimal("Infinity"), "meal_cost": Decimal("1")}),
        ("meal_cost", {"item_cost": Decimal("1"), "meal_cost": Decimal("0")}),
        ("meal_cost", {"item_cost": Decimal("1"), "meal_cost": MAX_AMOUNT * 2}),
        ("times", {"item_cost": Decimal("1"), "meal_cost": Decimal("1"), "times": 0}),
        ("times", {"item_cost": Decimal("1"), "meal_cost": Decimal("1"), "times": 1001}),
    ],
)
def test_it_refuses_impossible_feedback_inputs(field, arguments):
    with pytest.raises(CalculatorInputError) as refusal:
        feedback(**arguments)
    assert refusal.value.field == field
