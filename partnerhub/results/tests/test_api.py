"""The results API: KPIs, targets, reports and evaluations."""

from __future__ import annotations

import datetime

import pytest

from partnerhub.partnerships.tests.factories import PartnershipFactory
from partnerhub.results.models import KPI, KPITarget
from partnerhub.results.tests.api_helpers import Api
from partnerhub.results.tests.factories import (
    EvaluationFactory,
    KPIActualFactory,
    KPIFactory,
    KPITargetFactory,
    ProgressReportFactory,
)

pytestmark = pytest.mark.django_db

KPI_BODY = {
    "name": "Meals served",
    "result_level": "2",
    "unit": "meals",
    "sdg_indicator": "2.1.1",
    "baseline_value": "0",
    "baseline_year": 2025,
    "targets": [{"period_start": "2026-01-01", "period_end": "2026-12-31", "value": "1000"}],
}


def kpis_path(partnership):
    return f"/partnerships/{partnership.pk}/kpis"


def test_without_a_token_401(partnership):
    assert Api(None).get(kpis_path(partnership)).status_code == 401
    assert Api(None).get("/reports").status_code == 401


def test_a_partnership_you_cannot_read_is_404(partnership, plain_user, other_focal_point):
    assert Api(plain_user).get(kpis_path(partnership)).status_code == 404
    partnership.status = "draft"
    partnership.save()
    response = Api(other_focal_point).get(kpis_path(partnership))
    assert response.status_code == 404
    assert "detail" in response.json()


def test_kpi_list_with_status(partnership, kpi, company_rep):
    partnership.status = "active"
    partnership.save()
    report = ProgressReportFactory(
        partnership=partnership, period_end=datetime.date(2026, 12, 31), status="accepted"
    )
    KPIActualFactory(report=report, kpi=kpi, value=95)
    body = Api(company_rep).get(kpis_path(partnership)).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["name"] == kpi.name
    assert row["targets"][0]["value"] == "100.0000"
    assert row["status"]["light"] == "green"
    assert row["latest_actual"] == "95.0000"


def test_create_update_delete(partnership, focal_point, organisation):
    api = Api(focal_point)
    response = api.post(
        kpis_path(partnership), {**KPI_BODY, "responsible_organisation_id": organisation.pk}
    )
    assert response.status_code == 201, response.content
    kpi_id = response.json()["id"]
    assert response.json()["responsible_organisation_id"] == organisation.pk
    response = api.patch(
        f"/kpis/{kpi_id}", {"name": "Hot meals served", "responsible_organisation_id": None}
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Hot meals served"
    assert response.json()["responsible_organisation_id"] is None
    assert api.delete(f"/kpis/{kpi_id}").status_code == 204
    assert not KPI.objects.exists()


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"sdg_indicator": "99.1.1"}, 400),
        ({"result_level": "9"}, 400),
        ({"responsible_organisation_id": 999999}, 400),
        (
            {"targets": [{"period_start": "2030-01-01", "period_end": "2030-12-31", "value": "1"}]},
            400,
        ),
        ({"baseline_value": "many"}, 422),
        ({"name": None}, 422),
    ],
)
def test_bad_kpis_are_4xx(partnership, focal_point, change, status):
    response = Api(focal_point).post(kpis_path(partnership), {**KPI_BODY, **change})
    assert response.status_code == status
    assert "detail" in response.json()
    assert not KPI.objects.exists()


@pytest.mark.parametrize(
    "role", ["company_rep", "screening_officer", "legal_officer", "coordinator"]
)
def test_others_may_not_write_kpis(request, partnership, kpi, role):
    api = Api(request.getfixturevalue(role))
    assert api.post(kpis_path(partnership), KPI_BODY).status_code == 403
    assert api.patch(f"/kpis/{kpi.pk}", {"name": "x"}).status_code == 403
    assert api.delete(f"/kpis/{kpi.pk}").status_code == 403


def test_frozen_once_active(active, kpi, focal_point):
    response = Api(focal_point).patch(f"/kpis/{kpi.pk}", {"name": "x"})
    assert response.status_code == 400
    assert "fixed once a partnership is active" in response.json()["detail"]


def test_targets(kpi, focal_point, company_rep):
    api = Api(focal_point)
    body = {"period_start": "2027-01-01", "period_end": "2027-12-31", "value": "200"}
    response = api.put(f"/kpis/{kpi.pk}/targets", body)
    assert response.status_code == 200, response.content
    target_id = response.json()["id"]
    assert api.put(f"/kpis/{kpi.pk}/targets", {**body, "value": "210"}).json()["id"] == target_id
    assert Api(company_rep).delete(f"/kpis/{kpi.pk}/targets/{target_id}").status_code == 403
    assert api.delete(f"/kpis/{kpi.pk}/targets/{target_id}").status_code == 204
    assert api.delete(f"/kpis/{kpi.pk}/targets/{target_id}").status_code == 404
    assert KPITarget.objects.filter(kpi=kpi).count() == 1


def test_unknown_ids_are_404(focal_point):
    api = Api(focal_point)
    assert api.patch("/kpis/999999", {"name": "x"}).status_code == 404
    assert api.post("/reports/999999/submit", {"narrative": "x"}).status_code == 404
    assert api.get(f"/partnerships/{2**63}/kpis").status_code == 404


def test_reports_due_and_submission_and_review(report, kpi, company_rep, focal_point):
    company = Api(company_rep)
    body = company.get("/reports").json()
    assert [r["id"] for r in body["results"]] == [report.pk]
    response = company.post(
        f"/reports/{report.pk}/submit",
        {"narrative": "Trucks on the road.", "actuals": [{"kpi_id": kpi.pk, "value": "20"}]},
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    assert company.post(f"/reports/{report.pk}/review", {"accept": True}).status_code == 403
    response = Api(focal_point).post(f"/reports/{report.pk}/review", {"accept": False})
    assert response.status_code == 400
    response = Api(focal_point).post(
        f"/reports/{report.pk}/review", {"accept": False, "comment": "More detail"}
    )
    assert response.json()["status"] == "returned"
    listing = Api(focal_point).get(f"/partnerships/{report.partnership_id}/reports").json()
    assert listing["results"][0]["actuals"] == [
        {"kpi_id": kpi.pk, "value": "20.0000", "comment": ""}
    ]


def test_submission_errors(report, kpi, company_rep):
    company = Api(company_rep)
    other = KPIFactory(partnership=report.partnership)
    response = company.post(
        f"/reports/{report.pk}/submit",
        {"narrative": "x", "actuals": [{"kpi_id": other.pk, "value": "1"}]},
    )
    assert response.status_code == 403
    response = company.post(
        f"/reports/{report.pk}/submit",
        {
            "narrative": "x",
            "actuals": [{"kpi_id": kpi.pk, "value": "1"}, {"kpi_id": kpi.pk, "value": "2"}],
        },
    )
    assert response.status_code == 400
    assert (
        company.post(f"/reports/{report.pk}/submit", {"narrative": "x", "accept": True}).status_code
        == 403
    )
    assert Api(company_rep).get("/reports", state="soon").status_code == 400


def test_others_may_not_submit(report, kpi, legal_officer, plain_user):
    assert (
        Api(legal_officer).post(f"/reports/{report.pk}/submit", {"narrative": "x"}).status_code
        == 403
    )
    assert (
        Api(plain_user).post(f"/reports/{report.pk}/submit", {"narrative": "x"}).status_code == 404
    )


def test_evaluations(active, focal_point, company_rep):
    body = {
        "kind": "midterm",
        "independence": "internal",
        "completed_on": "2026-06-30",
        "rating": 4,
        "findings": "Slow start.",
        "management_response": "Internal answer",
    }
    assert Api(company_rep).post(f"/partnerships/{active.pk}/evaluations", body).status_code == 403
    response = Api(focal_point).post(f"/partnerships/{active.pk}/evaluations", body)
    assert response.status_code == 201, response.content
    assert (
        Api(focal_point)
        .post(f"/partnerships/{active.pk}/evaluations", {**body, "rating": 9})
        .status_code
        == 400
    )
    staff = Api(focal_point).get(f"/partnerships/{active.pk}/evaluations").json()
    assert staff["results"][0]["management_response"] == "Internal answer"
    partner = Api(company_rep).get(f"/partnerships/{active.pk}/evaluations").json()
    assert partner["results"][0]["management_response"] is None


@pytest.mark.parametrize("rows", [1, 50])
def test_kpi_list_query_count(focal_point, entity, rows, django_assert_max_num_queries):
    partnership = PartnershipFactory(lead_entity=entity, status="active")
    for n in range(rows):
        kpi = KPIFactory(partnership=partnership)
        KPITargetFactory(kpi=kpi)
        report = ProgressReportFactory(
            partnership=partnership,
            period_start=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
            status="accepted",
        )
        KPIActualFactory(report=report, kpi=kpi)
    api = Api(focal_point)
    with django_assert_max_num_queries(12):
        assert api.get(kpis_path(partnership), page_size=100).json()["count"] == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_report_lists_query_count(focal_point, entity, rows, django_assert_max_num_queries):
    partnership = PartnershipFactory(lead_entity=entity, status="active")
    for n in range(rows):
        ProgressReportFactory(
            partnership=partnership,
            period_start=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
        )
    api = Api(focal_point)
    with django_assert_max_num_queries(10):
        assert api.get("/reports", page_size=100).json()["count"] == rows
    with django_assert_max_num_queries(10):
        assert (
            api.get(f"/partnerships/{partnership.pk}/reports", page_size=100).json()["count"]
            == rows
        )


@pytest.mark.parametrize("rows", [1, 50])
def test_evaluation_list_query_count(focal_point, entity, rows, django_assert_max_num_queries):
    partnership = PartnershipFactory(lead_entity=entity, status="active")
    EvaluationFactory.create_batch(rows, partnership=partnership)
    with django_assert_max_num_queries(16):
        body = (
            Api(focal_point)
            .get(f"/partnerships/{partnership.pk}/evaluations", page_size=100)
            .json()
        )
    assert body["count"] == rows


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/results/partnerships/{partnership_id}/kpis" in paths
    assert "/api/results/reports/{report_id}/submit" in paths
    assert "/api/knowledge/lessons" in paths
