"""The evaluation form and page, and the reason for no evaluation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.results.models import Evaluation
from partnerhub.results.tests.factories import EvaluationFactory

pytestmark = pytest.mark.django_db

DATA = {
    "kind": "final",
    "independence": "independent",
    "evaluator": "Evaluation Office",
    "completed_on": "2026-10-01",
    "rating": "5",
    "findings": "On time and on budget.",
    "recommendations": "",
    "management_response": "Noted.",
}


def test_the_lead_entity_records_an_evaluation(as_role, active):
    _user, client = as_role("me_officer")
    url = reverse("results:evaluation_create", args=[active.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, DATA).status_code == 302
    assert Evaluation.objects.get().findings == "On time and on budget."


def test_errors_are_shown(as_role, partnership):
    _user, client = as_role("focal_point")
    response = client.post(reverse("results:evaluation_create", args=[partnership.pk]), DATA)
    assert response.status_code == 400
    assert "once a partnership is active" in response.content.decode()


@pytest.mark.parametrize(
    "role", ["company_rep", "other_focal_point", "legal_officer", "coordinator"]
)
def test_others_are_refused(as_role, active, role):
    _user, client = as_role(role)
    url = reverse("results:evaluation_create", args=[active.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, DATA).status_code == 403
    assert not Evaluation.objects.exists()


def test_the_management_response_is_for_un_staff(as_role, active):
    evaluation = EvaluationFactory(partnership=active, management_response="Internal answer")
    url = reverse("results:evaluation", args=[evaluation.pk])
    _user, client = as_role("legal_officer")
    assert "Internal answer" in client.get(url).content.decode()
    _user, client = as_role("company_rep")
    html = client.get(url).content.decode()
    assert evaluation.findings in html
    assert "Internal answer" not in html
    _user, client = as_role("plain_user")
    assert client.get(url).status_code == 403


def test_the_reason_for_no_evaluation(as_role, active):
    active.status = "closing"
    active.save()
    url = reverse("results:no_evaluation_reason", args=[active.pk])
    _user, client = as_role("company_rep")
    assert client.post(url, {"reason": "Small"}).status_code == 403
    _user, client = as_role("focal_point")
    assert client.post(url, {"reason": "Below the threshold."}).status_code == 302
    active.refresh_from_db()
    assert active.no_evaluation_reason == "Below the threshold."


def test_the_page_lists_the_partnerships_other_lessons(as_role, active):
    from partnerhub.knowledge.models import Lesson

    evaluation = EvaluationFactory(partnership=active)
    other = EvaluationFactory(partnership=active)
    Lesson.objects.create(
        partnership=active,
        evaluation=evaluation,
        title="From this evaluation",
        text="x",
        source="evaluation",
        visibility="public",
    )
    Lesson.objects.create(
        partnership=active,
        title="Recorded directly",
        text="x",
        source="direct",
        visibility="public",
    )
    Lesson.objects.create(
        partnership=active,
        evaluation=other,
        title="From the other evaluation",
        text="x",
        source="evaluation",
        visibility="public",
    )
    Lesson.objects.create(partnership=active, title="UN only", text="x", source="direct")
    _user, client = as_role("company_rep")
    response = client.get(reverse("results:evaluation", args=[evaluation.pk]))
    assert [lesson.title for lesson in response.context["lessons"]] == ["From this evaluation"]
    assert {lesson.title for lesson in response.context["other_lessons"]} == {
        "Recorded directly",
        "From the other evaluation",
    }
    assert "Lessons from this partnership" in response.content.decode()


def test_a_lesson_not_linked_to_the_evaluation_still_shows(as_role, active):
    from partnerhub.knowledge.models import Lesson

    evaluation = EvaluationFactory(partnership=active)
    Lesson.objects.create(partnership=active, title="Only lesson", text="x", source="direct")
    _user, client = as_role("focal_point")
    html = client.get(reverse("results:evaluation", args=[evaluation.pk])).content.decode()
    assert "None recorded." in html  # none from this evaluation…
    assert "Lessons from this partnership" in html and "Only lesson" in html  # …but one here
