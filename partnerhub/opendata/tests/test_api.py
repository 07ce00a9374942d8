"""The open-data API router: no token, pages, the download filters, documented in OpenAPI."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerhub.opendata.tests.conftest import HIDDEN_TITLES, many_public_partnerships

pytestmark = pytest.mark.django_db


def test_it_lists_the_datasets(api_client):
    response = api_client.get("/open-data/")
    assert response.status_code == 200
    slugs = [dataset["slug"] for dataset in response.json()]
    # The built-in datasets first; apps registered later (initiatives, ...) follow.
    assert slugs[:4] == ["partnerships", "needs", "entities", "lessons"]
    partnerships = response.json()[0]
    assert partnerships["csv_url"] == "/open-data/partnerships.csv"
    assert [f["name"] for f in partnerships["filters"]] == [
        "q",
        "type",
        "entity",
        "country",
        "region",
        "sdg",
        "year",
        "state",
    ]
    assert partnerships["fields"][0] == {
        "name": "id",
        "description": "The partnership's number on the hub",
    }


def test_it_pages_public_partnerships_without_a_token(
    api_client, public_partnership, hidden_partnerships
):
    many_public_partnerships(3)
    response = api_client.get("/open-data/partnerships?page_size=2&page=2")
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["page_size"]) == (4, 2, 2)
    assert len(body["results"]) == 2
    titles = {r["title"] for r in api_client.get("/open-data/partnerships").json()["results"]}
    assert "Trucks for emergency food" in titles
    assert titles.isdisjoint(HIDDEN_TITLES)


def test_records_match_the_json_download(api_client, client, public_partnership):
    import json

    (from_api,) = api_client.get("/open-data/partnerships").json()["results"]
    download = b"".join(client.get("/open-data/partnerships.json").streaming_content)
    (from_file,) = json.loads(download)["results"]
    assert from_api == from_file


def test_filters_work_and_bad_values_answer_400(api_client, public_partnership):
    assert api_client.get("/open-data/partnerships?sdg=2&country=KE").json()["count"] == 1
    assert api_client.get("/open-data/partnerships?sdg=5").json()["count"] == 0
    response = api_client.get("/open-data/partnerships?state=draft")
    assert response.status_code == 400
    assert "not a public state" in response.json()["detail"]
    assert api_client.get("/open-data/partnerships?page=0").status_code == 422


def test_a_page_past_the_end_is_404(api_client, public_partnership):
    response = api_client.get("/open-data/partnerships?page=3")
    assert response.status_code == 404
    assert "there are 1 page(s)" in response.json()["detail"]


def test_page_size_is_capped(api_client, settings, public_partnership):
    response = api_client.get("/open-data/entities?page_size=100000")
    assert response.json()["page_size"] == settings.API_PAGE_SIZE_MAX


@pytest.mark.parametrize("slug", ["needs", "entities", "lessons"])
def test_every_dataset_answers(api_client, slug, entity):
    response = api_client.get(f"/open-data/{slug}")
    assert response.status_code == 200
    assert set(response.json()) == {"count", "page", "page_size", "results"}


def test_it_is_documented_in_openapi(api_client):
    openapi = api_client.router_or_app.get_openapi_schema(path_prefix="/api")
    paths = openapi["paths"]
    assert "/api/open-data/partnerships" in paths
    operation = paths["/api/open-data/partnerships"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"page", "page_size", "sdg", "state"}
    assert "security" not in operation
    record = openapi["components"]["schemas"]["OpenDataPartnershipsRecord"]
    assert record["properties"]["iati_identifier"]["description"]


def _queries(api_client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api_client.get(path).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_rows(api_client):
    many_public_partnerships(1)
    one = _queries(api_client, "/open-data/partnerships?page_size=50")
    many_public_partnerships(49)
    assert _queries(api_client, "/open-data/partnerships?page_size=50") == one
