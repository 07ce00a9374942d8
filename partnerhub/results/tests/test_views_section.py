"""The results section on a partnership's page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from partnerhub.knowledge.models import Lesson
from partnerhub.results.models import KPI
from partnerhub.results.tests.factories import (
    EvaluationFactory,
    KPIActualFactory,
    KPIFactory,
    KPITargetFactory,
    ProgressReportFactory,
)

pytestmark = pytest.mark.django_db


def page(client, partnership):
    response = client.get(reverse("partnerships:detail", args=[partnership.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_section_shows_kpis_with_their_light(as_role, active, kpi):
    report = ProgressReportFactory(
        partnership=active,
        period_end=datetime.date(2026, 12, 31),
        period_start=datetime.date(2026, 10, 1),
        status="accepted",
    )
    KPIActualFactory(report=report, kpi=kpi, value=50)  # half of the 100 due by the period's end
    _user, client = as_role("focal_point")
    html = page(client, active)
    assert 'id="results"' in html
    assert kpi.name in html
    assert "Off track" in html and "bi-x-octagon-fill" in html  # colour, icon and words
    assert "How the traffic lights are computed" in html


def test_design_stage_offers_kpi_editing_to_the_lead_entity(as_role, partnership, kpi):
    _user, client = as_role("focal_point")
    html = page(client, partnership)
    assert reverse("results:kpi_create", args=[partnership.pk]) in html
    assert reverse("results:kpi_edit", args=[kpi.pk]) in html
    _user, client = as_role("company_rep")
    html = page(client, partnership)
    assert kpi.name in html
    assert reverse("results:kpi_edit", args=[kpi.pk]) not in html


def test_no_kpi_editing_once_active(as_role, active, kpi):
    _user, client = as_role("focal_point")
    assert reverse("results:kpi_edit", args=[kpi.pk]) not in page(client, active)


def test_overdue_reports_are_flagged(as_role, active):
    ProgressReportFactory(partnership=active, due_on=datetime.date(2020, 1, 1))
    _user, client = as_role("company_rep")
    assert "Overdue" in page(client, active)


def test_closing_lists_what_is_missing_and_offers_the_reason_form(as_role, active):
    active.status = "closing"
    active.save()
    _user, client = as_role("focal_point")
    html = page(client, active)
    assert "Before this partnership can close, record" in html
    assert reverse("results:no_evaluation_reason", args=[active.pk]) in html


def test_un_only_lessons_are_hidden_from_the_company(as_role, active, focal_point):
    Lesson.objects.create(partnership=active, title="Internal lesson", text="x", source="direct")
    Lesson.objects.create(
        partnership=active, title="Public lesson", text="x", source="direct", visibility="public"
    )
    _user, client = as_role("company_rep")
    html = page(client, active)
    assert "Public lesson" in html and "Internal lesson" not in html
    _user, client = as_role("focal_point")
    assert "Internal lesson" in page(client, active)


def test_evaluations_listed(as_role, active):
    evaluation = EvaluationFactory(partnership=active)
    _user, client = as_role("company_rep")
    assert reverse("results:evaluation", args=[evaluation.pk]) in page(client, active)


def test_outsiders_see_no_page(as_role, partnership):
    # The page itself is refused (partnerships' rules); the section adds no way round it.
    _user, client = as_role("plain_user")
    assert client.get(reverse("partnerships:detail", args=[partnership.pk])).status_code == 403


@pytest.mark.parametrize("rows", [1, 50])
def test_query_count_does_not_grow_with_kpis_and_reports(
    as_role, active, rows, django_assert_max_num_queries
):
    KPI.objects.filter(partnership=active).delete()
    for n in range(rows):
        kpi = KPIFactory(partnership=active)
        KPITargetFactory(kpi=kpi)
        report = ProgressReportFactory(
            partnership=active,
            period_start=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
            status="accepted",
        )
        KPIActualFactory(report=report, kpi=kpi)
        Lesson.objects.create(partnership=active, title=f"Lesson {n}", text="x", source="direct")
        EvaluationFactory(partnership=active)
    _user, client = as_role("focal_point")
    with django_assert_max_num_queries(30):
        html = page(client, active)
    assert (
        html.count("text-bg-success") + html.count("text-bg-danger") + html.count("text-bg-warning")
        >= rows
    )


@pytest.mark.parametrize("status", ["terminated", "withdrawn", "rejected", "closed"])
def test_unwritten_reports_of_a_final_state_are_not_due(as_role, active, status):
    # Terminated with its Q4 report unwritten (and one long overdue): neither shows as due.
    ProgressReportFactory(
        partnership=active,
        period_start=datetime.date(2026, 10, 1),
        period_end=datetime.date(2026, 12, 31),
        due_on=datetime.date(2027, 1, 30),
    )
    ProgressReportFactory(partnership=active, due_on=datetime.date(2020, 1, 1))
    ProgressReportFactory(
        partnership=active,
        period_start=datetime.date(2025, 10, 1),
        period_end=datetime.date(2025, 12, 31),
        status="accepted",
    )
    active.status = status
    active.save()
    _user, client = as_role("focal_point")
    html = page(client, active)
    assert "Overdue" not in html
    assert html.count(f"No longer due: the partnership is {status}") == 2
    assert "Accepted" in html


def test_unwritten_reports_of_a_suspended_partnership_are_paused(as_role, active):
    ProgressReportFactory(partnership=active, due_on=datetime.date(2020, 1, 1))
    active.status = "suspended"
    active.save()
    _user, client = as_role("focal_point")
    html = page(client, active)
    assert "Overdue" not in html
    assert "Paused while the partnership is suspended" in html


def test_no_reports_before_activation(as_role, partnership):
    _user, client = as_role("focal_point")
    assert "Reports are scheduled when the partnership becomes active." in page(client, partnership)


def test_no_reports_because_no_start_date_nor_kpi(as_role, active):
    KPI.objects.filter(partnership=active).delete()
    active.starts_on = active.signed_on = active.ends_on = None
    active.save()
    _user, client = as_role("focal_point")
    html = page(client, active)
    assert "Reports are scheduled when the partnership becomes active." not in html
    assert "neither a start date nor a signature date" in html
    assert "The partnership has no KPI" in html


def test_no_reports_because_the_period_was_over(as_role, active):
    active.starts_on = datetime.date(2020, 1, 1)
    active.ends_on = datetime.date(2020, 12, 31)
    active.save()
    _user, client = as_role("focal_point")
    html = page(client, active)
    assert "had ended (on 2020-12-31) before reporting began" in html
    assert "no KPI" not in html
