from __future__ import annotations

import datetime

import pytest

from partnerhub.knowledge.models import Lesson
from partnerhub.results.models import KPI, KPIActual, KPITarget, ProgressReport

pytestmark = pytest.mark.django_db


def test_public_page_shows_parties_and_contributions(client, portfolio):
    response = client.get(f"/portfolio/{portfolio['current'].pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hibiscus farmers training" in body
    assert "Trucks for Good Ltd" in body
    assert "World Food Programme" in body
    assert "25,000.00 USD" in body or "25000.00 USD" in body


@pytest.mark.parametrize("key", ["confidential", "proposed", "draft"])
def test_non_public_partnerships_are_not_found(client, portfolio, key):
    response = client.get(f"/portfolio/{portfolio[key].pk}/")
    assert response.status_code == 404


def test_unknown_partnership_is_not_found(client, portfolio):
    assert client.get("/portfolio/987654/").status_code == 404


def _kpi_with_reports(partnership):
    kpi = KPI.objects.create(
        partnership=partnership,
        name="Farmers trained",
        result_level="2",
        measure="1",
        unit="farmers",
        baseline_value=0,
        defined_at_status="review",
    )
    KPITarget.objects.create(
        kpi=kpi,
        period_start=datetime.date(2025, 3, 1),
        period_end=datetime.date(2025, 12, 31),
        value=200,
    )
    accepted = ProgressReport.objects.create(
        partnership=partnership,
        period_start=datetime.date(2025, 3, 1),
        period_end=datetime.date(2025, 6, 30),
        due_on=datetime.date(2025, 7, 31),
        status=ProgressReport.Status.ACCEPTED,
    )
    KPIActual.objects.create(report=accepted, kpi=kpi, value=80)
    submitted = ProgressReport.objects.create(
        partnership=partnership,
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2025, 9, 30),
        due_on=datetime.date(2025, 10, 31),
        status=ProgressReport.Status.SUBMITTED,
    )
    KPIActual.objects.create(report=submitted, kpi=kpi, value=777)
    return kpi


def test_results_show_only_accepted_reports(client, portfolio):
    _kpi_with_reports(portfolio["current"])
    response = client.get(f"/portfolio/{portfolio['current'].pk}/")
    body = response.content.decode()
    assert "Farmers trained" in body
    assert "80 farmers" in body
    assert "777" not in body
    assert "awaiting review count already" not in body


def test_only_public_lessons_are_listed(client, portfolio):
    partnership = portfolio["past"]
    Lesson.objects.create(
        title="Loggers in every truck",
        text="t",
        visibility="public",
        source="closure",
        partnership=partnership,
    )
    Lesson.objects.create(
        title="Internal budget overrun",
        text="t",
        visibility="un_only",
        source="closure",
        partnership=partnership,
    )
    body = client.get(f"/portfolio/{partnership.pk}/").content.decode()
    assert "Loggers in every truck" in body
    assert "Internal budget overrun" not in body


def test_workspace_link_only_for_those_who_may_open_it(client, portfolio, focal_point):
    url = f"/portfolio/{portfolio['current'].pk}/"
    assert "Open in the workspace" not in client.get(url).content.decode()
    client.force_login(focal_point)
    assert "Open in the workspace" in client.get(url).content.decode()


def test_arabic_page_renders(client, portfolio):
    client.cookies["django_language"] = "ar"
    response = client.get(f"/portfolio/{portfolio['past'].pk}/")
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()
