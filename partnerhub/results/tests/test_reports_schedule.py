"""reports_schedule: periodic reports on activation, the final report on closing."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from partnerhub.core.models import AuditEvent
from partnerhub.results import services
from partnerhub.results.models import KPI, ProgressReport
from partnerhub.results.tests.factories import KPIFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def schedule(partnership, today):
    with transaction.atomic():  # as inside partnership_transition
        return services.reports_schedule(partnership=partnership, today=today)


def periods(partnership, final=False):
    return list(
        ProgressReport.objects.filter(partnership=partnership, is_final=final)
        .order_by("period_start")
        .values_list("period_start", "period_end", "due_on")
    )


def test_activation_schedules_the_shortest_frequency_from_today(active):
    KPIFactory(partnership=active, reporting_frequency=KPI.Frequency.ANNUAL)
    KPI.objects.filter(partnership=active).update(reporting_frequency=KPI.Frequency.SEMIANNUAL)
    KPIFactory(partnership=active, reporting_frequency=KPI.Frequency.ANNUAL)
    assert schedule(active, D(2026, 8, 15)) == 3
    assert periods(active) == [
        (D(2026, 7, 1), D(2026, 12, 31), D(2027, 1, 30)),
        (D(2027, 1, 1), D(2027, 6, 30), D(2027, 7, 30)),
        (D(2027, 7, 1), D(2027, 12, 31), D(2028, 1, 30)),
    ]
    event = AuditEvent.objects.get(verb="results.reports_scheduled")
    assert event.target_id == str(active.pk)
    assert event.actor is None
    assert len(event.details["reports"]) == 3


def test_it_is_idempotent(active):
    assert schedule(active, D(2026, 1, 10)) == 8  # quarterly, 2026–2027
    assert schedule(active, D(2026, 1, 10)) == 0
    assert schedule(active, D(2026, 5, 1)) == 0  # reactivated later: nothing new
    assert ProgressReport.objects.filter(partnership=active).count() == 8
    assert AuditEvent.objects.filter(verb="results.reports_scheduled").count() == 1


def test_nothing_without_an_end_date(active):
    active.ends_on = None
    active.save()
    assert schedule(active, D(2026, 1, 10)) == 0
    assert not ProgressReport.objects.exists()


def test_other_statuses_schedule_nothing(partnership, kpi):
    assert schedule(partnership, D(2026, 1, 10)) == 0  # in review


def test_closing_adds_the_final_report_and_drops_periods_not_begun(active):
    schedule(active, D(2026, 1, 10))
    written = ProgressReport.objects.get(period_start=D(2026, 1, 1))
    written.status = ProgressReport.Status.ACCEPTED
    written.save()
    active.status = "closing"
    active.save()
    assert schedule(active, D(2026, 5, 20)) == 1
    assert periods(active, final=True) == [(D(2026, 1, 1), D(2027, 12, 31), D(2026, 6, 19))]
    # Q1 (written) and Q2 (begun) stay; the six quarters not begun are dropped.
    assert [p[0] for p in periods(active)] == [D(2026, 1, 1), D(2026, 4, 1)]
    assert (
        AuditEvent.objects.filter(verb="results.reports_scheduled")
        .order_by("id")
        .last()
        .details["dropped"]
        == 6
    )
    assert schedule(active, D(2026, 5, 21)) == 0


def test_the_final_report_is_not_added_twice(active):
    active.status = "closing"
    active.save()
    ProgressReportFactory(partnership=active, is_final=True, status="accepted")
    assert schedule(active, D(2026, 5, 20)) == 0
