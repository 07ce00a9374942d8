"""reports_remind, the remind_reports command and task."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from partnerhub.accounts.models import Role
from partnerhub.accounts.tests.factories import MembershipFactory, UserFactory
from partnerhub.core.models import AuditEvent
from partnerhub.notifications.models import Notification
from partnerhub.results import services
from partnerhub.results.models import KPI
from partnerhub.results.tests.factories import ProgressReportFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 1)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def recipients(verb=None):
    notices = Notification.objects.all()
    if verb:
        notices = notices.filter(verb=verb)
    return set(notices.values_list("user__email", flat=True))


def test_due_soon_and_overdue_reports_are_reminded(
    active, focal_point, me_officer, company_rep, legal_officer, other_focal_point
):
    soon = ProgressReportFactory(partnership=active, due_on=days(7))
    overdue = ProgressReportFactory(
        partnership=active,
        period_start=datetime.date(2025, 10, 1),
        period_end=datetime.date(2025, 12, 31),
        due_on=days(-3),
    )
    later = ProgressReportFactory(
        partnership=active,
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2026, 6, 30),
        due_on=days(8),
    )
    ProgressReportFactory(
        partnership=active,
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2025, 9, 30),
        due_on=days(-40),
        status="submitted",
    )
    assert services.reports_remind(today=TODAY) == 2
    for report in (soon, overdue, later):
        report.refresh_from_db()
    assert soon.last_reminded_at is not None and overdue.last_reminded_at is not None
    assert later.last_reminded_at is None
    # The lead entity's focal points and M&E officers, and the responsible company.
    expected = {focal_point.email, me_officer.email, company_rep.email}
    assert recipients("results.report_due") == expected
    assert recipients("results.report_overdue") == expected
    assert (
        AuditEvent.objects.filter(verb="results.report_reminded", target_id=str(active.pk)).count()
        == 2
    )


def test_no_company_when_the_lead_entity_reports_on_every_kpi(active, focal_point, company_rep):
    KPI.objects.update(responsible_partner=None)
    ProgressReportFactory(partnership=active, due_on=days(1))
    services.reports_remind(today=TODAY)
    assert recipients() == {focal_point.email}


def test_not_twice_in_seven_days(active, focal_point):
    report = ProgressReportFactory(partnership=active, due_on=days(2))
    assert services.reports_remind(today=TODAY) == 1
    assert services.reports_remind(today=days(1)) == 0
    report.last_reminded_at = timezone.now() - datetime.timedelta(days=8)
    report.save()
    assert services.reports_remind(today=days(8)) == 1
    assert Notification.objects.filter(user=focal_point).count() == 2


def test_returned_reports_are_reminded_too(active, focal_point):
    ProgressReportFactory(partnership=active, due_on=days(-1), status="returned")
    assert services.reports_remind(today=TODAY) == 1


@pytest.mark.parametrize("status", ["suspended", "closed", "terminated"])
def test_partnerships_not_reporting_are_left_alone(active, focal_point, status):
    ProgressReportFactory(partnership=active, due_on=days(-1))
    active.status = status
    active.save()
    assert services.reports_remind(today=TODAY) == 0
    assert not Notification.objects.exists()


def test_inactive_users_are_not_told(active, entity):
    user = UserFactory(email="gone@wfp.example", is_active=False)
    MembershipFactory(user=user, role=Role.FOCAL_POINT, un_entity=entity)
    ProgressReportFactory(partnership=active, due_on=days(1))
    services.reports_remind(today=TODAY)
    assert "gone@wfp.example" not in recipients()


def test_the_command(active, focal_point):
    ProgressReportFactory(partnership=active, due_on=timezone.localdate())
    out = StringIO()
    call_command("remind_reports", stdout=out)
    assert out.getvalue() == "Sent reminders for 1 report(s).\n"
    out = StringIO()
    call_command("remind_reports", stdout=out)
    assert out.getvalue() == "No report needs a reminder.\n"


def test_the_task(active, focal_point, settings):
    from partnerhub.results.tasks import remind_reports

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    ProgressReportFactory(partnership=active, due_on=timezone.localdate())
    result = remind_reports.enqueue()
    assert result.return_value == 1
