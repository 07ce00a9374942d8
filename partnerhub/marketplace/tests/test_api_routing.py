from __future__ import annotations

import pytest

from partnerhub.marketplace.tests.api_helpers import Api
from partnerhub.marketplace.tests.factories import OfferRouteFactory, days_ago

pytestmark = pytest.mark.django_db

TEXT = "Refrigerated trucks and warehouses for emergency food deliveries in Kenya."


@pytest.fixture
def profiles(entity, other_entity):
    entity.mandate = "Food assistance in emergencies; logistics, trucks and warehouses."
    entity.save()
    entity.sdgs.set([2])
    entity.countries.set(["KE"])
    other_entity.mandate = "Protection of refugees: shelter, asylum and resettlement."
    other_entity.save()
    other_entity.sdgs.set([16])
    return entity, other_entity


# --- Suggest --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["company_rep", "focal_point", "coordinator", "me_officer"])
def test_it_suggests_entities_with_reasons(profiles, as_role, role):
    user, _client = as_role(role)
    response = Api(user).post("/routing/suggest", {"text": TEXT, "sdgs": [2], "countries": ["ke"]})
    assert response.status_code == 200, response.content
    best = response.json()[0]
    assert best["entity"] == "WFP"
    assert best["entity_name"] == "World Food Programme"
    assert best["reasons"]
    assert best["components"]


def test_limit(profiles, focal_point):
    body = Api(focal_point).post("/routing/suggest", {"text": TEXT, "limit": 1}).json()
    assert len(body) == 1


@pytest.mark.parametrize(("role", "status"), [("plain_user", 403), ("anonymous", 401)])
def test_others_may_not_ask(profiles, as_role, role, status):
    user, _client = as_role(role)
    response = Api(user).post("/routing/suggest", {"text": TEXT})
    assert response.status_code == status
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({"text": ""}, 400, "Give the text to analyse."),
        ({"text": "x" * 20_001}, 400, "the limit is 20,000"),
        ({"text": TEXT, "countries": ["ZZ", "KE", "QQ"]}, 400, "Unknown country codes: ZZ, QQ"),
        ({"text": TEXT, "sdgs": [0, 2]}, 400, "Unknown SDG numbers: 0"),
        ({"text": TEXT, "limit": 0}, 422, "limit"),
        ({"text": TEXT, "limit": 11}, 422, "limit"),
        ({}, 422, "text"),
    ],
)
def test_bad_input_is_4xx(profiles, focal_point, body, status, detail):
    response = Api(focal_point).post("/routing/suggest", body)
    assert response.status_code == status, response.content
    assert detail in response.json()["detail"]


def test_no_entities_no_suggestions(db, company_rep):
    assert Api(company_rep).post("/routing/suggest", {"text": TEXT}).json() == []


# --- Response times -------------------------------------------------------------------------


@pytest.fixture
def routes(entity, other_entity):
    OfferRouteFactory(entity=entity, received_at=days_ago(30))
    OfferRouteFactory(
        entity=entity, status="acknowledged", received_at=days_ago(3), acknowledged_at=days_ago(2)
    )
    OfferRouteFactory(entity=other_entity, status="declined", decision_note="No.")


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_coordinators_see_response_times(routes, as_role, role):
    user, _client = as_role(role)
    response = Api(user).get("/routing/response-times")
    assert response.status_code == 200
    rows = {r["entity"]: r for r in response.json()}
    assert rows["WFP"]["received"] == 2
    assert rows["WFP"]["acknowledged"] == 1
    assert rows["WFP"]["overdue"] == 1
    assert rows["WFP"]["median_working_days_to_acknowledge"] is not None
    assert rows["UNHCR"]["declined"] == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [("focal_point", 403), ("country_coordinator", 403), ("company_rep", 403), ("anonymous", 401)],
)
def test_others_may_not_see_response_times(routes, as_role, role, status):
    user, _client = as_role(role)
    assert Api(user).get("/routing/response-times").status_code == status


@pytest.mark.parametrize("rows", [1, 50])
def test_response_times_query_count(entity, coordinator, django_assert_max_num_queries, rows):
    OfferRouteFactory.create_batch(rows, entity=entity)
    api = Api(coordinator)
    with django_assert_max_num_queries(4):
        response = api.get("/routing/response-times")
    assert response.json()[0]["received"] == rows
