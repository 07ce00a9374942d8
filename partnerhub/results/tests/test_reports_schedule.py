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


def test_open_ended_schedules_the_periods_started_and_the_next(active):
    # Quarterly from 2026-01-01, no end date, today 2026-05-10: Q1 ended before today
    # (skipped), Q2 is running, Q3 is the next one; nothing beyond.
    active.ends_on = None
    active.save()
    assert schedule(active, D(2026, 5, 10)) == 2
    assert periods(active) == [
        (D(2026, 4, 1), D(2026, 6, 30), D(2026, 7, 30)),
        (D(2026, 7, 1), D(2026, 9, 30), D(2026, 10, 30)),
    ]
    # Same day again: nothing new. On 2026-07-01 Q3 has started, so Q4 is added.
    assert schedule(active, D(2026, 5, 10)) == 0
    assert schedule(active, D(2026, 7, 1)) == 1
    assert periods(active)[-1] == (D(2026, 10, 1), D(2026, 12, 31), D(2027, 1, 30))


def test_open_ended_not_started_yet_gets_its_first_period(active):
    active.ends_on = None
    active.starts_on = D(2026, 9, 1)
    active.save()
    assert schedule(active, D(2026, 5, 10)) == 1
    assert periods(active) == [(D(2026, 9, 1), D(2026, 11, 30), D(2026, 12, 30))]


def test_open_ended_falls_back_on_the_signature_date(active):
    active.ends_on = None
    active.starts_on = None
    active.signed_on = D(2026, 2, 15)
    active.save()
    # Quarters from 2026-02-15; today 2026-05-10: 02-15–05-14 running, 05-15–08-14 next.
    assert schedule(active, D(2026, 5, 10)) == 2
    assert periods(active) == [
        (D(2026, 2, 15), D(2026, 5, 14), D(2026, 6, 13)),
        (D(2026, 5, 15), D(2026, 8, 14), D(2026, 9, 13)),
    ]


def test_nothing_without_an_end_date_nor_a_start_or_signature_date(active):
    active.ends_on = None
    active.starts_on = None
    active.signed_on = None
    active.save()
    assert schedule(active, D(2026, 1, 10)) == 0
    assert not ProgressReport.objects.exists()


def test_the_daily_reminder_run_extends_open_ended_partnerships(active):
    active.ends_on = None
    active.save()
    assert schedule(active, D(2026, 5, 10)) == 2
    # Three months later: Q3 (2026-07-01) and Q4 (2026-10-01) have started; Q1 2027 is next.
    services.reports_remind(today=D(2026, 10, 2))
    assert [p[0] for p in periods(active)] == [
        D(2026, 4, 1),
        D(2026, 7, 1),
        D(2026, 10, 1),
        D(2027, 1, 1),
    ]
    services.reports_remind(today=D(2026, 10, 2))
    assert ProgressReport.objects.filter(partnership=active).count() == 4


@pytest.mark.parametrize("status", ["suspended", "closing", "terminated"])
def test_the_daily_run_extends_only_active_partnerships(active, status):
    active.ends_on = None
    active.status = status
    active.save()
    assert services.reports_extend(today=D(2026, 10, 2)) == 0
    assert not ProgressReport.objects.exists()


def test_the_daily_run_leaves_end_dated_partnerships_alone(active):
    assert services.reports_extend(today=D(2026, 10, 2)) == 0
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
