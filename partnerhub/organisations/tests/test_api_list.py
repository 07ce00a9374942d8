from __future__ import annotations

import factory
import pytest
from django.test import override_settings

from partnerhub.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/api/organisations"


@pytest.fixture
def directory():
    return [
        OrganisationFactory(legal_name="Nestlé S.A.", country_id="CH", sector="C"),
        OrganisationFactory(
            legal_name="Trucks for Good Ltd",
            other_names=["TFG Logistics"],
            country_id="KE",
            sector="H",
            global_compact_status="active",
        ),
        OrganisationFactory(legal_name="Safaricom Foundation", country_id="KE", kind="foundation"),
    ]


def test_it_lists_organisations_publicly(client, directory):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert body["page"] == 1
    assert [o["legal_name"] for o in body["results"]] == [
        "Nestlé S.A.",
        "Safaricom Foundation",
        "Trucks for Good Ltd",
    ]
    trucks = body["results"][2]
    assert trucks["country"] == "KE"
    assert trucks["country_name"] == "Kenya"
    assert trucks["other_names"] == ["TFG Logistics"]
    assert trucks["url"] == directory[1].get_absolute_url()
    assert "representatives" not in trucks


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=nestle+sa", ["Nestlé S.A."]),
        ("q=tfg", ["Trucks for Good Ltd"]),
        ("country=KE&kind=foundation", ["Safaricom Foundation"]),
        ("sector=H", ["Trucks for Good Ltd"]),
        ("gc_status=active", ["Trucks for Good Ltd"]),
        ("q=nothing", []),
    ],
)
def test_it_filters(client, directory, query, expected):
    body = client.get(f"{URL}?{query}").json()
    assert [o["legal_name"] for o in body["results"]] == expected
    assert body["count"] == len(expected)


def test_it_paginates(client, directory):
    body = client.get(f"{URL}?page=2&page_size=2").json()
    assert body == {**body, "count": 3, "page": 2, "page_size": 2}
    assert [o["legal_name"] for o in body["results"]] == ["Trucks for Good Ltd"]
    assert client.get(f"{URL}?page=3&page_size=2").json()["results"] == []


@override_settings(API_PAGE_SIZE_MAX=2)
def test_page_size_is_capped(client, directory):
    body = client.get(f"{URL}?page_size=1000").json()
    assert body["page_size"] == 2
    assert len(body["results"]) == 2


@pytest.mark.parametrize(
    ("query", "status", "detail"),
    [
        ("country=ZZ", 400, "country: There is no country with the code “ZZ”"),
        ("kind=x", 400, "kind: “x” is not a kind of organisation."),
        ("sector=ZZ", 400, "sector:"),
        ("gc_status=great", 400, "gc_status:"),
        ("q=" + "x" * 400, 400, "q:"),
        ("page=abc", 422, "page"),
        ("page=0", 422, "page"),
        ("page=99999999999999999999", 422, "page"),
        ("page_size=0", 422, "page_size"),
        ("page_size=-5", 422, "page_size"),
    ],
)
def test_bad_parameters_are_4xx_with_detail(client, directory, query, status, detail):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == status
    assert detail in response.json()["detail"]


@pytest.mark.parametrize("rows", [1, 50])
def test_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, rows):
    OrganisationFactory.create_batch(
        rows, legal_name=factory.Sequence(lambda n: f"Company {n}"), sector="C"
    )
    # Country check, count, page of rows with their countries.
    with django_assert_max_num_queries(3):
        response = client.get(f"{URL}?country=KE&sector=C&page_size=100")
    assert response.status_code == 200
    assert response.json()["count"] == rows
