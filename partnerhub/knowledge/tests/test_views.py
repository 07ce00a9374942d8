"""Lesson pages: list, search and filters, CSV, detail, and the forms."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.knowledge.models import Lesson
from partnerhub.knowledge.tests.factories import LessonFactory
from partnerhub.results.tests.factories import EvaluationFactory

pytestmark = pytest.mark.django_db

LIST = reverse("knowledge:lesson_list")
EXPORT = reverse("knowledge:lesson_export")


@pytest.fixture
def lessons(partnership, search_indexing):
    with search_indexing():
        return {
            "public": LessonFactory(
                title="Public trucks lesson", sdgs=[2], countries=["KE"], partnership=partnership
            ),
            "internal": LessonFactory(
                title="Internal customs lesson", visibility="un_only", sdgs=[9]
            ),
            "practice": LessonFactory(
                title="Shared warehouse practice", kind="best_practice", countries=["SD"]
            ),
        }


def titles(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return {lesson.title for lesson in response.context["page_obj"].object_list}


def test_anyone_reads_public_lessons(client, lessons):
    assert titles(client) == {"Public trucks lesson", "Shared warehouse practice"}


def test_company_reps_read_public_lessons_only(as_role, lessons):
    _user, client = as_role("company_rep")
    assert "Internal customs lesson" not in titles(client)


def test_un_staff_read_un_only_lessons(as_role, lessons):
    _user, client = as_role("legal_officer")
    assert "Internal customs lesson" in titles(client)


def test_search_and_filters(as_role, lessons):
    _user, client = as_role("focal_point")
    assert titles(client, q="CUSTOMS") == {"Internal customs lesson"}
    assert titles(client, q="contract early") == set(t.title for t in lessons.values())
    assert titles(client, kind="best_practice") == {"Shared warehouse practice"}
    assert titles(client, sdg=2) == {"Public trucks lesson"}
    assert titles(client, country="SD") == {"Shared warehouse practice"}


def test_bad_filters_do_not_break_the_page(client, lessons):
    assert client.get(LIST, {"sdg": "99", "country": "ZZ", "kind": "x"}).status_code == 200


def test_csv_export_is_visibility_aware(client, lessons):
    response = client.get(EXPORT, {"q": "lesson"})
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "Public trucks lesson" in body
    assert "Internal customs lesson" not in body
    assert "KE" in body


def test_detail(client, as_role, lessons):
    assert (
        client.get(reverse("knowledge:lesson_detail", args=[lessons["public"].pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("knowledge:lesson_detail", args=[lessons["internal"].pk])).status_code
        == 404
    )
    _user, staff = as_role("legal_officer")
    assert (
        staff.get(reverse("knowledge:lesson_detail", args=[lessons["internal"].pk])).status_code
        == 200
    )


def test_the_partnership_link_only_for_those_who_may_read_it(client, lessons, partnership):
    html = client.get(
        reverse("knowledge:lesson_detail", args=[lessons["public"].pk])
    ).content.decode()
    assert partnership.get_absolute_url() not in html


def test_recording_a_partnerships_lesson(as_role, partnership):
    _user, client = as_role("focal_point")
    url = reverse("knowledge:lesson_create") + f"?partnership={partnership.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        reverse("knowledge:lesson_create"),
        {
            "partnership": partnership.pk,
            "kind": "lesson",
            "title": "Pay drivers weekly",
            "text": "Fewer no-shows.",
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    lesson = Lesson.objects.get()
    assert lesson.partnership == partnership
    assert [g.pk for g in lesson.sdgs.all()] == [2]


def test_recording_from_an_evaluation(as_role, partnership):
    evaluation = EvaluationFactory(partnership=partnership)
    _user, client = as_role("me_officer")
    client.post(
        reverse("knowledge:lesson_create"),
        {
            "evaluation": evaluation.pk,
            "kind": "best_practice",
            "title": "Joint monitoring",
            "text": "Works.",
            "visibility": "un_only",
        },
    )
    assert Lesson.objects.get().evaluation == evaluation


def test_form_errors_are_400(as_role, partnership):
    partnership.confidentiality = "un_only"
    partnership.save()
    _user, client = as_role("focal_point")
    response = client.post(
        reverse("knowledge:lesson_create"),
        {
            "partnership": partnership.pk,
            "kind": "lesson",
            "title": "T",
            "text": "x",
            "visibility": "public",
        },
    )
    assert response.status_code == 400
    assert "confidential to UN staff" in response.content.decode()


@pytest.mark.parametrize("role", ["company_rep", "other_focal_point", "legal_officer"])
def test_others_may_not_record_a_partnerships_lesson(as_role, partnership, role):
    _user, client = as_role(role)
    url = reverse("knowledge:lesson_create") + f"?partnership={partnership.pk}"
    assert client.get(url).status_code == 403


def test_company_reps_may_not_record_lessons_at_all(as_role):
    _user, client = as_role("company_rep")
    assert client.get(reverse("knowledge:lesson_create")).status_code == 403


def test_anonymous_goes_to_login(client):
    assert client.get(reverse("knowledge:lesson_create")).status_code == 302


def test_edit_and_delete_with_confirmation(as_role, focal_point):
    lesson = LessonFactory(created_by=focal_point)
    _user, client = as_role("focal_point")
    edit = reverse("knowledge:lesson_edit", args=[lesson.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit, {"kind": "lesson", "title": "Renamed", "text": "x", "visibility": "public"}
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.title == "Renamed"
    delete = reverse("knowledge:lesson_delete", args=[lesson.pk])
    assert "Remove this lesson learned?" in client.get(delete).content.decode()
    assert Lesson.objects.exists()
    client.post(delete)
    assert not Lesson.objects.exists()


@pytest.mark.parametrize("role", ["me_officer", "company_rep", "coordinator"])
def test_others_may_not_edit_or_delete(as_role, focal_point, role):
    lesson = LessonFactory(created_by=focal_point)
    _user, client = as_role(role)
    assert client.get(reverse("knowledge:lesson_edit", args=[lesson.pk])).status_code == 403
    assert client.post(reverse("knowledge:lesson_delete", args=[lesson.pk])).status_code == 403
    assert Lesson.objects.exists()


def test_the_nav_links_to_lessons(client):
    assert LIST in client.get("/").content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_count(client, rows, django_assert_max_num_queries, settings):
    settings.PAGE_SIZE = 100
    for _n in range(rows):
        LessonFactory(sdgs=[2, 3], countries=["KE"])
    with django_assert_max_num_queries(15):
        assert len(titles(client)) == rows
    with django_assert_max_num_queries(10):
        assert client.get(EXPORT).content.decode().count("\n") == rows + 1
