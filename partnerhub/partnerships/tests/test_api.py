from __future__ import annotations

import pytest
from django.test import Client

from partnerhub.accounts.services import api_token_create
from partnerhub.marketplace.tests.factories import InterestFactory, NeedFactory, OfferFactory
from partnerhub.partnerships.models import Partnership
from partnerhub.partnerships.tests.factories import PartnerFactory, PartnershipFactory

BASE = "/api/partnerships"


class Api:
    def __init__(self, user):
        self.client = Client()
        self.headers = {}
        if user is not None:
            _token, secret = api_token_create(user=user, name="test")
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"

    def get(self, path="", **params):
        return self.client.get(BASE + path, params, **self.headers)

    def post(self, path="", body=None):
        return self.client.post(
            BASE + path, body or {}, content_type="application/json", **self.headers
        )


def test_without_a_token_401():
    assert Api(None).get().status_code == 401


def test_a_user_without_role_403(plain_user):
    assert Api(plain_user).get().status_code == 403


def test_list_mirrors_the_pages(focal_point, company_rep, entity, other_entity, partnership):
    PartnershipFactory(title="UNHCR draft", lead_entity=other_entity)
    PartnershipFactory(title="UNHCR active", lead_entity=other_entity, status="active")
    titles = {r["title"] for r in Api(focal_point).get().json()["results"]}
    assert titles == {partnership.title, "UNHCR active"}
    body = Api(company_rep).get().json()
    assert [r["id"] for r in body["results"]] == [partnership.pk]
    assert body["results"][0]["partners"][0]["organisation"] == "Trucks for Good Ltd"


def test_unknown_status_filter_400(focal_point):
    assert Api(focal_point).get(status="celebrated").status_code == 400


@pytest.mark.parametrize("rows", [1, 50])
def test_query_count_does_not_grow_with_rows(
    focal_point, entity, rows, django_assert_max_num_queries
):
    for p in PartnershipFactory.create_batch(rows, lead_entity=entity, status="active"):
        PartnerFactory(partnership=p)
    api = Api(focal_point)
    with django_assert_max_num_queries(10):
        response = api.get(page_size=100)
    assert len(response.json()["results"]) == rows


def test_detail_hides_what_you_may_not_see(other_focal_point, focal_point, partnership):
    assert Api(other_focal_point).get(f"/{partnership.pk}").status_code == 404
    body = Api(focal_point).get(f"/{partnership.pk}").json()
    assert body["next_states"] == ["proposed", "withdrawn"]


def test_propose_from_an_interest_and_move(focal_point, entity, organisation):
    offer = OfferFactory(organisation=organisation, cash_value_usd=1000)
    interest = InterestFactory(
        need=NeedFactory(entity=entity, title="Training"),
        organisation=organisation,
        proposed_offer=offer,
    )
    api = Api(focal_point)
    response = api.post(body={"interest_id": interest.pk})
    assert response.status_code == 201
    body = response.json()
    assert body["title"] == "Training"
    assert body["contributions"][0]["amount"] == "1000.00"
    moved = api.post(f"/{body['id']}/transition", {"to": "proposed", "note": "go"})
    assert moved.status_code == 200
    assert moved.json()["partnership"]["status"] == "proposed"


def test_propose_refusals(focal_point, company_rep, entity):
    api = Api(focal_point)
    assert api.post(body={}).status_code == 400
    assert api.post(body={"interest_id": 999999}).status_code == 400
    assert api.post(body={"entity": entity.acronym}).status_code == 400  # no title
    assert Api(company_rep).post(body={"need_id": NeedFactory(entity=entity).pk}).status_code == 403
    assert not Partnership.objects.exists()


def test_transition_refusals(screening_officer, company_rep, partnership):
    assert (
        Api(company_rep).post(f"/{partnership.pk}/transition", {"to": "proposed"}).status_code
        == 403
    )
    Partnership.objects.filter(pk=partnership.pk).update(status="due_diligence")
    response = Api(screening_officer).post(f"/{partnership.pk}/transition", {"to": "review"})
    assert response.status_code == 400
    assert "not screened yet" in response.json()["detail"]


def test_the_openapi_document_describes_partnerships(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    # Other apps (cost–benefit, results) add their own paths under a partnership.
    assert [p for p in paths if p.startswith(BASE)][:4] == [
        BASE,
        f"{BASE}/{{partnership_id}}",
        f"{BASE}/{{partnership_id}}/transition",
        f"{BASE}/{{partnership_id}}/agreement",
    ]
