from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.appraisals.models import CostBenefitAssessment, EntityThresholds, StaffRate
from partnerhub.appraisals.tests.factories import StaffRateFactory, ThresholdsFactory

URL = reverse("appraisals:settings")
RATE = {
    "entity": "",
    "grade": "P3",
    "daily_rate_usd": "700",
    "valid_from": "2026-01-01",
    "source": "Illustrative: demo",
}


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("plain_user", 403),
        ("company_rep", 403),
        ("screening_officer", 403),
        ("focal_point", 200),
        ("coordinator", 200),
        ("admin", 200),
    ],
)
def test_who_sees_the_rates_page(as_role, rates, role, status):
    _user, client = as_role(role)
    assert client.get(URL).status_code == status


def test_it_shows_where_each_rate_comes_from(as_role, rates):
    _user, client = as_role("focal_point")
    response = client.get(URL)
    assert b"Illustrative rate for tests" in response.content
    assert response.context["rate_form"] is None  # focal points do not set rates


def test_it_warns_about_grades_without_rate(as_role, assessment):
    CostBenefitAssessment.objects.filter(pk=assessment.pk).update(staff_days={"P2": "1"})
    _user, client = as_role("focal_point")
    [row] = client.get(URL).context["grades_without_rate"]
    assert row["grades"] == ["P2"]


def test_an_admin_sets_a_rate(as_role, db):
    _user, client = as_role("admin")
    response = client.post(reverse("appraisals:rate_set"), RATE)
    assert response.status_code == 302
    assert StaffRate.objects.get().source == "Illustrative: demo"


def test_a_rate_without_source_is_refused(as_role, db):
    _user, client = as_role("admin")
    response = client.post(reverse("appraisals:rate_set"), {**RATE, "source": ""})
    assert response.status_code == 400
    assert not StaffRate.objects.exists()


@pytest.mark.parametrize("role", ["focal_point", "company_rep"])
def test_others_cannot_set_rates(as_role, db, role):
    _user, client = as_role(role)
    assert client.post(reverse("appraisals:rate_set"), RATE).status_code == 403
    assert not StaffRate.objects.exists()


THRESHOLDS = {
    "min_leverage_ratio": "2",
    "min_benefit_cost_ratio": "1.5",
    "min_strategic_fit": "0.4",
    "max_risk_rating": "low",
    "pro_bono_hour_value_usd": "60",
}


def test_a_focal_point_sets_its_entitys_thresholds(as_role, entity):
    _user, client = as_role("focal_point")
    page = client.get(URL)
    assert page.context["scope"] == entity and page.context["thresholds_form"] is not None
    response = client.post(reverse("appraisals:thresholds_update"), {**THRESHOLDS, "scope": "wfp"})
    assert response.status_code == 302
    row = EntityThresholds.objects.get(entity=entity)
    assert row.max_risk_rating == "low" and row.pro_bono_hour_value_usd == 60


def test_a_focal_point_cannot_set_another_entitys_or_the_systems(as_role, entity, other_entity):
    _user, client = as_role("other_focal_point")
    url = reverse("appraisals:thresholds_update")
    assert client.post(url, {**THRESHOLDS, "scope": "wfp"}).status_code == 403
    assert client.post(url, {**THRESHOLDS, "scope": "system"}).status_code == 403
    assert not EntityThresholds.objects.exists()
    assert client.get(URL + "?scope=wfp").context["thresholds_form"] is None


def test_a_company_rep_cannot_set_thresholds(as_role, entity):
    _user, client = as_role("company_rep")
    response = client.post(reverse("appraisals:thresholds_update"), {**THRESHOLDS, "scope": "wfp"})
    assert response.status_code == 403


def test_the_coordinator_sets_the_system_thresholds(as_role, db):
    _user, client = as_role("coordinator")
    response = client.post(
        reverse("appraisals:thresholds_update"), {**THRESHOLDS, "scope": "system"}
    )
    assert response.status_code == 302
    assert EntityThresholds.objects.get(entity=None).min_leverage_ratio == 2


def test_bad_thresholds_are_shown(as_role, db):
    _user, client = as_role("admin")
    response = client.post(
        reverse("appraisals:thresholds_update"),
        {**THRESHOLDS, "min_strategic_fit": "3", "scope": "system"},
    )
    assert response.status_code == 400
    assert response.context["thresholds_form"].errors["min_strategic_fit"]


def test_an_unknown_scope_is_404(as_role, db):
    _user, client = as_role("admin")
    assert client.get(URL + "?scope=nowhere").status_code == 404


@pytest.mark.parametrize("rows", [1, 50])
def test_query_count_does_not_grow_with_rates(as_role, entity, rows, django_assert_max_num_queries):
    for n in range(rows):
        StaffRateFactory(entity=entity, grade=f"P{n % 7}", valid_from=f"20{10 + n // 7}-01-01")
    ThresholdsFactory(entity=entity)
    _user, client = as_role("admin")
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assert len(response.context["rates"]) == rows
