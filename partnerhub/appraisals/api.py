"""Cost–benefit review API, under the partnership it reviews: read, start, edit, preview,
complete and reopen. Everything needs a token. The review is internal to the UN: a
partnership you may not see answers 404, and one you see as a partner company answers 403."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import StringConstraints

from partnerhub.accounts.auth import token_auth
from partnerhub.appraisals import selectors, services, wording
from partnerhub.appraisals.models import CostBenefitAssessment
from partnerhub.partnerships import selectors as partnership_selectors
from partnerhub.partnerships.models import Partnership

router = Router(tags=["cost-benefit reviews"], auth=token_auth)

Text = Annotated[str, StringConstraints(max_length=services.MAX_TEXT)]
Usd = Annotated[Decimal, Field(ge=0, le=services.MAX_USD, decimal_places=2)]


class DriverOut(Schema):
    code: str
    label: str
    value: str | None
    threshold: str
    passed: bool | None = Field(description="None: the threshold cannot be checked")
    text: str


class FiguresOut(Schema):
    recommendation: str = Field(description="What the figures recommend")
    recommendation_text: str
    total_un_cost: str
    un_resources: str
    total_partner_value: str
    leverage_ratio: str | None
    benefit_cost_ratio: str | None
    cost_per_person_reached: str | None
    strategic_fit: str | None
    risk_rating: str | None
    drivers: list[DriverOut]
    fit: list[str]
    notes: list[str]
    raw: dict[str, Any] = Field(description="Every figure, with the rates and thresholds used")


class AssessmentOut(Schema):
    partnership_id: int
    status: str
    staff_days: dict[str, str]
    legal_admin_costs_usd: str
    cofinancing_usd: str
    people_reached: int | None
    other_benefits: str
    recommendation: str = Field(description="The reviewer's; empty until completed")
    rationale: str
    conditions: str
    completed_by: str | None
    completed_at: datetime.datetime | None
    figures: FiguresOut | None = Field(description="Kept at completion; null for a draft")


class PreviewOut(Schema):
    figures: FiguresOut | None
    error: str = Field(description="Why the figures cannot be computed, e.g. a grade without rate")


class AssessmentIn(Schema):
    staff_days: dict[Annotated[str, StringConstraints(max_length=8)], Decimal] | None = Field(
        None, description='Days by grade, e.g. {"P4": 20}; replaces the stored ones'
    )
    legal_admin_costs_usd: Usd | None = None
    cofinancing_usd: Usd | None = None
    people_reached: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None
    other_benefits: Text | None = None


class CompleteIn(Schema):
    recommendation: str = Field(description=", ".join(CostBenefitAssessment.Recommendation.values))
    rationale: Text = ""
    conditions: Text = ""


class ReopenIn(Schema):
    reason: Text = ""


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _partnership(user: Any, partnership_id: int) -> Partnership:
    try:
        partnership = partnership_selectors.partnership_detail(partnership_id)
    except Partnership.DoesNotExist:
        partnership = None
    if partnership is None or not user.has_perm("partnerships.view_partnership", partnership):
        raise Http404(f"No partnership has the id {partnership_id}.")
    if not user.has_perm("appraisals.view_assessment", partnership):
        raise PermissionDenied("The cost–benefit review is internal to the UN.")
    return partnership


def _assessment(partnership: Partnership) -> CostBenefitAssessment:
    assessment = selectors.assessment_of(partnership)
    if assessment is None:
        raise Http404("The cost–benefit review of this partnership has not been started.")
    return assessment


def _figures(figures: dict[str, Any]) -> FiguresOut | None:
    if not figures:
        return None
    shown = wording.readable(figures)
    return FiguresOut(
        recommendation=shown["recommendation"],
        recommendation_text=shown["recommendation_text"],
        total_un_cost=shown["total_un_cost"],
        un_resources=shown["un_resources"],
        total_partner_value=shown["total_partner_value"],
        leverage_ratio=shown["leverage_ratio"],
        benefit_cost_ratio=shown["benefit_cost_ratio"],
        cost_per_person_reached=shown["cost_per_person_reached"],
        strategic_fit=shown["strategic_fit"],
        risk_rating=shown["risk_rating"],
        drivers=[
            DriverOut(
                code=d["code"],
                label=d["label"],
                value=d["value"],
                threshold=d["threshold"],
                passed=d["passed"],
                text=d["text"],
            )
            for d in shown["drivers"]
        ],
        fit=shown["fit_text"],
        notes=shown["notes_text"],
        raw=figures,
    )


def _out(assessment: CostBenefitAssessment) -> AssessmentOut:
    return AssessmentOut(
        partnership_id=assessment.partnership_id,
        status=assessment.status,
        staff_days={g: str(d) for g, d in assessment.staff_days.items()},
        legal_admin_costs_usd=str(assessment.legal_admin_costs_usd),
        cofinancing_usd=str(assessment.cofinancing_usd),
        people_reached=assessment.people_reached,
        other_benefits=assessment.other_benefits,
        recommendation=assessment.recommendation,
        rationale=assessment.rationale,
        conditions=assessment.conditions,
        completed_by=assessment.completed_by.email if assessment.completed_by else None,
        completed_at=assessment.completed_at,
        figures=_figures(assessment.figures),
    )


@router.get(
    "/{partnership_id}/cost-benefit",
    response=AssessmentOut,
    summary="The cost–benefit review of a partnership (UN staff)",
)
def assessment_detail(request: HttpRequest, partnership_id: int) -> AssessmentOut:
    partnership = _partnership(_user(request), partnership_id)
    return _out(_assessment(partnership))


@router.post(
    "/{partnership_id}/cost-benefit",
    response={201: AssessmentOut},
    summary="Start the cost–benefit review (focal points of the lead entity)",
    description="While the partnership is proposed, in due diligence or in review.",
)
def assessment_start(request: HttpRequest, partnership_id: int) -> Status[AssessmentOut]:
    user = _user(request)
    partnership = _partnership(user, partnership_id)
    return Status(201, _out(services.assessment_start(partnership=partnership, actor=user)))


@router.put(
    "/{partnership_id}/cost-benefit",
    response=AssessmentOut,
    summary="Edit the draft review: the fields given replace the stored ones",
    description="Grades need a daily rate in force for the lead entity.",
)
def assessment_update(
    request: HttpRequest, partnership_id: int, payload: AssessmentIn
) -> AssessmentOut:
    user = _user(request)
    partnership = _partnership(user, partnership_id)
    data = payload.dict(exclude_unset=True)
    for name in ("legal_admin_costs_usd", "cofinancing_usd", "staff_days", "other_benefits"):
        if name in data and data[name] is None:
            del data[name]
    assessment = services.assessment_update(
        assessment=_assessment(partnership), actor=user, data=data
    )
    return _out(assessment)


@router.get(
    "/{partnership_id}/cost-benefit/preview",
    response=PreviewOut,
    summary="The figures of the stored values, computed now with the rates in force",
)
def assessment_preview(request: HttpRequest, partnership_id: int) -> PreviewOut:
    partnership = _partnership(_user(request), partnership_id)
    assessment = _assessment(partnership)
    computation = selectors.compute(partnership, selectors.Values.of(assessment))
    if computation.error is not None:
        return PreviewOut(figures=None, error=wording.error_words(computation.error))
    return PreviewOut(figures=_figures(computation.figures()), error="")


@router.post(
    "/{partnership_id}/cost-benefit/complete",
    response=AssessmentOut,
    summary="Complete the review with the figures computed now",
    description="In review only. A recommendation other than the figures' needs a rationale; "
    "proceeding with conditions needs the conditions.",
)
def assessment_complete(
    request: HttpRequest, partnership_id: int, payload: CompleteIn
) -> AssessmentOut:
    user = _user(request)
    partnership = _partnership(user, partnership_id)
    assessment = services.assessment_complete(
        assessment=_assessment(partnership),
        actor=user,
        recommendation=payload.recommendation,
        rationale=payload.rationale,
        conditions=payload.conditions,
    )
    return _out(assessment)


@router.post(
    "/{partnership_id}/cost-benefit/reopen",
    response=AssessmentOut,
    summary="Reopen a completed review as a draft (while the partnership is in review)",
)
def assessment_reopen(
    request: HttpRequest, partnership_id: int, payload: ReopenIn
) -> AssessmentOut:
    user = _user(request)
    partnership = _partnership(user, partnership_id)
    assessment = services.assessment_reopen(
        assessment=_assessment(partnership), actor=user, reason=payload.reason
    )
    return _out(assessment)
