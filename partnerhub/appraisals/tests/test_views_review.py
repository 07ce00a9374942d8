from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.appraisals.models import CostBenefitAssessment
from partnerhub.appraisals.services import assessment_complete
from partnerhub.core.models import AuditEvent
from partnerhub.partnerships.models import Partnership
from partnerhub.partnerships.tests.factories import ContributionFactory


def _url(partnership, name="review"):
    return reverse(f"appraisals:{name}", args=[partnership.pk])


def _form(**changes):
    data = {
        "staff-TOTAL_FORMS": "3",
        "staff-INITIAL_FORMS": "0",
        "staff-0-grade": "P4",
        "staff-0-days": "10",
        "staff-1-grade": "G6",
        "staff-1-days": "5",
        "staff-2-grade": "",
        "staff-2-days": "",
        "legal_admin_costs_usd": "1000",
        "cofinancing_usd": "0",
        "people_reached": "500",
        "other_benefits": "Faster deliveries",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("plain_user", 403),
        ("company_rep", 403),  # a partner, but the review is internal to the UN
        ("other_focal_point", 200),  # UN staff who can see the partnership: read-only
        ("screening_officer", 200),
        ("focal_point", 200),
        ("coordinator", 200),
        ("admin", 200),
    ],
)
def test_who_reads_the_review(as_role, assessment, role, status):
    _user, client = as_role(role)
    assert client.get(_url(assessment.partnership)).status_code == status


def test_a_draft_partnership_of_another_entity_is_hidden(as_role, partnership):
    Partnership.objects.filter(pk=partnership.pk).update(status="draft")
    _user, client = as_role("other_focal_point")
    assert client.get(_url(partnership)).status_code == 403


def test_unknown_partnership_is_404(as_role):
    _user, client = as_role("admin")
    assert client.get(reverse("appraisals:review", args=[999999])).status_code == 404


def test_the_focal_point_sees_the_form_and_live_figures(as_role, assessment):
    _user, client = as_role("focal_point")
    response = client.get(_url(assessment.partnership))
    assert response.context["form"] is not None
    assert response.context["live"] is True
    figures = response.context["figures"]
    assert figures["leverage_ratio"] == "2.38"
    assert [d["code"] for d in figures["drivers"]] == [
        "leverage_ratio",
        "benefit_cost_ratio",
        "strategic_fit",
        "risk",
    ]
    content = response.content.decode()
    assert "Partners bring 2.38 USD for every dollar of UN resources" in content
    assert "Illustrative rate for tests" in content  # where each rate comes from
    assert response.context["complete_form"] is not None


def test_read_only_for_other_un_staff(as_role, assessment):
    _user, client = as_role("other_focal_point")
    response = client.get(_url(assessment.partnership))
    assert response.context["form"] is None
    assert response.context["complete_form"] is None
    assert b"Partners bring 2.38 USD" in response.content


def test_saving_the_form_updates_the_review(as_role, assessment):
    _user, client = as_role("focal_point")
    response = client.post(_url(assessment.partnership), _form())
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.staff_days == {"P4": "10", "G6": "5"}
    assert assessment.people_reached == 500
    page = client.get(_url(assessment.partnership))
    # 10 × 850 + 5 × 400 + 1,000 = 11,500; 50,000 / 11,500 = 4.35
    assert page.context["figures"]["leverage_ratio"] == "4.35"


def test_rows_of_the_same_grade_add_up(as_role, assessment):
    _user, client = as_role("focal_point")
    client.post(_url(assessment.partnership), _form(**{"staff-1-grade": "P4"}))
    assessment.refresh_from_db()
    assert assessment.staff_days == {"P4": "15"}


def test_another_row_without_javascript(as_role, assessment):
    _user, client = as_role("focal_point")
    response = client.post(_url(assessment.partnership), _form(add_row="1"))
    assert response.status_code == 200
    assert response.context["formset"].total_form_count() == 4
    assessment.refresh_from_db()
    assert assessment.staff_days == {"P4": "20"}  # nothing saved


def test_bad_entries_are_shown_not_saved(as_role, assessment):
    _user, client = as_role("focal_point")
    response = client.post(
        _url(assessment.partnership), _form(legal_admin_costs_usd="-4", **{"staff-0-grade": ""})
    )
    assert response.status_code == 400
    assert response.context["form"].errors["legal_admin_costs_usd"]
    assessment.refresh_from_db()
    assert assessment.legal_admin_costs_usd == 4000


def test_a_grade_without_rate_is_warned_about(as_role, assessment):
    CostBenefitAssessment.objects.filter(pk=assessment.pk).update(staff_days={"P2": "3"})
    _user, client = as_role("focal_point")
    response = client.get(_url(assessment.partnership))
    assert response.context["grades_without_rate"] == ["P2"]
    assert "No daily rate is set for grade P2" in response.context["error"]
    assert b"No daily rate is in force for grade P2" in response.content


def test_the_preview_computes_without_saving(as_role, assessment):
    _user, client = as_role("focal_point")
    response = client.post(_url(assessment.partnership, "preview"), _form(), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.context["figures"]["leverage_ratio"] == "4.35"
    assert b"<html" not in response.content
    assessment.refresh_from_db()
    assert assessment.staff_days == {"P4": "20"}


def test_the_preview_of_bad_entries_says_so(as_role, assessment):
    _user, client = as_role("focal_point")
    response = client.post(_url(assessment.partnership, "preview"), _form(cofinancing_usd="x"))
    assert response.status_code == 400
    assert b"Correct the highlighted entries" in response.content


def test_a_company_rep_gets_no_preview(as_role, assessment):
    _user, client = as_role("company_rep")
    assert client.post(_url(assessment.partnership, "preview"), _form()).status_code == 403


@pytest.mark.parametrize("role", ["other_focal_point", "screening_officer", "company_rep"])
def test_others_cannot_save(as_role, assessment, role):
    _user, client = as_role(role)
    assert client.post(_url(assessment.partnership), _form()).status_code == 403
    assessment.refresh_from_db()
    assert assessment.staff_days == {"P4": "20"}


def test_start_from_the_page(as_role, partnership):
    _user, client = as_role("focal_point")
    page = client.get(_url(partnership))
    assert page.context["can_start"] is True
    response = client.post(_url(partnership, "start"))
    assert response.status_code == 302
    assert CostBenefitAssessment.objects.filter(partnership=partnership).exists()


def test_start_refused_for_others(as_role, partnership):
    _user, client = as_role("screening_officer")
    assert client.post(_url(partnership, "start")).status_code == 403
    assert not CostBenefitAssessment.objects.exists()


def test_complete_and_reopen_from_the_page(as_role, assessment):
    _user, client = as_role("focal_point")
    response = client.post(
        _url(assessment.partnership, "complete"),
        {"recommendation": "proceed_with_conditions", "conditions": "Quarterly reports"},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "completed"
    page = client.get(_url(assessment.partnership))
    assert page.context["live"] is False
    assert page.context["reopen_form"] is not None
    assert b"Quarterly reports" in page.content
    response = client.post(_url(assessment.partnership, "reopen"), {"reason": "New costs"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "draft"


def test_a_refused_completion_shows_why(as_role, assessment):
    _user, client = as_role("focal_point")
    response = client.post(_url(assessment.partnership, "complete"), {"recommendation": "proceed"})
    assert response.status_code == 400
    assert "explain why" in str(response.context["complete_form"].errors["rationale"])
    assert not AuditEvent.objects.filter(verb="appraisal.completed").exists()


@pytest.mark.parametrize("role", ["other_focal_point", "company_rep"])
def test_others_cannot_complete_or_reopen(as_role, assessment, focal_point, role):
    _user, client = as_role(role)
    data = {"recommendation": "proceed_with_conditions", "conditions": "x"}
    assert client.post(_url(assessment.partnership, "complete"), data).status_code == 403
    assessment_complete(assessment=assessment, actor=focal_point, **data)
    assert client.post(_url(assessment.partnership, "reopen")).status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == "completed"


@pytest.mark.parametrize("contributions", [1, 50])
def test_query_count_does_not_grow_with_contributions(
    as_role, assessment, contributions, django_assert_max_num_queries
):
    partner = assessment.partnership.partners.get()
    ContributionFactory.create_batch(contributions, partner=partner, amount=10)
    _user, client = as_role("focal_point")
    with django_assert_max_num_queries(19):
        response = client.get(_url(assessment.partnership))
    assert response.status_code == 200
