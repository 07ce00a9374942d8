"""The arithmetic of a cost–benefit review (plain Python: no Django, no database).

Definitions (all money in US dollars):

- staff cost = Σ staff days of a grade × the daily rate of that grade;
- total UN cost = staff cost + legal and administrative costs + co-financing required: what
  taking the partnership on costs the UN;
- UN resources = total UN cost + the UN entities' cash and in-kind contributions recorded on
  the partnership: everything the UN puts in;
- total partner value = the partners' cash + in-kind valuations + pro bono hours × the value
  of an hour;
- leverage ratio = total partner value / UN resources;
- benefit–cost ratio = total partner value / total UN cost (without UN contributions recorded
  on the partnership the two ratios are equal);
- cost per person reached = UN resources / people reached;
- strategic fit (0–1) = the mean of the parts that can be measured: the share of the
  partnership's SDGs among the entity's, and the mandate keywords the partnership's text
  shares with the entity's mandate (KEYWORDS_FOR_FULL_FIT shared keywords count as 1).

Only amounts in USD are counted as money. Amounts in other currencies are listed as not
converted and left out of every total and ratio: the hub keeps no exchange rates, and an
invented rate would put a number in the review nobody can vouch for.

The recommendation follows from the drivers (thresholds checked):
- do not proceed: the screening risk is above the highest acceptable one, or both the
  leverage and the benefit–cost ratio are below their minimums;
- proceed: every driver passes;
- proceed with conditions: anything else (a driver fails, or cannot be checked).

Messages are codes with parameters, not sentences: the Django side words them in the reader's
language (wording.py), and the stored figures read the same in every language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from partnerhub.sdg_tagger.text import STOPWORDS, stem, tokenize

RISK_ORDER = ("low", "moderate", "substantial", "high")
MONEY_KINDS = ("cash", "in_kind")
HOURS_KIND = "pro_bono_hours"
KEYWORDS_FOR_FULL_FIT = 5
MIN_KEYWORD_LENGTH = 4
# Words found in nearly every mandate and partnership description: sharing them says nothing
# about fit.
GENERIC_WORDS = frozenset(
    stem(w)
    for w in (  # noqa: SIM905 - a wrapped string keeps the word list readable
        "partner partners partnership partnerships united nations support supports programme "
        "programmes program programs provide provides project projects work working world "
        "global international organization organisation entity mandate people countries "
        "country including through private sector"
    ).split()
)

CENT = Decimal("0.01")
ZERO = Decimal(0)


class CalculationError(ValueError):
    """Inputs the calculator cannot work with; `code` and `params` say which, for wording."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


class Recommendation(StrEnum):
    PROCEED = "proceed"
    PROCEED_WITH_CONDITIONS = "proceed_with_conditions"
    DO_NOT_PROCEED = "do_not_proceed"


@dataclass(frozen=True)
class Message:
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ContributionIn:
    contributor: str
    kind: str  # cash, in_kind or pro_bono_hours
    amount: Decimal
    currency: str  # empty for hours
    by_un: bool


@dataclass(frozen=True)
class Thresholds:
    min_leverage_ratio: Decimal = Decimal(1)
    min_benefit_cost_ratio: Decimal = Decimal(1)
    min_strategic_fit: Decimal = Decimal("0.3")
    max_risk_rating: str = "moderate"
    pro_bono_hour_value_usd: Decimal = ZERO


@dataclass(frozen=True)
class FitIn:
    partnership_sdgs: frozenset[int] = frozenset()
    entity_sdgs: frozenset[int] = frozenset()
    # Where the entity's goals come from: "entity" (its own list) or "tagged" (read from its
    # mandate by the SDG tagger).
    entity_sdgs_source: str = "entity"
    partnership_text: str = ""
    mandate_text: str = ""


@dataclass(frozen=True)
class Inputs:
    staff_days: Mapping[str, Decimal]
    rates: Mapping[str, Decimal]
    legal_admin_costs: Decimal = ZERO
    cofinancing: Decimal = ZERO
    contributions: Sequence[ContributionIn] = ()
    people_reached: int | None = None
    fit: FitIn = FitIn()
    risk_rating: str | None = None  # None: no screening rating yet
    thresholds: Thresholds = Thresholds()


@dataclass(frozen=True)
class StaffLine:
    grade: str
    days: Decimal
    daily_rate: Decimal
    cost: Decimal


@dataclass(frozen=True)
class Driver:
    """One threshold checked: `passed` is None when it cannot be checked (see `message`)."""

    code: str  # leverage_ratio, benefit_cost_ratio, strategic_fit, risk
    value: str | None
    threshold: str
    passed: bool | None
    message: Message


@dataclass(frozen=True)
class Result:
    staff_lines: list[StaffLine]
    staff_cost: Decimal
    legal_admin_costs: Decimal
    cofinancing: Decimal
    total_un_cost: Decimal
    un_contributions: Decimal
    un_resources: Decimal
    partner_cash: Decimal
    partner_in_kind: Decimal
    pro_bono_hours: Decimal
    pro_bono_value: Decimal
    total_partner_value: Decimal
    not_converted: list[ContributionIn]
    leverage_ratio: Decimal | None
    benefit_cost_ratio: Decimal | None
    cost_per_person_reached: Decimal | None
    people_reached: int | None
    strategic_fit: Decimal | None
    fit_parts: list[Message]
    risk_rating: str | None
    drivers: list[Driver]
    recommendation: Recommendation
    recommendation_reason: Message
    notes: list[Message]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: decimals as strings, so no float rounding creeps into stored figures."""
        return _jsonable(asdict(self))


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal:
    return (numerator / denominator).quantize(CENT, rounding=ROUND_HALF_UP)


def _non_negative(name: str, value: Decimal) -> Decimal:
    value = Decimal(value)
    if value < 0:
        raise CalculationError("negative", field=name, value=str(value))
    return value


def normalise_grade(grade: str) -> str:
    return grade.strip().upper()


def staff_lines(staff_days: Mapping[str, Decimal], rates: Mapping[str, Decimal]) -> list[StaffLine]:
    """Days × rate by grade. Every grade used needs a rate: an unknown grade is an error, not
    a zero, since costing staff time at nothing would flatter the partnership."""
    known = {normalise_grade(g): Decimal(r) for g, r in rates.items()}
    lines = []
    missing = []
    for grade, days in staff_days.items():
        key = normalise_grade(grade)
        days = _non_negative(f"staff_days.{key}", Decimal(days))
        if key not in known:
            missing.append(key)
            continue
        lines.append(StaffLine(key, days, known[key], _money(days * known[key])))
    if missing:
        raise CalculationError("unknown_grades", grades=sorted(missing), known=sorted(known))
    return sorted(lines, key=lambda line: line.grade)


def keywords(text: str) -> set[str]:
    return {
        stem(t.norm)
        for t in tokenize(text)
        if len(t.norm) >= MIN_KEYWORD_LENGTH and t.norm.isalpha() and t.norm not in STOPWORDS
    } - GENERIC_WORDS


def strategic_fit(fit: FitIn) -> tuple[Decimal | None, list[Message]]:
    parts: list[Decimal] = []
    messages: list[Message] = []
    if not fit.partnership_sdgs:
        messages.append(Message("fit_no_partnership_sdgs"))
    elif not fit.entity_sdgs:
        messages.append(Message("fit_no_entity_sdgs"))
    else:
        shared = sorted(fit.partnership_sdgs & fit.entity_sdgs)
        share = _ratio(Decimal(len(shared)), Decimal(len(fit.partnership_sdgs)))
        parts.append(share)
        messages.append(
            Message(
                "fit_sdgs",
                {
                    "shared": shared,
                    "shared_count": len(shared),
                    "count": len(fit.partnership_sdgs),
                    "share": str(share),
                    "source": fit.entity_sdgs_source,
                },
            )
        )
    if not fit.mandate_text.strip():
        messages.append(Message("fit_no_mandate"))
    elif not fit.partnership_text.strip():
        messages.append(Message("fit_no_description"))
    else:
        shared_words = sorted(keywords(fit.partnership_text) & keywords(fit.mandate_text))
        share = _ratio(
            Decimal(min(len(shared_words), KEYWORDS_FOR_FULL_FIT)), Decimal(KEYWORDS_FOR_FULL_FIT)
        )
        parts.append(share)
        messages.append(
            Message(
                "fit_mandate",
                {
                    "words": shared_words[:12],
                    "shared_count": len(shared_words),
                    "needed": KEYWORDS_FOR_FULL_FIT,
                    "share": str(share),
                },
            )
        )
    if not parts:
        return None, messages
    return _ratio(sum(parts, ZERO), Decimal(len(parts))), messages


def _minimum_driver(
    code: str, value: Decimal | None, minimum: Decimal, why_unknown: Message
) -> Driver:
    threshold = f"≥ {minimum}"
    if value is None:
        return Driver(code, None, threshold, None, why_unknown)
    passed = value >= minimum
    return Driver(
        code,
        str(value),
        threshold,
        passed,
        Message(
            f"{code}_{'pass' if passed else 'fail'}",
            {"value": str(value), "minimum": str(minimum)},
        ),
    )


def _risk_rank(rating: str) -> int:
    try:
        return RISK_ORDER.index(rating)
    except ValueError:
        raise CalculationError("unknown_risk_rating", rating=rating) from None


def _risk_driver(rating: str | None, highest: str) -> Driver:
    threshold = f"≤ {highest}"
    limit = _risk_rank(highest)
    if rating is None:
        return Driver("risk", None, threshold, None, Message("risk_not_rated"))
    passed = _risk_rank(rating) <= limit
    return Driver(
        "risk",
        rating,
        threshold,
        passed,
        Message(f"risk_{'pass' if passed else 'fail'}", {"value": rating, "maximum": highest}),
    )


def _recommend(drivers: Sequence[Driver]) -> tuple[Recommendation, Message]:
    by_code = {d.code: d for d in drivers}
    if by_code["risk"].passed is False:
        return Recommendation.DO_NOT_PROCEED, Message("recommend_risk_too_high")
    if by_code["leverage_ratio"].passed is False and by_code["benefit_cost_ratio"].passed is False:
        return Recommendation.DO_NOT_PROCEED, Message("recommend_costs_exceed_benefits")
    failed = [d.code for d in drivers if d.passed is False]
    unknown = [d.code for d in drivers if d.passed is None]
    if not failed and not unknown:
        return Recommendation.PROCEED, Message("recommend_all_pass")
    return Recommendation.PROCEED_WITH_CONDITIONS, Message(
        "recommend_conditions", {"failed": failed, "unknown": unknown}
    )


def calculate(inputs: Inputs) -> Result:
    thresholds = inputs.thresholds
    hour_value = _non_negative("pro_bono_hour_value_usd", thresholds.pro_bono_hour_value_usd)
    lines = staff_lines(inputs.staff_days, inputs.rates)
    staff_cost = _money(sum((line.cost for line in lines), ZERO))
    legal_admin = _money(_non_negative("legal_admin_costs", inputs.legal_admin_costs))
    cofinancing = _money(_non_negative("cofinancing", inputs.cofinancing))
    total_un_cost = staff_cost + legal_admin + cofinancing

    partner_cash = partner_in_kind = hours = un_contributions = ZERO
    not_converted: list[ContributionIn] = []
    notes: list[Message] = []
    for contribution in inputs.contributions:
        amount = _non_negative("contribution", contribution.amount)
        if contribution.kind == HOURS_KIND:
            if contribution.by_un:
                un_contributions += amount * hour_value
            else:
                hours += amount
            continue
        if contribution.kind not in MONEY_KINDS:
            raise CalculationError("unknown_contribution_kind", kind=contribution.kind)
        if contribution.currency.strip().upper() != "USD":
            not_converted.append(contribution)
        elif contribution.by_un:
            un_contributions += amount
        elif contribution.kind == "cash":
            partner_cash += amount
        else:
            partner_in_kind += amount
    un_contributions = _money(un_contributions)
    un_resources = total_un_cost + un_contributions
    pro_bono_value = _money(hours * hour_value)
    total_partner_value = _money(partner_cash + partner_in_kind) + pro_bono_value
    if not_converted:
        notes.append(
            Message(
                "not_converted",
                {
                    "items": [
                        f"{c.contributor}: {c.amount} {c.currency.upper()}" for c in not_converted
                    ]
                },
            )
        )
    if hours and not hour_value:
        notes.append(Message("pro_bono_not_valued", {"hours": str(hours)}))

    leverage = _ratio(total_partner_value, un_resources) if un_resources else None
    benefit_cost = _ratio(total_partner_value, total_un_cost) if total_un_cost else None
    people = inputs.people_reached
    cost_per_person = _money(un_resources / people) if people else None
    if not people:
        notes.append(Message("no_people_reached"))
    fit, fit_parts = strategic_fit(inputs.fit)

    drivers = [
        _minimum_driver(
            "leverage_ratio",
            leverage,
            thresholds.min_leverage_ratio,
            Message("leverage_ratio_no_un_resources"),
        ),
        _minimum_driver(
            "benefit_cost_ratio",
            benefit_cost,
            thresholds.min_benefit_cost_ratio,
            Message("benefit_cost_ratio_no_costs"),
        ),
        _minimum_driver(
            "strategic_fit", fit, thresholds.min_strategic_fit, Message("strategic_fit_unknown")
        ),
        _risk_driver(inputs.risk_rating, thresholds.max_risk_rating),
    ]
    recommendation, reason = _recommend(drivers)
    return Result(
        staff_lines=lines,
        staff_cost=staff_cost,
        legal_admin_costs=legal_admin,
        cofinancing=cofinancing,
        total_un_cost=total_un_cost,
        un_contributions=un_contributions,
        un_resources=un_resources,
        partner_cash=_money(partner_cash),
        partner_in_kind=_money(partner_in_kind),
        pro_bono_hours=hours,
        pro_bono_value=pro_bono_value,
        total_partner_value=total_partner_value,
        not_converted=not_converted,
        leverage_ratio=leverage,
        benefit_cost_ratio=benefit_cost,
        cost_per_person_reached=cost_per_person,
        people_reached=people,
        strategic_fit=fit,
        fit_parts=fit_parts,
        risk_rating=inputs.risk_rating,
        drivers=drivers,
        recommendation=recommendation,
        recommendation_reason=reason,
        notes=notes,
    )
