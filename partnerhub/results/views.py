"""Results pages: KPIs and their targets, progress reports (writing and reviewing them),
evaluations, and the reports due and overdue for the signed-in user. The partnership's page
shows the results section (templatetags/results_tags.py). Views read through selectors and
write through services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerhub.accounts.predicates import is_un_staff, organisation_ids_for
from partnerhub.core.forms import add_service_errors
from partnerhub.knowledge.selectors import lessons_visible_to
from partnerhub.partnerships.models import Partnership
from partnerhub.partnerships.views import partnership_or_404
from partnerhub.results import selectors, services
from partnerhub.results.forms import (
    REPORT_STATE_FILTERS,
    EvaluationForm,
    KPIForm,
    NoEvaluationForm,
    ReportForm,
    ReviewForm,
    TargetFormSet,
    target_rows,
)
from partnerhub.results.models import KPI, Evaluation, KPITarget, ProgressReport
from partnerhub.results.rules import responsible_organisation_ids


def _require_kpi_design(request: HttpRequest, partnership: Partnership) -> None:
    if not request.user.has_perm("results.manage_kpis", partnership):
        raise PermissionDenied(
            _("Only focal points and M&E officers of the lead entity can define KPIs.")
        )


def _kpi_or_404(request: HttpRequest, pk: int) -> KPI:
    kpi = get_object_or_404(KPI.objects.select_related("partnership"), pk=pk)
    partnership_or_404(request, kpi.partnership_id)
    _require_kpi_design(request, kpi.partnership)
    return kpi


def _back_to_results(partnership: Partnership) -> HttpResponse:
    return redirect(partnership.get_absolute_url() + "#results")


def _kpi_page(request: HttpRequest, partnership: Partnership, kpi: KPI | None) -> HttpResponse:
    _require_kpi_design(request, partnership)
    if partnership.status not in services.DESIGN_STATES:
        messages.error(request, _("KPIs are fixed once a partnership is active."))
        return _back_to_results(partnership)
    initial = [
        {
            "id": t.pk,
            "period_start": t.period_start,
            "period_end": t.period_end,
            "value": t.value,
            "comment": t.comment,
        }
        for t in (kpi.targets.all() if kpi else [])
    ]
    form = KPIForm(request.POST or None, instance=kpi, partnership=partnership)
    targets = TargetFormSet(request.POST or None, initial=initial, prefix="targets")
    status = 200
    if request.method == "POST":
        if form.is_valid() and targets.is_valid():
            data = form.service_data()
            try:
                if kpi is None:
                    services.kpi_create(
                        partnership=partnership,
                        actor=request.user,
                        data=data,
                        targets=target_rows(targets),
                    )
                else:
                    services.kpi_update(
                        kpi=kpi, actor=request.user, data=data, targets=target_rows(targets)
                    )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("KPI saved."))
                return _back_to_results(partnership)
        status = 400
        if kpi is not None:
            kpi.refresh_from_db()
    return render(
        request,
        "results/kpi_form.html",
        {"form": form, "targets": targets, "partnership": partnership, "kpi": kpi},
        status=status,
    )


@login_required
def kpi_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _kpi_page(request, partnership_or_404(request, pk), None)


@login_required
def kpi_edit(request: HttpRequest, pk: int) -> HttpResponse:
    kpi = _kpi_or_404(request, pk)
    return _kpi_page(request, kpi.partnership, kpi)


def _confirm_delete(
    request: HttpRequest,
    *,
    what: str,
    done: str,
    name: str,
    partnership: Partnership,
    action: Any,
) -> HttpResponse:
    if request.method == "POST":
        try:
            action()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, done)
        return _back_to_results(partnership)
    return render(
        request,
        "results/confirm_delete.html",
        {"what": what, "name": name, "partnership": partnership},
    )


@login_required
def kpi_delete(request: HttpRequest, pk: int) -> HttpResponse:
    kpi = _kpi_or_404(request, pk)
    return _confirm_delete(
        request,
        what=_("this KPI"),
        done=_("KPI removed."),
        name=kpi.name,
        partnership=kpi.partnership,
        action=lambda: services.kpi_delete(kpi=kpi, actor=request.user),
    )


@login_required
def target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(KPITarget.objects.select_related("kpi__partnership"), pk=pk)
    partnership_or_404(request, target.kpi.partnership_id)
    _require_kpi_design(request, target.kpi.partnership)
    return _confirm_delete(
        request,
        what=_("this target"),
        done=_("Target removed."),
        name=f"{target.kpi.name}: {target.period_start} – {target.period_end}",
        partnership=target.kpi.partnership,
        action=lambda: services.target_delete(target=target, actor=request.user),
    )


def _report_or_404(request: HttpRequest, pk: int) -> ProgressReport:
    try:
        report = selectors.report_detail(pk)
    except ProgressReport.DoesNotExist:
        raise Http404(_("No such report.")) from None
    if not request.user.has_perm("results.view_results", report.partnership):
        raise PermissionDenied(_("Only the people involved in this partnership can read it."))
    return report


def _editable_kpis(user: Any, report: ProgressReport, kpis: list[KPI]) -> set[int]:
    if user.has_perm("results.review_report", report.partnership):
        return {k.pk for k in kpis}
    organisations = organisation_ids_for(user) & responsible_organisation_ids(report.partnership)
    return {
        k.pk
        for k in kpis
        if k.responsible_partner is not None
        and k.responsible_partner.organisation_id in organisations
    }


def _render_report(
    request: HttpRequest,
    report: ProgressReport,
    *,
    report_form: ReportForm | None = None,
    review_form: ReviewForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    partnership = report.partnership
    kpis = list(selectors.kpis_of(partnership))
    actuals = selectors.actuals_of(report)
    today = timezone.localdate()
    not_started = report.period_start > today and report.status in selectors.OPEN_REPORT_STATES
    can_submit = (
        report.status in selectors.OPEN_REPORT_STATES
        and not not_started
        and partnership.status in services.SUBMITTABLE_STATES
        and user.has_perm("results.submit_report", partnership)
    )
    can_review = report.status == ProgressReport.Status.SUBMITTED and user.has_perm(
        "results.review_report", partnership
    )
    if not can_submit and report_form is not None:
        # The form is not shown (e.g. a period not started yet): say why it was refused.
        for error in report_form.non_field_errors():
            messages.error(request, str(error))
    if can_submit and report_form is None:
        report_form = ReportForm(
            initial={"narrative": report.narrative},
            kpis=kpis,
            editable=_editable_kpis(user, report, kpis),
            actuals=actuals,
            can_accept=user.has_perm("results.review_report", partnership),
        )
    rows = []
    for kpi in kpis:
        actual = actuals.get(kpi.pk)
        target, assessment = selectors.kpi_status(
            kpi,
            list(kpi.targets.all()),
            actual,
            baseline_on=partnership.starts_on,
            today=report.period_end,
        )
        rows.append({"kpi": kpi, "actual": actual, "target": target, "assessment": assessment})
    return render(
        request,
        "results/report.html",
        {
            "report": report,
            "partnership": partnership,
            "rows": rows,
            "report_form": report_form if can_submit else None,
            "review_form": (review_form or ReviewForm()) if can_review else None,
            "overdue": selectors.is_overdue(report, partnership, today),
            "not_started": not_started,
            "note": ""
            if selectors.is_owed(report, partnership)
            or report.status not in selectors.OPEN_REPORT_STATES
            else selectors.open_report_note(partnership),
        },
        status=status,
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The report; POST submits it (with `actuals` per KPI and the narrative)."""
    report = _report_or_404(request, pk)
    if request.method != "POST":
        return _render_report(request, report)
    partnership = report.partnership
    if not request.user.has_perm("results.submit_report", partnership):
        raise PermissionDenied(
            _(
                "Only the lead entity's focal points and M&E officers, or a partner responsible "
                "for a KPI, can submit this report."
            )
        )
    kpis = list(selectors.kpis_of(partnership))
    form = ReportForm(
        request.POST,
        kpis=kpis,
        editable=_editable_kpis(request.user, report, kpis),
        actuals=selectors.actuals_of(report),
        can_accept=request.user.has_perm("results.review_report", partnership),
    )
    if form.is_valid():
        try:
            services.report_submit(
                report=report,
                actor=request.user,
                narrative=form.cleaned_data["narrative"],
                actuals=form.actuals(),
                accept=bool(form.cleaned_data.get("accept")),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Report submitted."))
            return redirect("results:report", pk=report.pk)
    return _render_report(request, report, report_form=form, status=400)


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    if not request.user.has_perm("results.review_report", report.partnership):
        raise PermissionDenied(
            _("Only focal points and M&E officers of the lead entity review progress reports.")
        )
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.report_review(
                report=report,
                actor=request.user,
                accept=form.cleaned_data["decision"] == "accept",
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Review recorded."))
            return redirect("results:report", pk=report.pk)
    return _render_report(request, report, review_form=form, status=400)


@login_required
def reports_due(request: HttpRequest) -> HttpResponse:
    """Reports still to write for the user's entity or company, soonest due first."""
    reports = selectors.open_reports_for(request.user)
    state = request.GET.get("state", "")
    today = timezone.localdate()
    if state == "overdue":
        reports = reports.filter(due_on__lt=today)
    elif state == "due":
        reports = reports.filter(due_on__gte=today)
    else:
        state = ""
    page = Paginator(reports, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "results/reports_due.html",
        {"page_obj": page, "state": state, "states": REPORT_STATE_FILTERS, "today": today},
    )


@login_required
def evaluation_create(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = partnership_or_404(request, pk)
    if not request.user.has_perm("results.record_evaluation", partnership):
        raise PermissionDenied(
            _("Only focal points and M&E officers of the lead entity record evaluations.")
        )
    form = EvaluationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.evaluation_record(
                    partnership=partnership, actor=request.user, data=form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Evaluation recorded."))
                return _back_to_results(partnership)
        status = 400
    return render(
        request,
        "results/evaluation_form.html",
        {"form": form, "partnership": partnership},
        status=status,
    )


@login_required
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("partnership", "created_by"), pk=pk
    )
    partnership = partnership_or_404(request, evaluation.partnership_id)
    return render(
        request,
        "results/evaluation.html",
        {
            "evaluation": evaluation,
            "partnership": partnership,
            "show_management_response": is_un_staff(request.user),
            "lessons": lessons_visible_to(request.user).filter(evaluation=evaluation),
            # Lessons recorded on the partnership but not linked to this evaluation.
            "other_lessons": lessons_visible_to(request.user)
            .filter(partnership=partnership)
            .exclude(evaluation=evaluation),
            "can_record_lesson": request.user.has_perm("knowledge.add_lesson", partnership),
        },
    )


@login_required
@require_POST
def no_evaluation_reason(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = partnership_or_404(request, pk)
    form = NoEvaluationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why there is no evaluation."))
        return _back_to_results(partnership)
    try:
        services.no_evaluation_reason_set(
            partnership=partnership, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Reason recorded."))
    return _back_to_results(partnership)
