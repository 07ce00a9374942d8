"""Reads of cost–benefit reviews, and the inputs the calculator takes from the database."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.accounts.models import Membership, Role
from partnerhub.appraisals import calculator
from partnerhub.appraisals.models import CostBenefitAssessment, EntityThresholds, StaffRate
from partnerhub.entities.models import UNEntity
from partnerhub.partnerships.models import Partnership, PartnershipPartner
from partnerhub.partnerships.selectors import approved_screening, latest_screening


def assessment_of(partnership: Partnership) -> CostBenefitAssessment | None:
    return CostBenefitAssessment.objects.filter(partnership=partnership).first()


def assessment_problem(partnership: Partnership) -> str:
    """Why the partnership has no completed cost–benefit review; empty when it has one."""
    assessment = assessment_of(partnership)
    if assessment is None:
        return _("the cost–benefit review has not been started")
    if assessment.status != CostBenefitAssessment.Status.COMPLETED:
        return _("the cost–benefit review is still a draft")
    return ""


# --- Rates and thresholds -----------------------------------------------------------------------


def rates_in_force(
    entity: UNEntity | None, on: datetime.date | None = None
) -> dict[str, StaffRate]:
    """The daily rate of each grade on `on` (today): the entity's own rate where it has one,
    else the system rate; for each, the row with the latest `valid_from` not after `on`."""
    on = on or timezone.localdate()
    owners = Q(entity__isnull=True)
    if entity is not None:
        owners |= Q(entity=entity)
    found: dict[str, StaffRate] = {}
    for rate in StaffRate.objects.filter(owners, valid_from__lte=on).order_by("valid_from"):
        current = found.get(rate.grade)
        # A later row replaces an earlier one, but a system row never replaces the entity's own.
        if current is not None and current.entity_id is not None and rate.entity_id is None:
            continue
        found[rate.grade] = rate
    return dict(sorted(found.items()))


def rate_rows() -> QuerySet[StaffRate]:
    return StaffRate.objects.select_related("entity").order_by(
        "entity__acronym", "grade", "-valid_from"
    )


def thresholds_for(entity: UNEntity | None) -> EntityThresholds:
    """The entity's thresholds, else the system's, else the defaults (an unsaved row)."""
    rows = {
        t.entity_id: t
        for t in EntityThresholds.objects.filter(
            Q(entity__isnull=True) | Q(entity=entity) if entity else Q(entity__isnull=True)
        )
    }
    if entity is not None and entity.pk in rows:
        return rows[entity.pk]
    return rows.get(None) or EntityThresholds(entity=None)


def thresholds_rows() -> QuerySet[EntityThresholds]:
    return EntityThresholds.objects.select_related("entity", "updated_by").order_by(
        "entity__acronym"
    )


def calculator_thresholds(row: EntityThresholds) -> calculator.Thresholds:
    return calculator.Thresholds(
        # Through str: an unsaved row holds the model's defaults, which may be floats (0.3).
        min_leverage_ratio=Decimal(str(row.min_leverage_ratio)),
        min_benefit_cost_ratio=Decimal(str(row.min_benefit_cost_ratio)),
        min_strategic_fit=Decimal(str(row.min_strategic_fit)),
        max_risk_rating=row.max_risk_rating,
        pro_bono_hour_value_usd=Decimal(str(row.pro_bono_hour_value_usd)),
    )


def grades_without_rate(entities: Any = None) -> list[dict[str, Any]]:
    """Grades used in draft reviews that have no rate in force for the lead entity: those
    reviews cannot be computed until someone sets the rate."""
    drafts = CostBenefitAssessment.objects.filter(
        status=CostBenefitAssessment.Status.DRAFT
    ).select_related("partnership__lead_entity")
    if entities is not None:
        drafts = drafts.filter(partnership__lead_entity__in=entities)
    cache: dict[int, set[str]] = {}
    found = []
    for assessment in drafts:
        entity = assessment.partnership.lead_entity
        if entity.pk not in cache:
            cache[entity.pk] = set(rates_in_force(entity))
        missing = sorted(
            {calculator.normalise_grade(g) for g in assessment.staff_days} - cache[entity.pk]
        )
        if missing:
            found.append({"assessment": assessment, "grades": missing})
    return found


# --- Calculator inputs --------------------------------------------------------------------------


@dataclass
class RiskSource:
    organisation: str
    rating: str | None
    screening_id: int | None


def risk_of(partnership: Partnership) -> tuple[str | None, list[RiskSource]]:
    """The worst screening rating among the private partners (their approved screening, else
    their latest). None when a private partner has no rating yet, or there is none."""
    sources = []
    for partner in partnership.partners.filter(role=PartnershipPartner.Role.PRIVATE).select_related(
        "organisation"
    ):
        screening = approved_screening(partner.organisation) or latest_screening(
            partner.organisation
        )
        sources.append(
            RiskSource(
                organisation=str(partner.organisation),
                rating=(screening.rating or None) if screening else None,
                screening_id=screening.pk if screening else None,
            )
        )
    if not sources or any(s.rating is None for s in sources):
        return None, sources
    worst = max(sources, key=lambda s: calculator.RISK_ORDER.index(s.rating or "low"))
    return worst.rating, sources


def entity_goals(entity: UNEntity) -> tuple[frozenset[int], str]:
    """The entity's SDGs; without a list, the goals the SDG tagger reads in its mandate."""
    goals = frozenset(entity.sdgs.values_list("pk", flat=True))
    if goals:
        return goals, "entity"
    text = entity.mandate or entity.foundational_mandate
    if not text.strip():
        return frozenset(), "entity"
    from partnerhub.marketplace.tagging import suggest_sdgs

    return frozenset(s["goal"] for s in suggest_sdgs(text)), "tagged"


@dataclass
class Values:
    """What a reviewer enters: the stored draft, or a form not yet saved (preview)."""

    staff_days: dict[str, Any]
    legal_admin_costs_usd: Decimal
    cofinancing_usd: Decimal
    people_reached: int | None

    @classmethod
    def of(cls, assessment: CostBenefitAssessment) -> Values:
        return cls(
            staff_days=dict(assessment.staff_days),
            legal_admin_costs_usd=Decimal(assessment.legal_admin_costs_usd),
            cofinancing_usd=Decimal(assessment.cofinancing_usd),
            people_reached=assessment.people_reached,
        )


@dataclass
class Computation:
    """A calculation with what it was computed from; `error` instead when it cannot be."""

    result: calculator.Result | None
    error: calculator.CalculationError | None
    rates: dict[str, StaffRate]
    thresholds: EntityThresholds
    risk_sources: list[RiskSource]
    entity_goals_source: str

    def figures(self) -> dict[str, Any]:
        """What a completed review keeps: the result and the rates, thresholds and screening
        risk it was computed with."""
        assert self.result is not None
        thresholds = calculator_thresholds(self.thresholds)
        return {
            **self.result.as_dict(),
            "computed_at": timezone.now().isoformat(),
            "rates_used": {
                grade: {
                    "daily_rate_usd": str(rate.daily_rate_usd),
                    "valid_from": rate.valid_from.isoformat(),
                    "source": rate.source,
                    "owner": rate.entity.acronym if rate.entity else "UN system",
                }
                for grade, rate in self.rates.items()
                if grade in {line.grade for line in self.result.staff_lines}
            },
            "thresholds_used": {
                "owner": self.thresholds.entity.acronym if self.thresholds.entity else "UN system",
                **{k: str(v) for k, v in asdict(thresholds).items()},
            },
            "risk_sources": [asdict(s) for s in self.risk_sources],
        }


def compute(partnership: Partnership, values: Values) -> Computation:
    entity = partnership.lead_entity
    rates = rates_in_force(entity)
    thresholds = thresholds_for(entity)
    risk, risk_sources = risk_of(partnership)
    goals, goals_source = entity_goals(entity)
    contributions = [
        calculator.ContributionIn(
            contributor=c.contributor,
            kind=c.kind,
            amount=Decimal(c.amount),
            currency=c.currency,
            by_un=c.entity_id is not None,
        )
        for c in partnership.contributions.select_related("partner__organisation", "entity")
    ]
    inputs = calculator.Inputs(
        staff_days={g: Decimal(str(d)) for g, d in values.staff_days.items()},
        rates={g: Decimal(r.daily_rate_usd) for g, r in rates.items()},
        legal_admin_costs=values.legal_admin_costs_usd,
        cofinancing=values.cofinancing_usd,
        contributions=contributions,
        people_reached=values.people_reached,
        fit=calculator.FitIn(
            partnership_sdgs=frozenset(partnership.sdgs.values_list("pk", flat=True)),
            entity_sdgs=goals,
            entity_sdgs_source=goals_source,
            partnership_text=f"{partnership.title}\n{partnership.summary}",
            mandate_text=entity.mandate or entity.foundational_mandate,
        ),
        risk_rating=risk,
        thresholds=calculator_thresholds(thresholds),
    )
    try:
        result, error = calculator.calculate(inputs), None
    except calculator.CalculationError as exc:
        result, error = None, exc
    return Computation(result, error, rates, thresholds, risk_sources, goals_source)


def focal_points_of(entity_id: int) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.filter(
            role=Role.FOCAL_POINT, un_entity_id=entity_id
        ).select_related("user")
    ]
