"""The public calculators' arithmetic (plain Python, Decimal, no Django).

Cause-related marketing: a company gives a fixed amount per unit sold of a product, often with
a cap (the most it will give) and a minimum guarantee (what it gives whatever the sales). The
donation is per unit × volume, raised to the minimum and lowered to the cap:

    donation = min(max(per unit × volume, minimum), cap)

Feedback (the "WeFeedback" calculator of the World Food Programme, A/66/320, Box 6): the cost
of a chosen item, given once or several times, and how many meals (or other units of aid) it
pays for at a given cost per meal.

Money is rounded to cents (half up) only where an amount is shown; unit amounts keep the
precision given (a donation of half a cent per unit is common). Inputs outside the ranges
below raise `CalculatorInputError`, naming the input, so a page can put the message on its field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
# Beyond these, figures are not plausible inputs but typing slips (or attempts to make the
# server compute with 10^10000): refused, not computed.
MAX_AMOUNT = Decimal("1000000000000")  # one trillion in the chosen currency
MAX_VOLUME = 10**12
MAX_TIMES = 1000


class CalculatorInputError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def amount_text(amount: Decimal) -> str:
    """An amount of money as the formulas print it: thousands grouped, two decimals."""
    return f"{cents(amount):,.2f}"


def unit_text(amount: Decimal) -> str:
    """A unit amount with the precision it was given, at least two decimals."""
    places = max(2, -amount.normalize().as_tuple().exponent)  # type: ignore[operator]
    return f"{amount:,.{places}f}"


def _check_amount(field: str, value: Decimal, *, allow_zero: bool = False) -> None:
    if not value.is_finite():
        raise CalculatorInputError(field, f"{field} must be a number.")
    if value < 0 or (value == 0 and not allow_zero):
        raise CalculatorInputError(field, f"{field} must be above zero.")
    if value > MAX_AMOUNT:
        raise CalculatorInputError(field, f"{field} must not exceed {MAX_AMOUNT:,}.")


# --- Cause-related marketing -----------------------------------------------------------------


@dataclass(frozen=True)
class CauseMarketing:
    donation_per_unit: Decimal
    volume: int
    cap: Decimal | None
    minimum: Decimal | None
    from_sales: Decimal  # per unit × volume, in cents
    donation: Decimal  # what the company gives, in cents
    binding: str  # "sales", "minimum" or "cap"
    # The smallest volume at which sales alone reach the minimum guarantee: from there on,
    # the guarantee no longer binds.
    minimum_stops_binding_at: int | None
    # The smallest volume at which sales reach the cap: from there on, more sales give nothing.
    cap_binds_at: int | None
    formula: str


def _volume_reaching(amount: Decimal, per_unit: Decimal) -> int:
    return math.ceil(amount / per_unit)


def cause_marketing(
    *,
    donation_per_unit: Decimal,
    volume: int,
    cap: Decimal | None = None,
    minimum: Decimal | None = None,
) -> CauseMarketing:
    """The donation of a cause-related marketing deal, which term decides it, the volumes at
    which the minimum stops binding and the cap starts, and the formula with the numbers."""
    _check_amount("donation_per_unit", donation_per_unit)
    if volume < 0 or volume > MAX_VOLUME:
        raise CalculatorInputError("volume", f"volume must be between 0 and {MAX_VOLUME:,}.")
    if cap is not None:
        _check_amount("cap", cap)
    if minimum is not None:
        _check_amount("minimum", minimum, allow_zero=True)
        if minimum == 0:
            minimum = None
    if cap is not None and minimum is not None and cap < minimum:
        raise CalculatorInputError(
            "cap",
            f"The cap ({amount_text(cap)}) is below the minimum guarantee "
            f"({amount_text(minimum)}): the company cannot give at least the minimum and at "
            "most the cap.",
        )

    from_sales = cents(donation_per_unit * volume)
    donation, binding = from_sales, "sales"
    if minimum is not None and donation < minimum:
        donation, binding = cents(minimum), "minimum"
    if cap is not None and donation > cap:
        donation, binding = cents(cap), "cap"

    product = f"{unit_text(donation_per_unit)} × {volume:,}"
    symbolic, numeric = product, amount_text(from_sales)
    if minimum is not None:
        symbolic = f"max({symbolic}; {amount_text(minimum)})"
        numeric = f"max({numeric}; {amount_text(minimum)})"
    if cap is not None:
        symbolic = f"min({symbolic}; {amount_text(cap)})"
        numeric = f"min({numeric}; {amount_text(cap)})"
    steps = [product] if cap is None and minimum is None else [symbolic, numeric]
    formula = " = ".join([*steps, amount_text(donation)])

    return CauseMarketing(
        donation_per_unit=donation_per_unit,
        volume=volume,
        cap=cap,
        minimum=minimum,
        from_sales=from_sales,
        donation=donation,
        binding=binding,
        minimum_stops_binding_at=None
        if minimum is None
        else _volume_reaching(minimum, donation_per_unit),
        cap_binds_at=None if cap is None else _volume_reaching(cap, donation_per_unit),
        formula=formula,
    )


# --- Feedback ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Feedback:
    item_cost: Decimal
    times: int
    meal_cost: Decimal
    donation: Decimal  # item cost × times, in cents
    meals: int  # whole meals the donation pays for
    meals_exact: Decimal  # donation ÷ meal cost, to one decimal (rounded down)
    left_over: Decimal  # what remains after the whole meals, in cents
    formula: str


def feedback(*, item_cost: Decimal, meal_cost: Decimal, times: int = 1) -> Feedback:
    """How many meals (or units of aid) giving the cost of an item, `times` over, pays for."""
    _check_amount("item_cost", item_cost)
    _check_amount("meal_cost", meal_cost)
    if times < 1 or times > MAX_TIMES:
        raise CalculatorInputError("times", f"times must be between 1 and {MAX_TIMES:,}.")
    donation = cents(item_cost * times)
    meals = int(donation // meal_cost)
    left_over = cents(donation - meals * meal_cost)
    meals_exact = (donation / meal_cost).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    division = f"{amount_text(donation)} ÷ {unit_text(meal_cost)} = {meals_exact:,} → {meals:,}"
    if times == 1:
        formula = division
    else:
        formula = f"{amount_text(item_cost)} × {times:,} = {amount_text(donation)}; {division}"
    return Feedback(
        item_cost=item_cost,
        times=times,
        meal_cost=meal_cost,
        donation=donation,
        meals=meals,
        meals_exact=meals_exact,
        left_over=left_over,
        formula=formula,
    )
