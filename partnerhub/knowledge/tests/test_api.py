"""The knowledge API: lessons."""

from __future__ import annotations

import pytest

from partnerhub.knowledge.models import Lesson
from partnerhub.knowledge.tests.factories import LessonFactory
from partnerhub.results.tests.api_helpers import Api

pytestmark = pytest.mark.django_db


def api(user):
    return Api(user, "/api/knowledge")


@pytest.fixture
def lessons(search_indexing):
    with search_indexing():
        return LessonFactory(title="Public one", sdgs=[2]), LessonFactory(
            title="Internal one", visibility="un_only"
        )


def titles(response):
    assert response.status_code == 200, response.content
    return {r["title"] for r in response.json()["results"]}


def test_anonymous_reads_public_lessons(lessons):
    assert titles(api(None).get("/lessons")) == {"Public one"}
    assert api(None).get(f"/lessons/{lessons[1].pk}").status_code == 404


def test_un_staff_read_all(lessons, legal_officer, company_rep):
    assert titles(api(legal_officer).get("/lessons")) == {"Public one", "Internal one"}
    assert titles(api(company_rep).get("/lessons")) == {"Public one"}
    assert api(legal_officer).get(f"/lessons/{lessons[1].pk}").json()["title"] == "Internal one"


def test_filters(lessons, focal_point):
    assert titles(api(focal_point).get("/lessons", sdg=2)) == {"Public one"}
    assert titles(api(focal_point).get("/lessons", q="internal")) == {"Internal one"}
    assert api(focal_point).get("/lessons", kind="tip").status_code == 400
    assert api(focal_point).get("/lessons", sdg=40).status_code == 422


def test_a_bad_token_is_refused():
    client = api(None)
    client.headers["HTTP_AUTHORIZATION"] = "Bearer nonsense"
    assert client.get("/lessons").status_code == 401


def test_record(partnership, focal_point, company_rep):
    body = {
        "title": "Pay drivers weekly",
        "text": "Fewer no-shows.",
        "partnership_id": partnership.pk,
    }
    assert api(None).post("/lessons", body).status_code == 401
    assert api(company_rep).post("/lessons", body).status_code == 403
    response = api(focal_point).post("/lessons", body)
    assert response.status_code == 201, response.content
    assert response.json()["sdgs"] == [2]
    assert response.json()["countries"] == ["KE"]
    assert api(focal_point).post("/lessons", {**body, "countries": ["ZZ"]}).status_code == 400
    assert api(focal_point).post("/lessons", {**body, "partnership_id": 999999}).status_code == 404
    assert Lesson.objects.count() == 1


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_count(rows, django_assert_max_num_queries):
    for _n in range(rows):
        LessonFactory(sdgs=[2], countries=["KE"])
    with django_assert_max_num_queries(10):
        assert api(None).get("/lessons", page_size=100).json()["count"] == rows


def test_kind_link_and_attachment_url(focal_point, legal_officer):
    from partnerhub.knowledge import services
    from partnerhub.knowledge.tests.files import PDF, upload

    guide = services.lesson_record(
        actor=focal_point,
        data={
            "kind": "guide",
            "title": "Due diligence criteria",
            "text": "What we screen against.",
            "visibility": "public",
            "link": "https://example.org/dd",
            "attachment": upload("dd.pdf", PDF),
        },
    )
    LessonFactory(title="No file")
    body = api(None).get(f"/lessons/{guide.pk}").json()
    assert (body["kind"], body["link"]) == ("guide", "https://example.org/dd")
    assert body["attachment_url"] == f"http://testserver/knowledge/lessons/{guide.pk}/file/"
    assert titles(api(None).get("/lessons", kind="guide")) == {"Due diligence criteria"}
    plain = next(r for r in api(None).get("/lessons").json()["results"] if r["title"] == "No file")
    assert plain["attachment_url"] is None


def test_theme_filter_and_recording_a_tool_with_a_link(focal_point):
    lesson = LessonFactory(title="Themed")
    lesson.themes.set(["food-security"])
    LessonFactory(title="Other")
    assert titles(api(None).get("/lessons", theme="food-security")) == {"Themed"}
    body = {"kind": "tool", "title": "MoU", "text": "Clauses.", "link": "https://example.org/m"}
    response = api(focal_point).post("/lessons", body)
    assert response.status_code == 201, response.content
    assert response.json()["link"] == "https://example.org/m"
    assert api(focal_point).post("/lessons", {**body, "link": "javascript:x"}).status_code == 400
