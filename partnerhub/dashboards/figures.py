"""Arithmetic behind the dashboards (plain Python, no Django).

Every share keeps its denominator, so a page can say "3 of 4" and not only "75%". Money is
summed per currency and never across currencies: the hub records contributions as given and
holds no exchange rates, so adding dollars to euros would produce a number nobody could defend.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Share:
    numerator: int
    denominator: int

    def __post_init__(self) -> None:
        if self.numerator < 0 or self.denominator < 0:
            raise ValueError("counts cannot be negative")
        if self.numerator > self.denominator:
            raise ValueError("the numerator cannot exceed the denominator")

    @property
    def ratio(self) -> float | None:
        """None when nothing was counted: 0 of 0 is not 0%."""
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self) -> float | None:
        ratio = self.ratio
        return None if ratio is None else round(100 * ratio, 1)


def median(values: Sequence[float]) -> float | None:
    """The middle value (the mean of the two middle values for an even count); None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values: Sequence[float], pct: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least `pct` per cent of the
    values at or below it. Always one of the observed values, so "90% of offers were
    acknowledged within N days" holds exactly for the N shown."""
    if not 0 < pct <= 100:
        raise ValueError("pct must be in (0, 100]")
    if not values:
        return None
    ordered = sorted(values)
    rank = math.ceil(pct / 100 * len(ordered))
    return float(ordered[rank - 1])


def sums_per_currency(amounts: Iterable[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """{currency: total}, one total per currency code, in code order."""
    totals: dict[str, Decimal] = {}
    for currency, amount in amounts:
        totals[currency] = totals.get(currency, Decimal(0)) + amount
    return dict(sorted(totals.items()))


@dataclass(frozen=True)
class Leverage:
    currency: str
    partner_total: Decimal
    un_total: Decimal

    @property
    def ratio(self) -> Decimal | None:
        """Partner resources per unit of UN resources; None when the UN brought nothing in
        this currency (the ratio is undefined, not infinite)."""
        if not self.un_total:
            return None
        return (self.partner_total / self.un_total).quantize(Decimal("0.01"))


def leverage_per_currency(partner: dict[str, Decimal], un: dict[str, Decimal]) -> list[Leverage]:
    """One row per currency either side used: partner resources ÷ UN resources."""
    return [
        Leverage(currency, partner.get(currency, Decimal(0)), un.get(currency, Decimal(0)))
        for currency in sorted(set(partner) | set(un))
    ]
