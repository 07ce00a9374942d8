"""GET /api/entities: the directory as open data."""

from __future__ import annotations

import pytest

from partnerhub.entities.tests.factories import UNEntityFactory

pytestmark = pytest.mark.django_db
URL = "/api/entities"


@pytest.fixture
def chart(db):
    UNEntityFactory(
        acronym="WFP", name="World Food Programme", sdgs=[2, 17], countries=["SD", "KE"]
    )
    UNEntityFactory(acronym="UNICEF", name="United Nations Children's Fund", sdgs=[3, 4])
    UNEntityFactory(
        acronym="WHO",
        name="World Health Organization",
        category="",
        principal_organ="Specialized Agencies",
        sdgs=[3],
    )


def test_it_lists_entities_with_sdg_numbers_and_country_codes(client, chart):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["page_size"]) == (3, 1, 25)
    assert [row["acronym"] for row in body["results"]] == ["UNICEF", "WFP", "WHO"]
    wfp = body["results"][1]
    assert wfp["sdgs"] == [2, 17]
    assert wfp["countries"] == ["KE", "SD"]
    assert wfp["url"] == "/entities/wfp/"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "world"}, ["WFP", "WHO"]),
        ({"q": "CHILDREN"}, ["UNICEF"]),
        ({"category": "Funds and Programmes"}, ["UNICEF", "WFP"]),
        ({"principal_organ": "Specialized Agencies"}, ["WHO"]),
        ({"sdg": 3}, ["UNICEF", "WHO"]),
        ({"sdg": 3, "q": "health"}, ["WHO"]),
    ],
)
def test_filters(client, chart, params, expected):
    body = client.get(URL, params).json()
    assert [row["acronym"] for row in body["results"]] == expected
    assert body["count"] == len(expected)


def test_pagination(client, chart):
    first = client.get(URL, {"page_size": 2}).json()
    second = client.get(URL, {"page_size": 2, "page": 2}).json()
    assert [r["acronym"] for r in first["results"]] == ["UNICEF", "WFP"]
    assert [r["acronym"] for r in second["results"]] == ["WHO"]
    assert second["count"] == 3


def test_page_size_is_capped(client, chart, settings):
    settings.API_PAGE_SIZE_MAX = 2
    body = client.get(URL, {"page_size": 1000}).json()
    assert body["page_size"] == 2
    assert len(body["results"]) == 2


def test_an_empty_result_is_a_page_not_an_error(client, chart):
    body = client.get(URL, {"q": "nothing matches this"}).json()
    assert body == {"count": 0, "page": 1, "page_size": 25, "results": []}


@pytest.mark.parametrize(
    ("params", "status", "detail_contains"),
    [
        ({"sdg": 99}, 400, "sdg: Select a valid choice"),
        ({"sdg": "two"}, 422, "sdg"),
        ({"category": "nonsense"}, 400, "category: Select a valid choice. nonsense"),
        ({"principal_organ": "Nowhere"}, 400, "principal_organ"),
        ({"page": 0}, 422, "page"),
        ({"page": "abc"}, 422, "page"),
        ({"page": 5}, 404, "Page 5 does not exist"),
        ({"page_size": 0}, 422, "page_size"),
        ({"q": "x" * 101}, 422, "q"),
    ],
)
def test_bad_parameters_are_4xx_with_a_detail(client, chart, params, status, detail_contains):
    response = client.get(URL, params)
    assert response.status_code == status
    assert detail_contains in response.json()["detail"]


@pytest.mark.parametrize("role", ["anonymous", "company_rep", "admin"])
def test_it_is_public_open_data(as_role, chart, role):
    _user, client = as_role(role)
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, rows):
    for number in range(rows):
        UNEntityFactory(acronym=f"E{number:02}", sdgs=[2, 3], countries=["KE", "SD"])
    # SDG choice check, count, page rows, their SDGs, their countries
    with django_assert_max_num_queries(5):
        body = client.get(URL, {"sdg": 2, "page_size": 50}).json()
    assert len(body["results"]) == rows
