"""The coordination API: /api/coordination/engagements, /alerts, /alerts/{id}/acknowledge."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from partnerhub.accounts.services import api_token_create
from partnerhub.coordination.models import CoordinationAlert
from partnerhub.coordination.services import engagement_started
from partnerhub.entities.tests.factories import UNEntityFactory
from partnerhub.marketplace.tests.factories import InterestFactory, NeedFactory
from partnerhub.organisations.tests.factories import OrganisationFactory

from .conftest import entity_interest

BASE = "/api/coordination"


class Api:
    """`Api(user)` calls the API with the user's fresh token, `Api(None)` anonymously."""

    def __init__(self, user: Any) -> None:
        self.client = Client()
        self.headers: dict[str, Any] = {}
        if user is not None:
            _token, secret = api_token_create(user=user, name="test")
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(BASE + path, params, **self.headers)

    def post(self, path: str) -> Any:
        return self.client.post(BASE + path, {}, content_type="application/json", **self.headers)


@pytest.fixture
def alert(wfp_interest, other_entity, organisation, offer):
    [alert] = engagement_started(
        entity=other_entity,
        organisation=organisation,
        kind="interest",
        target=entity_interest(offer, other_entity),
        actor=None,
    )
    return alert


def test_anonymous_must_authenticate(alert):
    for response in (
        Api(None).get("/engagements"),
        Api(None).get("/alerts"),
        Api(None).post(f"/alerts/{alert.pk}/acknowledge"),
    ):
        assert response.status_code == 401
        assert "detail" in response.json()


@pytest.mark.parametrize("role", ["company_rep", "plain_user"])
def test_companies_are_refused(request, role, alert):
    api = Api(request.getfixturevalue(role))
    for response in (
        api.get("/engagements"),
        api.get("/alerts"),
        api.post(f"/alerts/{alert.pk}/acknowledge"),
    ):
        assert response.status_code == 403
        assert (
            response.json()["detail"]
            == "Coordination between UN entities is open to UN staff only."
        )


def test_un_staff_read_the_registry(me_officer, alert, organisation):
    body = Api(me_officer).get("/engagements").json()
    assert body["count"] == 2
    assert {(r["entity"], r["kind"], r["shared"]) for r in body["results"]} == {
        ("WFP", "interest", True),
        ("UNHCR", "interest", True),
    }
    row = body["results"][0]
    assert row["organisation_id"] == organisation.pk
    assert row["organisation"] == "Trucks for Good Ltd"
    assert row["country"] == "KE"
    assert set(row) >= {"label", "url", "since", "status", "restricted"}


def test_registry_filters_and_pages(focal_point, entity, other_entity, offer):
    need = NeedFactory(entity=entity)
    for _ in range(3):
        InterestFactory(need=need, organisation=OrganisationFactory(country_id="SD"))
    entity_interest(offer, other_entity)
    api = Api(focal_point)
    assert api.get("/engagements", entity="unhcr").json()["count"] == 1
    assert api.get("/engagements", country="SD").json()["count"] == 3
    assert api.get("/engagements", q="trucks for good").json()["count"] == 1
    assert api.get("/engagements", kind="partnership").json()["count"] == 0
    assert api.get("/engagements", shared_only=True).json()["count"] == 0
    page = api.get("/engagements", page_size=2, page=2).json()
    assert (page["count"], page["page"], page["page_size"], len(page["results"])) == (4, 2, 2, 2)


def test_bad_filters_answer_400_with_a_reason(focal_point):
    api = Api(focal_point)
    response = api.get("/engagements", kind="friendship")
    assert response.status_code == 400
    assert "friendship" in response.json()["detail"]
    response = api.get("/engagements", entity="NOPE")
    assert response.status_code == 400
    assert "NOPE" in response.json()["detail"]
    assert api.get("/engagements", page=0).status_code == 422


def test_alerts_concern_your_entities(focal_point, country_coordinator, coordinator, alert):
    body = Api(focal_point).get("/alerts").json()
    assert body["count"] == 1
    [row] = body["results"]
    assert row["id"] == alert.pk
    assert row["reason"] == "same organisation"
    assert (row["first"]["entity"], row["second"]["entity"]) == ("WFP", "UNHCR")
    assert row["first"]["url"] == alert.first_url
    assert row["is_open"] is True
    assert Api(country_coordinator).get("/alerts").json()["count"] == 0
    assert Api(coordinator).get("/alerts").json()["count"] == 1


def test_acknowledge(focal_point, other_focal_point, alert):
    body = Api(focal_point).post(f"/alerts/{alert.pk}/acknowledge").json()
    assert body["first"]["acknowledged_at"] is not None
    assert body["is_open"] is True
    again = Api(focal_point).post(f"/alerts/{alert.pk}/acknowledge")
    assert again.status_code == 400
    assert "already acknowledged" in again.json()["detail"]
    body = Api(other_focal_point).post(f"/alerts/{alert.pk}/acknowledge").json()
    assert body["is_open"] is False
    assert Api(focal_point).get("/alerts", open_only=True).json()["count"] == 0


def test_acknowledge_refusals(legal_officer, country_coordinator, focal_point, alert):
    assert Api(legal_officer).post(f"/alerts/{alert.pk}/acknowledge").status_code == 403
    response = Api(country_coordinator).post(f"/alerts/{alert.pk}/acknowledge")
    assert response.status_code == 404
    assert "detail" in response.json()
    assert Api(focal_point).post(f"/alerts/{2**70}/acknowledge").status_code == 422


@pytest.mark.parametrize("rows", [1, 50])
def test_registry_query_count(focal_point, entity, rows, django_assert_max_num_queries):
    need = NeedFactory(entity=entity)
    for _ in range(rows):
        InterestFactory(need=need)
    api = Api(focal_point)
    with django_assert_max_num_queries(10):
        body = api.get("/engagements", page_size=100).json()
    assert len(body["results"]) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_alerts_query_count(coordinator, entity, rows, django_assert_max_num_queries):
    organisation = OrganisationFactory()
    for n in range(rows):
        other = UNEntityFactory(acronym=f"E{n}")
        CoordinationAlert.objects.create(
            organisation=organisation,
            first_entity=entity,
            first_kind="interest",
            first_label="Need",
            second_entity=other,
            second_kind="offer",
            second_label="Offer",
            pair_key=CoordinationAlert.pair_key_for(
                (organisation.pk, organisation.pk), (entity.pk, other.pk)
            ),
        )
    api = Api(coordinator)
    with django_assert_max_num_queries(6):
        body = api.get("/alerts", page_size=100).json()
    assert len(body["results"]) == rows


def test_the_openapi_document_describes_coordination(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert [p for p in paths if p.startswith("/api/coordination/")] == [
        "/api/coordination/engagements",
        "/api/coordination/alerts",
        "/api/coordination/alerts/{alert_id}/acknowledge",
    ]
    for path in ("/api/coordination/engagements", "/api/coordination/alerts"):
        assert paths[path]["get"]["summary"]
        assert paths[path]["get"]["tags"] == ["coordination"]
