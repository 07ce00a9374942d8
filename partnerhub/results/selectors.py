"""Reads of KPIs, progress reports and evaluations."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from partnerhub.accounts.models import Membership, Role
from partnerhub.accounts.predicates import (
    entity_ids_for,
    is_administrator,
    is_system_coordinator,
    organisation_ids_for,
)
from partnerhub.partnerships.models import Partnership
from partnerhub.results import status
from partnerhub.results.models import KPI, Evaluation, KPIActual, KPITarget, ProgressReport

HIGHER_LEVELS = (KPI.ResultLevel.OUTCOME, KPI.ResultLevel.IMPACT)
# Reports still to be written (a returned one is rewritten).
OPEN_REPORT_STATES = (ProgressReport.Status.DUE, ProgressReport.Status.RETURNED)
# Reports whose figures count: accepted ones and those awaiting review.
COUNTED_REPORT_STATES = (ProgressReport.Status.SUBMITTED, ProgressReport.Status.ACCEPTED)
# Partnerships that report: suspended ones pause their reporting.
REPORTING_STATES = (Partnership.Status.ACTIVE, Partnership.Status.CLOSING)
# Partnerships in a final state owe no more reports: their unwritten ones are not due.
REPORTING_OVER_STATES = (
    Partnership.Status.CLOSED,
    Partnership.Status.REJECTED,
    Partnership.Status.WITHDRAWN,
    Partnership.Status.TERMINATED,
)


def is_owed(report: ProgressReport, partnership: Partnership) -> bool:
    """Whether the report is still to be written and the partnership reports now: an open
    report of a suspended partnership is paused, one of a partnership in a final state is no
    longer owed. The due and overdue lists, the reminders and the dashboards count only
    these (by filtering on REPORTING_STATES)."""
    return report.status in OPEN_REPORT_STATES and partnership.status in REPORTING_STATES


def is_overdue(report: ProgressReport, partnership: Partnership, today: datetime.date) -> bool:
    return is_owed(report, partnership) and report.due_on < today


def open_report_note(partnership: Partnership) -> str:
    """What an unwritten report of the partnership is, when it is not owed; empty when it is."""
    if partnership.status == Partnership.Status.SUSPENDED:
        return _("Paused while the partnership is suspended")
    if partnership.status in REPORTING_OVER_STATES:
        return _("No longer due: the partnership is %(status)s") % {
            "status": str(partnership.get_status_display()).lower()
        }
    return ""


def no_reports_reason(partnership: Partnership, *, today: datetime.date) -> str:
    """Why the partnership has no progress report (see services.reports_schedule)."""
    status_ = partnership.status
    if status_ in REPORTING_OVER_STATES:
        return _("No report was scheduled: the partnership is %(status)s.") % {
            "status": str(partnership.get_status_display()).lower()
        }
    if status_ not in (*REPORTING_STATES, Partnership.Status.SUSPENDED):
        return _("Reports are scheduled when the partnership becomes active.")
    starts = partnership.starts_on or partnership.signed_on
    has_kpis = KPI.objects.filter(partnership=partnership).exists()
    if partnership.ends_on is None and starts is None:
        reason = _(
            "No report is scheduled: the partnership has no end date and neither a start "
            "date nor a signature date, so its reporting periods cannot be set. Record its "
            "start date."
        )
    elif starts is not None and partnership.ends_on is not None and partnership.ends_on < starts:
        reason = _("No report is scheduled: the end date comes before the start date.")
    elif partnership.ends_on is not None and partnership.ends_on < today:
        reason = _(
            "No report is scheduled: every reporting period had ended (on %(day)s) before "
            "reporting began."
        ) % {"day": partnership.ends_on.isoformat()}
    else:
        reason = _("No report is scheduled yet: periods are added as they start.")
    if not has_kpis:
        reason += " " + _(
            "The partnership has no KPI: reports will carry a narrative only, quarterly."
        )
    return reason


def design_kpis(partnership: Partnership) -> QuerySet[KPI]:
    """Outcome- or impact-level KPIs with a baseline (a value and year, or a qualitative
    description) and at least one target."""
    return (
        KPI.objects.filter(partnership=partnership, result_level__in=HIGHER_LEVELS)
        .filter(
            Q(baseline_value__isnull=False, baseline_year__isnull=False) | ~Q(baseline_comment="")
        )
        .filter(
            Exists(
                KPITarget.objects.filter(kpi=OuterRef("pk")).filter(
                    Q(value__isnull=False) | ~Q(comment="")
                )
            )
        )
    )


def design_kpi_problem(partnership: Partnership) -> str:
    """Why the partnership lacks a KPI fit for review; empty when it has one."""
    if design_kpis(partnership).exists():
        return ""
    return _("no outcome- or impact-level KPI has both a baseline and a target")


def closure_problems(partnership: Partnership) -> list[str]:
    """What is missing before the partnership can close: a final report accepted by the lead
    entity, an evaluation or a recorded reason for none, and at least one lesson learned."""
    from partnerhub.knowledge.models import Lesson

    problems = []
    if not ProgressReport.objects.filter(
        partnership=partnership, is_final=True, status=ProgressReport.Status.ACCEPTED
    ).exists():
        problems.append(_("an accepted final report"))
    if (
        not Evaluation.objects.filter(partnership=partnership).exists()
        and not partnership.no_evaluation_reason.strip()
    ):
        problems.append(_("an evaluation, or the reason there is none"))
    if not Lesson.objects.filter(partnership=partnership).exists():
        problems.append(_("at least one lesson learned"))
    return problems


def kpis_of(partnership: Partnership) -> QuerySet[KPI]:
    return (
        KPI.objects.filter(partnership=partnership)
        .select_related("responsible_partner__organisation")
        .prefetch_related("targets")
    )


@dataclass
class KPIRow:
    """A KPI as the results section shows it: its latest actual value and traffic light."""

    kpi: KPI
    targets: list[KPITarget]
    actual: KPIActual | None
    target: KPITarget | None
    assessment: status.Assessment


def _target_for(targets: list[KPITarget], day: datetime.date) -> KPITarget | None:
    """The target due next on `day` (the first period ending on or after it), else the last."""
    for target in targets:
        if target.period_end >= day:
            return target
    return targets[-1] if targets else None


def kpi_status(
    kpi: KPI,
    targets: list[KPITarget],
    actual: KPIActual | None,
    *,
    baseline_on: datetime.date | None,
    today: datetime.date,
) -> tuple[KPITarget | None, status.Assessment]:
    """The light of `kpi` at its `actual` value (status.py), against the target due next
    after the actual's period; without an actual, against the target due next today."""
    as_of = actual.report.period_end if actual is not None else today
    target = _target_for(targets, as_of)
    start = baseline_on or (targets[0].period_start if targets else as_of)
    assessment = status.assess(
        baseline=kpi.baseline_value,
        target=target.value if target else None,
        actual=actual.value if actual else None,
        ascending=kpi.ascending,
        qualitative=kpi.measure == KPI.Measure.QUALITATIVE,
        baseline_on=start,
        target_end=target.period_end if target else as_of,
        as_of=as_of,
    )
    return target, assessment


def kpi_rows(
    partnership: Partnership,
    *,
    today: datetime.date,
    counted_states: tuple[str, ...] = COUNTED_REPORT_STATES,
) -> list[KPIRow]:
    """Every KPI with its targets, latest counted actual and traffic light, in three queries.
    The public page counts only accepted reports (`counted_states`)."""
    kpis = list(
        kpis_of(partnership).prefetch_related(
            Prefetch(
                "actuals",
                queryset=KPIActual.objects.filter(report__status__in=counted_states)
                .select_related("report")
                .order_by("-report__period_end", "-report__is_final", "-id"),
                to_attr="counted_actuals",
            )
        )
    )
    rows = []
    for kpi in kpis:
        targets = list(kpi.targets.all())
        counted = getattr(kpi, "counted_actuals", [])
        actual = counted[0] if counted else None
        target, assessment = kpi_status(
            kpi, targets, actual, baseline_on=partnership.starts_on, today=today
        )
        rows.append(KPIRow(kpi, targets, actual, target, assessment))
    return rows


def reports_of(partnership: Partnership) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(partnership=partnership).select_related(
        "submitted_by", "submitted_for", "reviewed_by"
    )


def report_detail(pk: int) -> ProgressReport:
    return ProgressReport.objects.select_related(
        "partnership__lead_entity", "submitted_by", "submitted_for", "reviewed_by"
    ).get(pk=pk)


def actuals_of(report: ProgressReport) -> dict[int, KPIActual]:
    return {a.kpi_id: a for a in report.actuals.all()}


def evaluations_of(partnership: Partnership) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(partnership=partnership).select_related("created_by")


def open_reports_for(user: Any) -> QuerySet[ProgressReport]:
    """Reports still to be written that concern `user`: those of partnerships their entity
    leads (focal points and M&E officers), those where their company is responsible for a
    KPI, and all of them for administrators and the system coordinator."""
    reports = (
        ProgressReport.objects.filter(
            status__in=OPEN_REPORT_STATES, partnership__status__in=REPORTING_STATES
        )
        .select_related("partnership__lead_entity")
        .order_by("due_on", "partnership_id", "id")
    )
    if is_administrator(user) or is_system_coordinator(user):
        return reports
    entities = entity_ids_for(user, Role.FOCAL_POINT, Role.ME_OFFICER)
    organisations = organisation_ids_for(user)
    responsible = KPI.objects.filter(responsible_partner__organisation_id__in=organisations).values(
        "partnership_id"
    )
    return reports.filter(
        Q(partnership__lead_entity_id__in=entities) | Q(partnership_id__in=responsible)
    )


def results_staff_of(partnership: Partnership) -> list[Any]:
    """The lead entity's focal points and M&E officers."""
    return [
        m.user
        for m in Membership.objects.filter(
            role__in=(Role.FOCAL_POINT, Role.ME_OFFICER), un_entity_id=partnership.lead_entity_id
        ).select_related("user")
    ]


def reps_of(organisation_ids: Any) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.filter(
            role=Role.COMPANY_REP, organisation_id__in=list(organisation_ids)
        ).select_related("user")
    ]


def reporters_of(partnership: Partnership) -> list[Any]:
    """Who writes the partnership's reports: the lead entity's focal points and M&E officers,
    and the representatives of partners responsible for a KPI."""
    from partnerhub.results.rules import responsible_organisation_ids

    return results_staff_of(partnership) + reps_of(responsible_organisation_ids(partnership))


def reports_to_remind(
    *, today: datetime.date, reminded_before: datetime.datetime, warn_days: int
) -> QuerySet[ProgressReport]:
    """Open reports due within `warn_days` or overdue, not reminded since `reminded_before`."""
    return (
        ProgressReport.objects.filter(
            status__in=OPEN_REPORT_STATES,
            partnership__status__in=REPORTING_STATES,
            due_on__lte=today + datetime.timedelta(days=warn_days),
        )
        .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lt=reminded_before))
        .select_related("partnership")
        .order_by("due_on", "id")
    )
