"""The report page (writing and reviewing a report) and the list of reports due."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from partnerhub.notifications.models import Notification
from partnerhub.partnerships.tests.factories import PartnershipFactory
from partnerhub.results.models import ProgressReport
from partnerhub.results.tests.factories import KPIFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db

DUE = reverse("results:reports_due")


def url(report):
    return reverse("results:report", args=[report.pk])


def test_the_company_sees_a_form_for_its_kpis_only(as_role, report, kpi):
    theirs = KPIFactory(partnership=report.partnership, name="Policy briefs published")
    _user, client = as_role("company_rep")
    response = client.get(url(report))
    assert response.status_code == 200
    form = response.context["report_form"]
    assert f"value_{kpi.pk}" in form.fields
    assert f"value_{theirs.pk}" not in form.fields
    assert "accept" not in form.fields


def test_the_company_submits_and_the_focal_point_reviews(as_role, report, kpi):
    _user, client = as_role("company_rep")
    response = client.post(
        url(report),
        {"narrative": "Two districts served.", f"value_{kpi.pk}": "12", f"comment_{kpi.pk}": ""},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    _user, client = as_role("focal_point")
    html = client.get(url(report)).content.decode()
    assert reverse("results:report_review", args=[report.pk]) in html
    response = client.post(
        reverse("results:report_review", args=[report.pk]), {"decision": "return", "comment": ""}
    )
    assert response.status_code == 400
    assert "Say what needs changing" in response.content.decode()
    client.post(
        reverse("results:report_review", args=[report.pk]),
        {"decision": "return", "comment": "Add district names."},
    )
    report.refresh_from_db()
    assert report.status == "returned"
    _user, client = as_role("company_rep")
    html = client.get(url(report)).content.decode()
    assert "Add district names." in html
    assert Notification.objects.filter(verb="results.report_returned").exists()


def test_a_focal_point_may_accept_at_once(as_role, report, kpi):
    _user, client = as_role("focal_point")
    assert "accept" in client.get(url(report)).context["report_form"].fields
    client.post(url(report), {"narrative": "Done.", f"value_{kpi.pk}": "40", "accept": "on"})
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.ACCEPTED


def test_a_missing_narrative_is_a_400(as_role, report, kpi):
    _user, client = as_role("company_rep")
    assert client.post(url(report), {"narrative": ""}).status_code == 400


@pytest.mark.parametrize("role", ["other_focal_point", "screening_officer", "legal_officer"])
def test_un_staff_not_concerned_read_but_may_not_write(as_role, report, kpi, role):
    _user, client = as_role(role)
    response = client.get(url(report))
    assert response.status_code == 200
    assert response.context["report_form"] is None
    assert client.post(url(report), {"narrative": "x"}).status_code == 403
    assert (
        client.post(
            reverse("results:report_review", args=[report.pk]), {"decision": "accept"}
        ).status_code
        == 403
    )


def test_the_company_may_not_review(as_role, report):
    _user, client = as_role("company_rep")
    response = client.post(
        reverse("results:report_review", args=[report.pk]), {"decision": "accept"}
    )
    assert response.status_code == 403


def test_strangers_cannot_read(as_role, report):
    _user, client = as_role("plain_user")
    assert client.get(url(report)).status_code == 403


def test_anonymous_goes_to_login(client, report):
    assert client.get(url(report)).status_code == 302
    assert client.get(DUE).status_code == 302


def test_unknown_report_404(as_role):
    _user, client = as_role("focal_point")
    assert client.get(reverse("results:report", args=[999999])).status_code == 404


@pytest.fixture
def reports(active, other_entity):
    today = datetime.date.today()
    overdue = ProgressReportFactory(partnership=active, due_on=today - datetime.timedelta(days=3))
    due = ProgressReportFactory(
        partnership=active,
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2026, 6, 30),
        due_on=today + datetime.timedelta(days=20),
    )
    ProgressReportFactory(
        partnership=active,
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 9, 30),
        status="accepted",
    )
    elsewhere = ProgressReportFactory(
        partnership=PartnershipFactory(lead_entity=other_entity, status="active")
    )
    return overdue, due, elsewhere


def listed(client, **params):
    response = client.get(DUE, params)
    assert response.status_code == 200
    return list(response.context["page_obj"].object_list)


@pytest.mark.parametrize("role", ["focal_point", "me_officer", "company_rep"])
def test_the_due_list_shows_the_users_reports(as_role, reports, role):
    overdue, due, _elsewhere = reports
    _user, client = as_role(role)
    assert listed(client) == [overdue, due]
    assert listed(client, state="overdue") == [overdue]
    assert listed(client, state="due") == [due]


def test_others_see_none_of_them(as_role, reports):
    for role in ("other_focal_point", "legal_officer", "plain_user"):
        _user, client = as_role(role)
        assert reports[0] not in listed(client)


def test_the_coordinator_sees_all(as_role, reports):
    _user, client = as_role("coordinator")
    assert set(listed(client)) == set(reports)


@pytest.mark.parametrize("rows", [1, 50])
def test_due_list_query_count(as_role, entity, rows, django_assert_max_num_queries, settings):
    settings.PAGE_SIZE = 100
    for _n in range(rows):
        ProgressReportFactory(partnership=PartnershipFactory(lead_entity=entity, status="active"))
    _user, client = as_role("focal_point")
    with django_assert_max_num_queries(10):
        assert len(listed(client)) == rows


def test_report_page_query_count(as_role, report, django_assert_max_num_queries):
    for _n in range(20):
        KPIFactory(partnership=report.partnership)
    _user, client = as_role("focal_point")
    with django_assert_max_num_queries(25):
        assert client.get(url(report)).status_code == 200


def test_a_period_not_started_yet_offers_no_form_and_refuses_a_post(as_role, report, kpi):
    start = datetime.date.today() + datetime.timedelta(days=5)
    ProgressReport.objects.filter(pk=report.pk).update(
        period_start=start, period_end=start + datetime.timedelta(days=89)
    )
    _user, client = as_role("focal_point")
    response = client.get(url(report))
    assert response.context["report_form"] is None
    assert "can be written from then" in response.content.decode()
    response = client.post(url(report), {"narrative": "Early.", f"value_{kpi.pk}": "1"})
    assert response.status_code == 400
    assert "has not started yet" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.DUE


@pytest.mark.parametrize("status", ["terminated", "withdrawn", "rejected", "closed", "suspended"])
def test_reports_of_partnerships_not_reporting_are_not_listed_as_due(as_role, reports, status):
    overdue, due, _elsewhere = reports
    overdue.partnership.status = status
    overdue.partnership.save()
    _user, client = as_role("coordinator")
    assert overdue not in listed(client)
    assert due not in listed(client)
    page = client.get(url(overdue))
    assert page.context["overdue"] is False
    assert page.context["note"]
