"""Writes of cost–benefit reviews, staff rates and thresholds. Each service checks the
actor's permission, runs in one transaction with its AuditEvent, and notifies after commit.
Review events are recorded on the partnership, so they show on its timeline."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.appraisals import selectors, wording
from partnerhub.appraisals.calculator import normalise_grade
from partnerhub.appraisals.models import CostBenefitAssessment, EntityThresholds, StaffRate
from partnerhub.core.services import audit_record
from partnerhub.entities.models import UNEntity
from partnerhub.notifications.services import notify
from partnerhub.partnerships.models import Partnership
from partnerhub.screening.models import Screening

# The review is prepared while the partners are proposed and screened, and completed in review,
# once the screening risk it weighs is known.
PREPARING_STATES = frozenset({"proposed", "due_diligence", "review"})
COMPLETING_STATE = "review"
GRADE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,7}$")
MAX_DAYS = Decimal(100_000)
MAX_USD = Decimal("999999999999.99")
MAX_TEXT = 10_000
VALUE_FIELDS = ("legal_admin_costs_usd", "cofinancing_usd", "people_reached", "other_benefits")

Status = CostBenefitAssessment.Status
Recommendation = CostBenefitAssessment.Recommendation


def _require_change(actor: Any, partnership: Partnership) -> None:
    if actor is None or not actor.has_perm("appraisals.change_assessment", partnership):
        raise PermissionDenied(
            _("Only focal points of %(entity)s can work on this cost–benefit review.")
            % {"entity": partnership.lead_entity.acronym}
        )


def _require_state(partnership: Partnership, states: frozenset[str] | set[str]) -> None:
    if partnership.status not in states:
        labels = dict(Partnership.Status.choices)
        raise ValidationError(
            _(
                "This partnership is %(status)s; the cost–benefit review can be changed only "
                "while it is %(states)s."
            )
            % {
                "status": partnership.get_status_display().lower(),
                "states": _(" or ").join(
                    str(labels[s]).lower() for s in Partnership.Status.values if s in states
                ),
            }
        )


def _locked(assessment: CostBenefitAssessment) -> tuple[Partnership, CostBenefitAssessment]:
    partnership = Partnership.objects.select_for_update().get(pk=assessment.partnership_id)
    return partnership, CostBenefitAssessment.objects.select_for_update().get(pk=assessment.pk)


def _money(name: str, value: Any, label: str) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else 0))
    except InvalidOperation:
        raise ValidationError({name: _("%(label)s must be a number.") % {"label": label}}) from None
    if not amount.is_finite() or amount < 0 or amount > MAX_USD:
        raise ValidationError(
            {name: _("%(label)s must be a sum from 0 upwards.") % {"label": label}}
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({name: _("%(label)s: give at most two decimals.") % {"label": label}})
    return amount


def clean_staff_days(staff_days: Any, rates: dict[str, StaffRate]) -> dict[str, str]:
    """{grade: days} with known grades and non-negative days, stored as decimal strings.
    Rows of the same grade are added up; rows of zero days are dropped."""
    if not isinstance(staff_days, dict):
        raise ValidationError({"staff_days": _("Give staff days as {grade: days}.")})
    totals: dict[str, Decimal] = {}
    for grade, days in staff_days.items():
        key = normalise_grade(str(grade))
        if not GRADE.match(key):
            raise ValidationError(
                {
                    "staff_days": _("“%(grade)s” is not a grade (e.g. P4, G6, NO-B).")
                    % {"grade": grade}
                }
            )
        try:
            amount = Decimal(str(days))
        except InvalidOperation:
            amount = Decimal(-1)
        if not amount.is_finite() or amount < 0 or amount > MAX_DAYS:
            raise ValidationError(
                {
                    "staff_days": _("Days for %(grade)s must be a number from 0 upwards.")
                    % {"grade": key}
                }
            )
        if amount != amount.quantize(Decimal("0.01")):
            raise ValidationError(
                {"staff_days": _("Days for %(grade)s: give at most two decimals.") % {"grade": key}}
            )
        totals[key] = totals.get(key, Decimal(0)) + amount
    unknown = sorted(g for g, d in totals.items() if d and g not in rates)
    if unknown:
        raise ValidationError(
            {
                "staff_days": _(
                    "No daily rate is in force for grade %(grades)s. Grades with a rate: %(known)s."
                )
                % {"grades": ", ".join(unknown), "known": ", ".join(rates) or "—"}
            }
        )
    return {g: format(d.normalize(), "f") for g, d in totals.items() if d}


def clean_values(data: dict[str, Any], rates: dict[str, StaffRate]) -> dict[str, Any]:
    """The reviewer's entries, checked: the fields present in `data` only."""
    unknown = set(data) - {"staff_days", *VALUE_FIELDS}
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    cleaned: dict[str, Any] = {}
    if "staff_days" in data:
        cleaned["staff_days"] = clean_staff_days(data["staff_days"], rates)
    if "legal_admin_costs_usd" in data:
        cleaned["legal_admin_costs_usd"] = _money(
            "legal_admin_costs_usd",
            data["legal_admin_costs_usd"],
            _("Legal and administrative costs"),
        )
    if "cofinancing_usd" in data:
        cleaned["cofinancing_usd"] = _money(
            "cofinancing_usd", data["cofinancing_usd"], _("Co-financing")
        )
    if "people_reached" in data:
        people = data["people_reached"]
        if people in (None, ""):
            cleaned["people_reached"] = None
        elif isinstance(people, bool) or not str(people).isdigit() or int(people) > 2**31 - 1:
            raise ValidationError(
                {"people_reached": _("People reached must be a whole number from 0 upwards.")}
            )
        else:
            cleaned["people_reached"] = int(people)
    if "other_benefits" in data:
        text = str(data["other_benefits"] or "")
        if len(text) > MAX_TEXT:
            raise ValidationError({"other_benefits": _("Keep this under 10,000 characters.")})
        cleaned["other_benefits"] = text
    return cleaned


# --- The review -------------------------------------------------------------------------------


def assessment_start(*, partnership: Partnership, actor: Any) -> CostBenefitAssessment:
    _require_change(actor, partnership)
    with transaction.atomic(durable=True):
        partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
        _require_state(partnership, PREPARING_STATES)
        if CostBenefitAssessment.objects.filter(partnership=partnership).exists():
            raise ValidationError(
                _("The cost–benefit review of this partnership is already started.")
            )
        assessment = CostBenefitAssessment.objects.create(partnership=partnership)
        audit_record(actor=actor, verb="appraisal.started", target=partnership)
    return assessment


def assessment_update(
    *, assessment: CostBenefitAssessment, actor: Any, data: dict[str, Any]
) -> CostBenefitAssessment:
    """`data`: any of staff_days ({grade: days}), legal_admin_costs_usd, cofinancing_usd,
    people_reached and other_benefits."""
    partnership = assessment.partnership
    _require_change(actor, partnership)
    cleaned = clean_values(data, selectors.rates_in_force(partnership.lead_entity))
    with transaction.atomic(durable=True):
        partnership, assessment = _locked(assessment)
        _require_state(partnership, PREPARING_STATES)
        if assessment.status != Status.DRAFT:
            raise ValidationError(
                _("The cost–benefit review is completed; reopen it before changing it.")
            )
        changed = [name for name, value in cleaned.items() if getattr(assessment, name) != value]
        for name in changed:
            setattr(assessment, name, cleaned[name])
        if changed:
            assessment.save()
            audit_record(
                actor=actor,
                verb="appraisal.updated",
                target=partnership,
                details={"fields": changed},
            )
    return assessment


def assessment_complete(
    *,
    assessment: CostBenefitAssessment,
    actor: Any,
    recommendation: str,
    rationale: str = "",
    conditions: str = "",
) -> CostBenefitAssessment:
    """Compute the figures with the rates, thresholds and screening risk in force and keep
    them. The reviewer may recommend otherwise than the calculator, saying why."""
    partnership = assessment.partnership
    _require_change(actor, partnership)
    rationale, conditions = rationale.strip(), conditions.strip()
    if recommendation not in Recommendation.values:
        raise ValidationError({"recommendation": _("Choose a recommendation.")})
    if len(rationale) > MAX_TEXT or len(conditions) > MAX_TEXT:
        raise ValidationError(_("Keep the rationale and the conditions under 10,000 characters."))
    if recommendation == Recommendation.PROCEED_WITH_CONDITIONS and not conditions:
        raise ValidationError({"conditions": _("Say which conditions the partnership must meet.")})
    with transaction.atomic(durable=True):
        partnership, assessment = _locked(assessment)
        if partnership.status != COMPLETING_STATE:
            raise ValidationError(
                _(
                    "The cost–benefit review is completed once the partnership is in review, "
                    "after due diligence: it weighs the screening risk. This partnership is "
                    "%(status)s."
                )
                % {"status": partnership.get_status_display().lower()}
            )
        if assessment.status != Status.DRAFT:
            raise ValidationError(_("The cost–benefit review is already completed."))
        computation = selectors.compute(partnership, selectors.Values.of(assessment))
        if computation.error is not None:
            raise ValidationError(wording.error_words(computation.error))
        assert computation.result is not None
        calculated = str(computation.result.recommendation)
        if recommendation != calculated and not rationale:
            raise ValidationError(
                {
                    "rationale": _(
                        "The figures recommend “%(calculated)s”; explain why you recommend "
                        "otherwise."
                    )
                    % {"calculated": Recommendation(calculated).label}
                }
            )
        assessment.status = Status.COMPLETED
        assessment.recommendation = recommendation
        assessment.rationale = rationale
        assessment.conditions = conditions
        assessment.figures = computation.figures()
        assessment.completed_by = actor
        assessment.completed_at = timezone.now()
        assessment.save()
        audit_record(
            actor=actor,
            verb="appraisal.completed",
            target=partnership,
            details={
                "recommendation": recommendation,
                "calculated": calculated,
                "leverage_ratio": assessment.figures["leverage_ratio"],
                "benefit_cost_ratio": assessment.figures["benefit_cost_ratio"],
            },
        )
        notify(
            users=[
                u for u in selectors.focal_points_of(partnership.lead_entity_id) if u.pk != actor.pk
            ],
            verb="appraisal.completed",
            title=_("Cost–benefit review of %(title)s completed: %(recommendation)s")
            % {
                "title": partnership.title,
                "recommendation": Recommendation(recommendation).label.lower(),
            },
            url=partnership.get_absolute_url(),
        )
    return assessment


def assessment_reopen(
    *, assessment: CostBenefitAssessment, actor: Any, reason: str = ""
) -> CostBenefitAssessment:
    """Back to draft, while the partnership is still in review. The figures it had are kept
    in its history and on the audit trail."""
    partnership = assessment.partnership
    _require_change(actor, partnership)
    reason = reason.strip()
    if len(reason) > MAX_TEXT:
        raise ValidationError({"reason": _("Keep the reason under 10,000 characters.")})
    with transaction.atomic(durable=True):
        partnership, assessment = _locked(assessment)
        if partnership.status != COMPLETING_STATE:
            raise ValidationError(
                _(
                    "The cost–benefit review can be reopened only while the partnership is in "
                    "review; this one is %(status)s."
                )
                % {"status": partnership.get_status_display().lower()}
            )
        if assessment.status != Status.COMPLETED:
            raise ValidationError(_("The cost–benefit review is not completed."))
        previous = {
            "recommendation": assessment.recommendation,
            "completed_by": assessment.completed_by.email if assessment.completed_by else "",
            "completed_at": assessment.completed_at.isoformat() if assessment.completed_at else "",
        }
        assessment.status = Status.DRAFT
        assessment.figures = {}
        assessment.completed_by = None
        assessment.completed_at = None
        assessment.save()
        audit_record(
            actor=actor,
            verb="appraisal.reopened",
            target=partnership,
            details={**previous, "note": reason},
        )
    return assessment


# --- Rates and thresholds ---------------------------------------------------------------------


def clean_staff_rate(
    *, grade: Any, daily_rate_usd: Any, valid_from: Any, source: Any, entity: Any = None
) -> tuple[str, Decimal, str]:
    """The grade, rate and source as they will be stored; refuses what cannot be."""
    key = normalise_grade(grade or "")
    if not GRADE.match(key):
        raise ValidationError({"grade": _("Enter a grade such as P4, G6 or NO-B.")})
    rate = _money("daily_rate_usd", daily_rate_usd, _("The daily rate"))
    if rate <= 0:
        raise ValidationError({"daily_rate_usd": _("The daily rate must be above zero.")})
    source = (source or "").strip()
    if not source:
        raise ValidationError(
            {"source": _("Say where the rate comes from (a cost table, a budget, an estimate).")}
        )
    if len(source) > 300:
        raise ValidationError({"source": _("Keep the source under 300 characters.")})
    if not isinstance(valid_from, datetime.date):
        raise ValidationError({"valid_from": _("Enter the date the rate applies from.")})
    return key, rate, source


def staff_rate_set(
    *,
    actor: Any,
    grade: str,
    daily_rate_usd: Any,
    valid_from: datetime.date,
    source: str,
    entity: UNEntity | None = None,
) -> StaffRate:
    """Set the daily rate of a grade from a date, for the system (no entity) or one entity.
    Setting it again for the same date corrects that row. `source` says where it comes from."""
    if actor is None or not actor.has_perm("appraisals.set_rates", entity):
        raise PermissionDenied(_("Only administrators and the system coordinator set staff rates."))
    key, rate, source = clean_staff_rate(
        grade=grade, daily_rate_usd=daily_rate_usd, valid_from=valid_from, source=source
    )
    with transaction.atomic(durable=True):
        row = (
            StaffRate.objects.select_for_update()
            .filter(entity=entity, grade=key, valid_from=valid_from)
            .first()
        )
        previous = {"daily_rate_usd": str(row.daily_rate_usd), "source": row.source} if row else {}
        if row is None:
            row = StaffRate(entity=entity, grade=key, valid_from=valid_from)
        row.daily_rate_usd = rate
        row.source = source
        row.save()
        audit_record(
            actor=actor,
            verb="appraisal.staff_rate_set",
            target=row,
            details={
                "entity": entity.acronym if entity else None,
                "grade": key,
                "daily_rate_usd": str(rate),
                "valid_from": valid_from.isoformat(),
                "source": source,
                "previous": previous,
            },
        )
    return row


THRESHOLD_FIELDS = (
    "min_leverage_ratio",
    "min_benefit_cost_ratio",
    "min_strategic_fit",
    "max_risk_rating",
    "pro_bono_hour_value_usd",
)


def _clean_thresholds(data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(THRESHOLD_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    cleaned: dict[str, Any] = {}
    labels = {
        "min_leverage_ratio": _("The minimum leverage ratio"),
        "min_benefit_cost_ratio": _("The minimum benefit–cost ratio"),
        "pro_bono_hour_value_usd": _("The value of a pro bono hour"),
    }
    for name, label in labels.items():
        if name in data:
            value = _money(name, data[name], label)
            if value >= Decimal(1_000_000):
                raise ValidationError({name: _("That is too large.")})
            cleaned[name] = value
    if "min_strategic_fit" in data:
        fit = _money("min_strategic_fit", data["min_strategic_fit"], _("The minimum strategic fit"))
        if fit > 1:
            raise ValidationError({"min_strategic_fit": _("The strategic fit runs from 0 to 1.")})
        cleaned["min_strategic_fit"] = fit
    if "max_risk_rating" in data:
        if data["max_risk_rating"] not in Screening.Rating.values:
            raise ValidationError(
                {
                    "max_risk_rating": _("Choose one of: %(ratings)s.")
                    % {"ratings": ", ".join(Screening.Rating.values)}
                }
            )
        cleaned["max_risk_rating"] = data["max_risk_rating"]
    return cleaned


def thresholds_update(
    *, actor: Any, data: dict[str, Any], entity: UNEntity | None = None
) -> EntityThresholds:
    """Set the thresholds of one entity, or the system defaults (no entity). The entity's
    focal points set their own; administrators and the system coordinator set any."""
    if actor is None or not actor.has_perm("appraisals.set_thresholds", entity):
        raise PermissionDenied(
            _("Only administrators and the system coordinator set the system thresholds.")
            if entity is None
            else _("Only focal points of %(entity)s set its thresholds.")
            % {"entity": entity.acronym}
        )
    cleaned = _clean_thresholds(data)
    with transaction.atomic(durable=True):
        row = EntityThresholds.objects.select_for_update().filter(entity=entity).first()
        if row is None:
            # An entity's first row starts from the thresholds it had so far (the system's).
            base = selectors.thresholds_for(None)
            row = EntityThresholds(entity=entity, **{f: getattr(base, f) for f in THRESHOLD_FIELDS})
        changed = {
            name: {"from": str(getattr(row, name)), "to": str(value)}
            for name, value in cleaned.items()
            if getattr(row, name) != value
        }
        for name, value in cleaned.items():
            setattr(row, name, value)
        row.updated_by = actor
        row.save()
        audit_record(
            actor=actor,
            verb="appraisal.thresholds_updated",
            target=row,
            details={"entity": entity.acronym if entity else None, "changed": changed},
        )
    return row
