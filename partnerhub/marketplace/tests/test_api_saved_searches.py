from __future__ import annotations

import pytest

from partnerhub.marketplace.models import SavedSearch
from partnerhub.marketplace.tests.api_helpers import Api
from partnerhub.marketplace.tests.factories import SavedSearchFactory

pytestmark = pytest.mark.django_db


def test_a_user_saves_lists_and_deletes_a_search(entity, company_rep):
    api = Api(company_rep)
    created = api.post(
        "/saved-searches",
        {
            "kind": "needs",
            "name": "WFP trucks",
            "query": {"q": "trucks", "entity": "wfp", "sdg": 2},
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["query"] == {"q": "trucks", "entity": "WFP", "sdg": "2"}
    assert body["alerts"] is True
    stored = SavedSearch.objects.get()
    assert stored.query == {"q": "trucks", "entity": str(entity.pk), "sdg": "2"}
    assert [s["name"] for s in api.get("/saved-searches").json()] == ["WFP trucks"]
    assert api.delete(f"/saved-searches/{body['id']}").status_code == 204
    assert api.get("/saved-searches").json() == []


def test_offers_searches_are_for_un_staff_and_companies(plain_user, focal_point):
    refused = Api(plain_user).post("/saved-searches", {"kind": "offers", "name": "All"})
    assert refused.status_code == 403
    assert (
        Api(plain_user).post("/saved-searches", {"kind": "needs", "name": "All"}).status_code == 201
    )
    assert (
        Api(focal_point).post("/saved-searches", {"kind": "offers", "name": "All"}).status_code
        == 201
    )


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        (
            {"kind": "needs", "name": "x", "query": {"colour": "red"}},
            400,
            "Unknown filters: colour",
        ),
        ({"kind": "needs", "name": "x", "query": {"country": "ZZ"}}, 400, "country:"),
        ({"kind": "needs", "name": "x", "query": {"entity": "NOPE"}}, 400, "NOPE"),
        ({"kind": "offers", "name": "x", "query": {"status": "open"}}, 400, "status:"),
        ({"kind": "people", "name": "x"}, 422, "kind"),
        ({"kind": "needs", "name": "  "}, 422, "name"),
        ({"kind": "needs", "name": "x" * 121}, 422, "name"),
    ],
)
def test_bad_searches_are_4xx(db, company_rep, body, status, detail):
    response = Api(company_rep).post("/saved-searches", body)
    assert response.status_code == status, response.content
    assert detail in response.json()["detail"]
    assert not SavedSearch.objects.exists()


def test_a_name_is_used_once(company_rep):
    api = Api(company_rep)
    api.post("/saved-searches", {"kind": "needs", "name": "Mine"})
    response = api.post("/saved-searches", {"kind": "needs", "name": "Mine"})
    assert response.status_code == 400
    assert response.json()["detail"] == "You already have a search with this name."


def test_others_searches_are_invisible(company_rep, focal_point):
    theirs = SavedSearchFactory(user=focal_point, name="Theirs")
    api = Api(company_rep)
    assert api.get("/saved-searches").json() == []
    assert api.delete(f"/saved-searches/{theirs.pk}").status_code == 404
    assert SavedSearch.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_needs_a_token(db, method):
    api = Api(None)
    response = api.get("/saved-searches") if method == "get" else api.post("/saved-searches", {})
    assert response.status_code == 401


def test_missing_search_is_404(company_rep):
    assert Api(company_rep).delete("/saved-searches/999999").status_code == 404
    assert Api(company_rep).delete(f"/saved-searches/{2**70}").status_code == 404


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_count(entity, company_rep, django_assert_max_num_queries, rows):
    for n in range(rows):
        SavedSearchFactory(user=company_rep, name=f"S{n}", query={"entity": str(entity.pk)})
    api = Api(company_rep)
    # Token, its last use, searches, entity acronyms.
    with django_assert_max_num_queries(4):
        response = api.get("/saved-searches")
    assert len(response.json()) == rows
    assert response.json()[0]["query"] == {"entity": "WFP"}
