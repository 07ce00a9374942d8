from __future__ import annotations

import pytest


def test_sdgs_endpoint(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get("/api/vocabularies/sdgs")
    assert response.status_code == 200
    goals = response.json()
    assert len(goals) == 17
    assert sum(len(g["targets"]) for g in goals) == 169


def test_countries_endpoint(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get("/api/vocabularies/countries")
    countries = {c["iso2"]: c for c in response.json()}
    assert countries["SD"]["region"] == "002"
    assert countries["SD"]["names"]["ar"] == "السودان"


@pytest.mark.parametrize(
    ("path", "count"),
    [
        ("/api/vocabularies/regions", 30),
        ("/api/vocabularies/resource-types", 7),
        ("/api/vocabularies/partnership-types", 7),
        ("/api/vocabularies/themes", 9),
    ],
)
def test_term_endpoints(client, db, path, count):
    response = client.get(path)
    assert response.status_code == 200
    assert len(response.json()) == count


def test_sdg_page(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/vocabularies/sdgs/")
    assert response.status_code == 200
    assert b"Life below water" in response.content or b"Goal 14" in response.content
    assert b"Core business and value chain" in response.content
