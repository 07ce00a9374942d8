"""report_submit and report_review."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.core.models import AuditEvent
from partnerhub.notifications.models import Notification
from partnerhub.results import services
from partnerhub.results.models import KPI, ProgressReport
from partnerhub.results.tests.factories import KPIFactory

pytestmark = pytest.mark.django_db


def submit(report, actor, actuals=None, **kwargs):
    return services.report_submit(
        report=report,
        actor=actor,
        narrative=kwargs.pop("narrative", "Deliveries started in three districts."),
        actuals=actuals if actuals is not None else {},
        **kwargs,
    )


def test_a_company_submits_for_review(
    report, kpi, company_rep, organisation, focal_point, me_officer
):
    submit(report, company_rep, {kpi.pk: {"value": "20", "comment": "Rains delayed"}})
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED
    assert report.submitted_for == organisation
    assert report.submitted_by == company_rep
    actual = report.actuals.get()
    assert (actual.value, actual.comment) == (Decimal(20), "Rains delayed")
    event = AuditEvent.objects.get(verb="results.report_submitted")
    assert event.target_id == str(report.partnership_id)
    notified = set(
        Notification.objects.filter(verb="results.report_submitted").values_list("user", flat=True)
    )
    assert notified == {focal_point.pk, me_officer.pk}


def test_a_company_reports_only_on_its_kpis(report, kpi, company_rep):
    theirs = KPIFactory(partnership=report.partnership)  # the lead entity reports on it
    with pytest.raises(PermissionDenied, match="not responsible"):
        submit(report, company_rep, {theirs.pk: {"value": 3}})
    assert report.actuals.count() == 0


def test_a_company_without_a_kpi_to_report_on_may_not_submit(report, kpi, company_rep):
    KPI.objects.update(responsible_partner=None)
    with pytest.raises(PermissionDenied):
        submit(report, company_rep)


@pytest.mark.parametrize(
    "role", ["other_focal_point", "screening_officer", "legal_officer", "coordinator", "anonymous"]
)
def test_others_may_not_submit(request, report, kpi, role):
    with pytest.raises(PermissionDenied):
        submit(report, request.getfixturevalue(role), {kpi.pk: {"value": 1}})
    report.refresh_from_db()
    assert report.status == "due"


def test_un_staff_may_accept_their_report_at_once(report, kpi, focal_point, company_rep):
    submit(report, focal_point, {kpi.pk: {"value": 30}}, accept=True)
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.ACCEPTED
    assert report.reviewed_by == focal_point
    assert report.submitted_for is None
    assert list(AuditEvent.objects.values_list("verb", flat=True).order_by("id")) == [
        "results.report_submitted",
        "results.report_accepted",
    ]
    assert Notification.objects.filter(user=company_rep, verb="results.report_accepted").exists()


def test_un_staff_submit_for_review_by_default(report, kpi, me_officer, focal_point):
    submit(report, me_officer, {kpi.pk: {"value": 30}})
    report.refresh_from_db()
    assert report.status == "submitted"
    assert Notification.objects.filter(user=focal_point, verb="results.report_submitted").exists()
    assert not Notification.objects.filter(user=me_officer).exists()


def test_a_company_may_not_accept_its_own(report, kpi, company_rep):
    with pytest.raises(PermissionDenied):
        submit(report, company_rep, {kpi.pk: {"value": 1}}, accept=True)


@pytest.mark.parametrize(
    ("actuals", "narrative", "message"),
    [
        ({}, "   ", "narrative"),
        ("bad-kpi", "Fine", "not one of this partnership's"),
        ("not-a-number", "Fine", "not a number"),
    ],
)
def test_bad_input_is_refused(report, kpi, focal_point, actuals, narrative, message):
    if actuals == "bad-kpi":
        actuals = {KPIFactory().pk: {"value": 1}}
    elif actuals == "not-a-number":
        actuals = {kpi.pk: {"value": "many"}}
    with pytest.raises(ValidationError, match=message):
        submit(report, focal_point, actuals, narrative=narrative)


def test_qualitative_kpis_take_a_description(report, focal_point):
    qualitative = KPIFactory(partnership=report.partnership, measure=KPI.Measure.QUALITATIVE)
    with pytest.raises(ValidationError, match="qualitative"):
        submit(report, focal_point, {qualitative.pk: {"value": 1}})
    submit(report, focal_point, {qualitative.pk: {"comment": "Draft policy tabled"}})


def test_a_submitted_report_cannot_be_resubmitted(report, kpi, company_rep):
    submit(report, company_rep, {kpi.pk: {"value": 1}})
    with pytest.raises(ValidationError, match="no longer be changed"):
        submit(report, company_rep, {kpi.pk: {"value": 2}})


def test_reports_are_written_while_the_partnership_runs(report, kpi, focal_point):
    report.partnership.status = "closed"
    report.partnership.save()
    with pytest.raises(ValidationError, match="while a partnership runs"):
        submit(report, focal_point, {kpi.pk: {"value": 1}})


def test_review_accepts(report, kpi, company_rep, focal_point):
    submit(report, company_rep, {kpi.pk: {"value": 20}})
    services.report_review(report=report, actor=focal_point, accept=True, comment="")
    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == ("accepted", focal_point)
    assert Notification.objects.filter(user=company_rep, verb="results.report_accepted").exists()
    assert AuditEvent.objects.filter(verb="results.report_accepted").exists()


def test_returning_needs_a_comment_and_the_company_may_resubmit(
    report, kpi, company_rep, me_officer
):
    submit(report, company_rep, {kpi.pk: {"value": 20}})
    with pytest.raises(ValidationError, match="what needs changing"):
        services.report_review(report=report, actor=me_officer, accept=False, comment=" ")
    services.report_review(
        report=report, actor=me_officer, accept=False, comment="Give the district figures."
    )
    report.refresh_from_db()
    assert report.status == "returned"
    notice = Notification.objects.get(user=company_rep, verb="results.report_returned")
    assert notice.body == "Give the district figures."
    submit(report, company_rep, {kpi.pk: {"value": 25}})
    report.refresh_from_db()
    assert report.status == "submitted"
    assert report.actuals.get().value == 25


@pytest.mark.parametrize(
    "role",
    [
        "company_rep",
        "other_focal_point",
        "screening_officer",
        "legal_officer",
        "coordinator",
        "anonymous",
    ],
)
def test_others_may_not_review(request, report, kpi, company_rep, role):
    submit(report, company_rep, {kpi.pk: {"value": 20}})
    with pytest.raises(PermissionDenied):
        services.report_review(report=report, actor=request.getfixturevalue(role), accept=True)


def test_only_submitted_reports_are_reviewed(report, focal_point):
    with pytest.raises(ValidationError, match="Only a submitted report"):
        services.report_review(report=report, actor=focal_point, accept=True)


def _today(monkeypatch, day):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


def test_a_period_not_started_yet_cannot_be_reported(monkeypatch, report, kpi, focal_point):
    # On 2026-11-26 the report for December 2026 – February 2027 is refused.
    _today(monkeypatch, datetime.date(2026, 11, 26))
    ProgressReport.objects.filter(pk=report.pk).update(
        period_start=datetime.date(2026, 12, 1),
        period_end=datetime.date(2027, 2, 28),
        due_on=datetime.date(2027, 3, 30),
    )
    report.refresh_from_db()
    with pytest.raises(ValidationError, match=r"has not started yet \(starts on 2026-12-01\)"):
        submit(report, focal_point, {kpi.pk: {"value": 1}}, accept=True)
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.DUE
    assert not AuditEvent.objects.filter(verb="results.report_submitted").exists()


def test_a_period_started_today_can_be_reported(monkeypatch, report, kpi, focal_point):
    _today(monkeypatch, datetime.date(2026, 12, 1))
    ProgressReport.objects.filter(pk=report.pk).update(
        period_start=datetime.date(2026, 12, 1), period_end=datetime.date(2027, 2, 28)
    )
    report.refresh_from_db()
    submit(report, focal_point, {kpi.pk: {"value": 1}})
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED
