from __future__ import annotations

import pytest
from django.test import Client

from partnerhub.accounts.services import api_token_create
from partnerhub.appraisals.models import CostBenefitAssessment
from partnerhub.partnerships.models import Partnership


class Api:
    def __init__(self, user):
        self.client = Client()
        self.headers = {}
        if user is not None:
            _token, secret = api_token_create(user=user, name="test")
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"

    def url(self, partnership, path=""):
        pk = partnership if isinstance(partnership, int) else partnership.pk
        return f"/api/partnerships/{pk}/cost-benefit{path}"

    def get(self, partnership, path=""):
        return self.client.get(self.url(partnership, path), **self.headers)

    def post(self, partnership, path="", body=None):
        return self.client.post(
            self.url(partnership, path), body or {}, content_type="application/json", **self.headers
        )

    def put(self, partnership, body):
        return self.client.put(
            self.url(partnership), body, content_type="application/json", **self.headers
        )


def test_without_a_token_401(assessment):
    assert Api(None).get(assessment.partnership).status_code == 401


def test_a_company_rep_is_refused_403(company_rep, assessment):
    response = Api(company_rep).get(assessment.partnership)
    assert response.status_code == 403
    assert response.json()["detail"] == "The cost–benefit review is internal to the UN."


def test_a_partnership_you_cannot_see_is_404(other_focal_point, assessment):
    Partnership.objects.filter(pk=assessment.partnership_id).update(status="draft")
    assert Api(other_focal_point).get(assessment.partnership).status_code == 404
    assert Api(other_focal_point).get(999999).status_code == 404


def test_un_staff_read_it(screening_officer, assessment):
    body = Api(screening_officer).get(assessment.partnership).json()
    assert body["status"] == "draft"
    assert body["staff_days"] == {"P4": "20"}
    assert body["figures"] is None


def test_not_started_is_404_with_a_reason(focal_point, partnership):
    response = Api(focal_point).get(partnership)
    assert response.status_code == 404
    assert "not been started" in response.json()["detail"]


def test_the_whole_review_through_the_api(focal_point, partnership):
    api = Api(focal_point)
    assert api.post(partnership).status_code == 201
    assert api.post(partnership).status_code == 400  # already started
    response = api.put(
        partnership,
        {
            "staff_days": {"P4": 10, "G6": "2.5"},
            "legal_admin_costs_usd": "1000",
            "people_reached": 100,
        },
    )
    assert response.status_code == 200, response.json()
    assert response.json()["staff_days"] == {"P4": "10", "G6": "2.5"}
    preview = api.get(partnership, "/preview").json()
    # 10 × 850 + 2.5 × 400 + 1,000 = 10,500; 50,000 / 10,500 = 4.76
    assert preview["figures"]["leverage_ratio"] == "4.76"
    assert preview["figures"]["drivers"][0]["passed"] is True
    assert "4.76" in preview["figures"]["drivers"][0]["text"]
    response = api.post(
        partnership,
        "/complete",
        {"recommendation": "proceed_with_conditions", "conditions": "Quarterly reports"},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "completed"
    assert body["figures"]["raw"]["rates_used"]["P4"]["source"] == "Illustrative rate for tests"
    assert body["completed_by"] == focal_point.email
    response = api.post(partnership, "/reopen", {"reason": "New costs"})
    assert response.json()["status"] == "draft"


def test_a_grade_without_rate_is_400(focal_point, assessment):
    response = Api(focal_point).put(assessment.partnership, {"staff_days": {"D2": 1}})
    assert response.status_code == 400
    assert "D2" in response.json()["detail"]


def test_the_preview_says_why_it_cannot_compute(focal_point, assessment):
    CostBenefitAssessment.objects.filter(pk=assessment.pk).update(staff_days={"P2": "1"})
    body = Api(focal_point).get(assessment.partnership, "/preview").json()
    assert body["figures"] is None
    assert "P2" in body["error"]


@pytest.mark.parametrize(
    "body",
    [
        {"legal_admin_costs_usd": -1},
        {"people_reached": -1},
        {"staff_days": "P4"},
        {"legal_admin_costs_usd": "1e400"},
    ],
)
def test_bad_payloads_are_4xx(focal_point, assessment, body):
    response = Api(focal_point).put(assessment.partnership, body)
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()


def test_a_different_recommendation_without_rationale_is_400(focal_point, assessment):
    response = Api(focal_point).post(
        assessment.partnership, "/complete", {"recommendation": "proceed"}
    )
    assert response.status_code == 400
    assert "explain why" in response.json()["detail"]


@pytest.mark.parametrize("role", ["other_focal_point", "screening_officer"])
def test_other_un_staff_cannot_write(request, assessment, role):
    api = Api(request.getfixturevalue(role))
    assert api.put(assessment.partnership, {"legal_admin_costs_usd": 1}).status_code == 403
    assert (
        api.post(
            assessment.partnership, "/complete", {"recommendation": "do_not_proceed"}
        ).status_code
        == 403
    )


def test_a_company_rep_cannot_write(company_rep, partnership):
    assert Api(company_rep).post(partnership).status_code == 403
    assert not CostBenefitAssessment.objects.exists()


@pytest.mark.parametrize("rows", [1, 50])
def test_query_count_does_not_grow_with_contributions(
    focal_point, assessment, rows, django_assert_max_num_queries
):
    from partnerhub.partnerships.tests.factories import ContributionFactory

    ContributionFactory.create_batch(rows, partner=assessment.partnership.partners.get())
    api = Api(focal_point)
    with django_assert_max_num_queries(20):
        response = api.get(assessment.partnership, "/preview")
    assert response.status_code == 200


def test_the_endpoints_are_in_the_openapi_document(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert set(paths["/api/partnerships/{partnership_id}/cost-benefit"]) == {"get", "post", "put"}
    assert "/api/partnerships/{partnership_id}/cost-benefit/preview" in paths
    assert "/api/partnerships/{partnership_id}/cost-benefit/complete" in paths
    assert "/api/partnerships/{partnership_id}/cost-benefit/reopen" in paths
