"""Results API: a partnership's KPIs and targets, its progress reports (the ones due for you,
submitting and reviewing them) and its evaluations. Everything needs a token; the rules are
those of the pages (rules.py). A partnership you may not read answers 404; a write your role
may not make answers 403; a refused write answers 400 with its reason."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import StringConstraints

from partnerhub.accounts.auth import token_auth
from partnerhub.accounts.predicates import is_un_staff
from partnerhub.partnerships.api import visible_partnership
from partnerhub.partnerships.models import Partnership, PartnershipPartner
from partnerhub.results import selectors, services
from partnerhub.results.models import KPI, Evaluation, KPITarget, ProgressReport

router = Router(tags=["results"], auth=token_auth)

MAX_ID = 2**63 - 1
MAX_PAGE = 100_000
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=services.MAX_TEXT)]
Value = Annotated[Decimal, Field(max_digits=18, decimal_places=4)]


class PageParameters(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(settings.PAGE_SIZE, ge=1)


class TargetIn(Schema):
    period_start: datetime.date
    period_end: datetime.date
    value: Value | None = None
    comment: Text = ""


class TargetOut(TargetIn):
    id: int


class StatusOut(Schema):
    light: str = Field(description="green, amber, red or grey (see the legend on the page)")
    why: str
    progress: float | None = Field(None, description="Share of the way from baseline to target")
    expected: float | None = Field(None, description="Share expected by the actual's date")


class KPIIn(Schema):
    name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
    description: Text = ""
    result_level: str = Field(description="IATI ResultType: 1 output, 2 outcome, 3 impact")
    measure: str = Field(
        KPI.Measure.UNIT,
        description="IATI IndicatorMeasure: 1 unit, 2 percentage, 3 nominal, 4 ordinal, "
        "5 qualitative",
    )
    unit: Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)] = ""
    ascending: bool = True
    sdg_indicator: Annotated[str, StringConstraints(strip_whitespace=True, max_length=12)] = ""
    baseline_value: Value | None = None
    baseline_year: int | None = Field(None, ge=1, le=9999)
    baseline_comment: Text = ""
    reporting_frequency: str = Field(
        KPI.Frequency.QUARTERLY, description=", ".join(KPI.Frequency.values)
    )
    responsible_organisation_id: Id | None = Field(
        None, description="A partner organisation of the partnership; empty for the lead entity"
    )
    targets: list[TargetIn] = Field(default_factory=list, max_length=40)


class KPIPatch(Schema):
    name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] | None = None
    description: Text | None = None
    result_level: str | None = None
    measure: str | None = None
    unit: Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)] | None = None
    ascending: bool | None = None
    sdg_indicator: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=12)] | None
    ) = None
    baseline_value: Value | None = None
    baseline_year: int | None = Field(None, ge=1, le=9999)
    baseline_comment: Text | None = None
    reporting_frequency: str | None = None
    responsible_organisation_id: Id | None = None


class KPIOut(Schema):
    id: int
    partnership_id: int
    name: str
    description: str
    result_level: str
    measure: str
    unit: str
    ascending: bool
    sdg_indicator: str
    baseline_value: Decimal | None
    baseline_year: int | None
    baseline_comment: str
    reporting_frequency: str
    responsible_organisation_id: int | None
    defined_at_status: str
    targets: list[TargetOut]
    latest_actual: Decimal | None
    latest_actual_period_end: datetime.date | None
    status: StatusOut


class KPIPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[KPIOut]


class ActualIn(Schema):
    kpi_id: Id
    value: Value | None = None
    comment: Text = ""


class ActualOut(Schema):
    kpi_id: int
    value: Decimal | None
    comment: str


class ReportOut(Schema):
    id: int
    partnership_id: int
    partnership: str
    period_start: datetime.date
    period_end: datetime.date
    due_on: datetime.date
    overdue: bool
    is_final: bool
    status: str
    narrative: str
    submitted_for_id: int | None
    submitted_at: datetime.datetime | None
    reviewed_at: datetime.datetime | None
    review_comment: str
    actuals: list[ActualOut]


class ReportPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ReportOut]


class DueParameters(PageParameters):
    state: str = Field("", description="overdue, due (not yet overdue), or empty for both")


class SubmitIn(Schema):
    narrative: Text
    actuals: list[ActualIn] = Field(default_factory=list, max_length=200)
    accept: bool = Field(False, description="Reviewers only: accept your own report at once")


class ReviewIn(Schema):
    accept: bool
    comment: Text = ""


class EvaluationIn(Schema):
    kind: str = Field(description="midterm or final")
    independence: str = Field(description="internal or independent")
    evaluator: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    completed_on: datetime.date
    rating: int = Field(description="1 (highly unsatisfactory) to 6 (highly satisfactory)")
    findings: Text
    recommendations: Text = ""
    management_response: Text = ""


class EvaluationOut(Schema):
    id: int
    partnership_id: int
    kind: str
    independence: str
    evaluator: str
    completed_on: datetime.date
    rating: int
    findings: str
    recommendations: str
    management_response: str | None = Field(description="UN staff only; null for partners")


class EvaluationPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[EvaluationOut]


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _page(queryset: Any, params: PageParameters) -> tuple[int, int, list[Any]]:
    page_size = min(params.page_size, settings.API_PAGE_SIZE_MAX)
    start = (params.page - 1) * page_size
    count = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
    return count, page_size, list(queryset[start : start + page_size])


def _kpi(user: Any, kpi_id: int) -> KPI:
    kpi = (
        KPI.objects.select_related("partnership").filter(pk=kpi_id).first()
        if kpi_id <= MAX_ID
        else None
    )
    if kpi is None or not user.has_perm("results.view_results", kpi.partnership):
        raise Http404(f"No KPI has the id {kpi_id}.")
    return kpi


def _report(user: Any, report_id: int) -> ProgressReport:
    report = None
    if report_id <= MAX_ID:
        report = ProgressReport.objects.select_related("partnership").filter(pk=report_id).first()
    if report is None or not user.has_perm("results.view_results", report.partnership):
        raise Http404(f"No report has the id {report_id}.")
    return report


def _responsible(
    partnership: Partnership, organisation_id: int | None
) -> PartnershipPartner | None:
    if organisation_id is None:
        return None
    partner = PartnershipPartner.objects.filter(
        partnership=partnership, organisation_id=organisation_id
    ).first()
    if partner is None:
        raise ValidationError(
            {"responsible_organisation_id": "That organisation is not a partner here."}
        )
    return partner


def _kpi_out(row: selectors.KPIRow) -> KPIOut:
    kpi, assessment = row.kpi, row.assessment
    return KPIOut(
        id=kpi.pk,
        partnership_id=kpi.partnership_id,
        name=kpi.name,
        description=kpi.description,
        result_level=kpi.result_level,
        measure=kpi.measure,
        unit=kpi.unit,
        ascending=kpi.ascending,
        sdg_indicator=kpi.sdg_indicator,
        baseline_value=kpi.baseline_value,
        baseline_year=kpi.baseline_year,
        baseline_comment=kpi.baseline_comment,
        reporting_frequency=kpi.reporting_frequency,
        responsible_organisation_id=kpi.responsible_partner.organisation_id
        if kpi.responsible_partner
        else None,
        defined_at_status=kpi.defined_at_status,
        targets=[_target_out(t) for t in row.targets],
        latest_actual=row.actual.value if row.actual else None,
        latest_actual_period_end=row.actual.report.period_end if row.actual else None,
        status=StatusOut(
            light=assessment.light,
            why=assessment.why,
            progress=None if assessment.progress is None else float(assessment.progress),
            expected=None if assessment.expected is None else float(assessment.expected),
        ),
    )


def _target_out(target: KPITarget) -> TargetOut:
    return TargetOut(
        id=target.pk,
        period_start=target.period_start,
        period_end=target.period_end,
        value=target.value,
        comment=target.comment,
    )


def _one_kpi(kpi: KPI) -> KPIOut:
    partnership = kpi.partnership
    for row in selectors.kpi_rows(partnership, today=timezone.localdate()):
        if row.kpi.pk == kpi.pk:
            return _kpi_out(row)
    raise Http404(f"No KPI has the id {kpi.pk}.")


def _report_out(report: ProgressReport) -> ReportOut:
    return ReportOut(
        id=report.pk,
        partnership_id=report.partnership_id,
        partnership=report.partnership.title,
        period_start=report.period_start,
        period_end=report.period_end,
        due_on=report.due_on,
        overdue=selectors.is_overdue(report, report.partnership, timezone.localdate()),
        is_final=report.is_final,
        status=report.status,
        narrative=report.narrative,
        submitted_for_id=report.submitted_for_id,
        submitted_at=report.submitted_at,
        reviewed_at=report.reviewed_at,
        review_comment=report.review_comment,
        actuals=[
            ActualOut(kpi_id=a.kpi_id, value=a.value, comment=a.comment)
            for a in report.actuals.all()
        ],
    )


def _evaluation_out(evaluation: Evaluation, *, internal: bool) -> EvaluationOut:
    return EvaluationOut(
        id=evaluation.pk,
        partnership_id=evaluation.partnership_id,
        kind=evaluation.kind,
        independence=evaluation.independence,
        evaluator=evaluation.evaluator,
        completed_on=evaluation.completed_on,
        rating=evaluation.rating,
        findings=evaluation.findings,
        recommendations=evaluation.recommendations,
        management_response=evaluation.management_response if internal else None,
    )


# --- KPIs and targets -------------------------------------------------------------------------


@router.get(
    "/partnerships/{partnership_id}/kpis",
    response=KPIPage,
    summary="A partnership's KPIs with targets, latest value and traffic light",
)
def kpi_list(request: HttpRequest, partnership_id: int, params: Query[PageParameters]) -> KPIPage:
    partnership = visible_partnership(_user(request), partnership_id)
    rows = selectors.kpi_rows(partnership, today=timezone.localdate())
    count, page_size, page = _page(rows, params)
    return KPIPage(
        count=count, page=params.page, page_size=page_size, results=[_kpi_out(r) for r in page]
    )


@router.post(
    "/partnerships/{partnership_id}/kpis",
    response={201: KPIOut},
    summary="Define a KPI (focal points and M&E officers of the lead entity, at design only)",
)
def kpi_create(request: HttpRequest, partnership_id: int, payload: KPIIn) -> Status[KPIOut]:
    user = _user(request)
    partnership = visible_partnership(user, partnership_id)
    data = payload.dict(exclude={"targets", "responsible_organisation_id"})
    data["responsible_partner"] = _responsible(partnership, payload.responsible_organisation_id)
    kpi = services.kpi_create(
        partnership=partnership,
        actor=user,
        data=data,
        targets=[t.dict() for t in payload.targets],
    )
    return Status(201, _one_kpi(kpi))


@router.patch("/kpis/{kpi_id}", response=KPIOut, summary="Change a KPI (at design only)")
def kpi_update(request: HttpRequest, kpi_id: int, payload: KPIPatch) -> KPIOut:
    user = _user(request)
    kpi = _kpi(user, kpi_id)
    data = payload.dict(exclude_unset=True, exclude={"responsible_organisation_id"})
    if "responsible_organisation_id" in payload.model_fields_set:
        data["responsible_partner"] = _responsible(
            kpi.partnership, payload.responsible_organisation_id
        )
    for required in ("name", "result_level", "measure", "reporting_frequency", "ascending"):
        if required in data and data[required] is None:
            raise ValidationError({required: "This field cannot be null."})
    kpi = services.kpi_update(kpi=kpi, actor=user, data=data)
    return _one_kpi(kpi)


@router.delete("/kpis/{kpi_id}", response={204: None}, summary="Remove a KPI (at design only)")
def kpi_delete(request: HttpRequest, kpi_id: int) -> Status[None]:
    user = _user(request)
    services.kpi_delete(kpi=_kpi(user, kpi_id), actor=user)
    return Status(204, None)


@router.put(
    "/kpis/{kpi_id}/targets",
    response=TargetOut,
    summary="Set the KPI's target for a period (replaces that period's target)",
)
def target_set(request: HttpRequest, kpi_id: int, payload: TargetIn) -> TargetOut:
    user = _user(request)
    target = services.target_set(kpi=_kpi(user, kpi_id), actor=user, data=payload.dict())
    return _target_out(target)


@router.delete(
    "/kpis/{kpi_id}/targets/{target_id}", response={204: None}, summary="Remove a target"
)
def target_delete(request: HttpRequest, kpi_id: int, target_id: int) -> Status[None]:
    user = _user(request)
    kpi = _kpi(user, kpi_id)
    target = (
        KPITarget.objects.filter(kpi=kpi, pk=target_id).first() if target_id <= MAX_ID else None
    )
    if target is None:
        raise Http404(f"KPI {kpi_id} has no target with the id {target_id}.")
    services.target_delete(target=target, actor=user)
    return Status(204, None)


# --- Reports ----------------------------------------------------------------------------------


@router.get(
    "/reports",
    response=ReportPage,
    summary="Reports still to write for your entity or company, soonest due first",
)
def reports_due(request: HttpRequest, params: Query[DueParameters]) -> ReportPage:
    reports = selectors.open_reports_for(_user(request)).prefetch_related("actuals")
    today = timezone.localdate()
    if params.state == "overdue":
        reports = reports.filter(due_on__lt=today)
    elif params.state == "due":
        reports = reports.filter(due_on__gte=today)
    elif params.state:
        raise ValidationError({"state": f"Unknown state {params.state!r}: overdue or due."})
    count, page_size, rows = _page(reports, params)
    return ReportPage(
        count=count, page=params.page, page_size=page_size, results=[_report_out(r) for r in rows]
    )


@router.get(
    "/partnerships/{partnership_id}/reports",
    response=ReportPage,
    summary="A partnership's progress reports",
)
def report_list(
    request: HttpRequest, partnership_id: int, params: Query[PageParameters]
) -> ReportPage:
    partnership = visible_partnership(_user(request), partnership_id)
    reports = (
        selectors.reports_of(partnership).select_related("partnership").prefetch_related("actuals")
    )
    count, page_size, rows = _page(reports, params)
    return ReportPage(
        count=count, page=params.page, page_size=page_size, results=[_report_out(r) for r in rows]
    )


def _fresh_report(pk: int) -> ReportOut:
    return _report_out(
        ProgressReport.objects.select_related("partnership").prefetch_related("actuals").get(pk=pk)
    )


@router.post(
    "/reports/{report_id}/submit",
    response=ReportOut,
    summary="Submit a report: the narrative and an actual value (or comment) per KPI",
    description="A partner's representative reports on the KPIs their organisation is "
    "responsible for, and the report waits for review; the lead entity's reviewers may "
    "accept their own report at once.",
)
def report_submit(request: HttpRequest, report_id: int, payload: SubmitIn) -> ReportOut:
    user = _user(request)
    report = _report(user, report_id)
    actuals: dict[int, dict[str, Any]] = {}
    for actual in payload.actuals:
        if actual.kpi_id in actuals:
            raise ValidationError({"actuals": f"KPI {actual.kpi_id} is given twice."})
        actuals[actual.kpi_id] = {"value": actual.value, "comment": actual.comment}
    services.report_submit(
        report=report,
        actor=user,
        narrative=payload.narrative,
        actuals=actuals,
        accept=payload.accept,
    )
    return _fresh_report(report.pk)


@router.post(
    "/reports/{report_id}/review",
    response=ReportOut,
    summary="Accept a submitted report, or return it with a comment",
)
def report_review(request: HttpRequest, report_id: int, payload: ReviewIn) -> ReportOut:
    user = _user(request)
    report = _report(user, report_id)
    services.report_review(
        report=report, actor=user, accept=payload.accept, comment=payload.comment
    )
    return _fresh_report(report.pk)


# --- Evaluations ------------------------------------------------------------------------------


@router.get(
    "/partnerships/{partnership_id}/evaluations",
    response=EvaluationPage,
    summary="A partnership's evaluations (management responses for UN staff only)",
)
def evaluation_list(
    request: HttpRequest, partnership_id: int, params: Query[PageParameters]
) -> EvaluationPage:
    user = _user(request)
    partnership = visible_partnership(user, partnership_id)
    count, page_size, rows = _page(selectors.evaluations_of(partnership), params)
    internal = bool(is_un_staff(user))
    return EvaluationPage(
        count=count,
        page=params.page,
        page_size=page_size,
        results=[_evaluation_out(e, internal=internal) for e in rows],
    )


@router.post(
    "/partnerships/{partnership_id}/evaluations",
    response={201: EvaluationOut},
    summary="Record an evaluation (focal points and M&E officers of the lead entity)",
)
def evaluation_record(
    request: HttpRequest, partnership_id: int, payload: EvaluationIn
) -> Status[EvaluationOut]:
    user = _user(request)
    partnership = visible_partnership(user, partnership_id)
    evaluation = services.evaluation_record(
        partnership=partnership, actor=user, data=payload.dict()
    )
    return Status(201, _evaluation_out(evaluation, internal=True))
