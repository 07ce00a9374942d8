from __future__ import annotations

import pytest

from partnerhub.entities.tests.factories import UNEntityFactory
from partnerhub.marketplace.models import Interest, Need
from partnerhub.marketplace.tests.api_helpers import Api
from partnerhub.marketplace.tests.factories import InterestFactory, NeedFactory, OfferFactory
from partnerhub.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(entity):
    return NeedFactory(entity=entity, title="Trucks for Turkana")


@pytest.fixture
def offer(organisation):
    return OfferFactory(organisation=organisation, title="Our trucks")


# --- Companies' interest in needs -----------------------------------------------------------


def test_a_company_rep_expresses_interest(need, offer, organisation, company_rep):
    response = Api(company_rep).post(
        f"/needs/{need.pk}/interests",
        {
            "organisation_id": organisation.pk,
            "message": "We have trucks.",
            "proposed_offer_id": offer.pk,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["direction"] == "company_to_need"
    assert body["entity"] == "WFP"
    assert body["organisation"] == "Trucks for Good Ltd"
    assert body["proposed_offer_id"] == offer.pk
    assert body["status"] == "open"


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({"message": ""}, 400, "Say briefly how your company could help."),
        ({"message": "x" * 2001}, 422, "message"),
        ({"organisation_id": 999999}, 400, "No organisation has the id 999999"),
        ({"proposed_offer_id": 999999}, 400, "You have no offer with the id 999999"),
    ],
)
def test_bad_interest_is_4xx(need, organisation, company_rep, body, status, detail):
    payload = {"organisation_id": organisation.pk, "message": "We can help.", **body}
    response = Api(company_rep).post(f"/needs/{need.pk}/interests", payload)
    assert response.status_code == status, response.content
    assert detail in response.json()["detail"]


def test_interest_twice_is_refused(need, organisation, company_rep):
    payload = {"organisation_id": organisation.pk, "message": "We can help."}
    Api(company_rep).post(f"/needs/{need.pk}/interests", payload)
    response = Api(company_rep).post(f"/needs/{need.pk}/interests", payload)
    assert response.status_code == 400
    assert "already" in response.json()["detail"]


def test_a_closed_need_takes_no_interest(entity, organisation, company_rep):
    closed = NeedFactory(entity=entity, status=Need.Status.CLOSED)
    response = Api(company_rep).post(
        f"/needs/{closed.pk}/interests", {"organisation_id": organisation.pk, "message": "Hi"}
    )
    assert response.status_code == 400
    assert "closed" in response.json()["detail"]


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("plain_user", 403), ("focal_point", 403), ("coordinator", 403)],
)
def test_only_company_reps_express_interest(need, organisation, as_role, role, status):
    user, _client = as_role(role)
    response = Api(user).post(
        f"/needs/{need.pk}/interests", {"organisation_id": organisation.pk, "message": "Hi"}
    )
    assert response.status_code == status
    assert not Interest.objects.exists()


def test_a_rep_speaks_only_for_its_company(need, company_rep):
    other = OrganisationFactory(legal_name="Someone Else Ltd")
    response = Api(company_rep).post(
        f"/needs/{need.pk}/interests", {"organisation_id": other.pk, "message": "Hi"}
    )
    assert response.status_code == 403


def test_un_only_needs_are_404_to_companies(entity, organisation, company_rep):
    hidden = NeedFactory(entity=entity, visibility="un_only")
    response = Api(company_rep).post(
        f"/needs/{hidden.pk}/interests", {"organisation_id": organisation.pk, "message": "Hi"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("focal_point", 200),
        ("me_officer", 200),
        ("coordinator", 200),
        ("company_rep", 403),
        ("other_focal_point", 403),
        ("anonymous", 401),
    ],
)
def test_who_sees_a_needs_interests(need, organisation, as_role, role, status):
    InterestFactory(need=need, organisation=organisation)
    user, _client = as_role(role)
    response = Api(user).get(f"/needs/{need.pk}/interests")
    assert response.status_code == status
    if status == 200:
        assert [i["organisation"] for i in response.json()] == ["Trucks for Good Ltd"]


@pytest.mark.parametrize("rows", [1, 50])
def test_need_interests_query_count(need, focal_point, django_assert_max_num_queries, rows):
    for _ in range(rows):
        InterestFactory(need=need, organisation=OrganisationFactory())
    api = Api(focal_point)
    with django_assert_max_num_queries(6):
        response = api.get(f"/needs/{need.pk}/interests")
    assert len(response.json()) == rows


# --- Entities' interest in offers -----------------------------------------------------------


def test_a_focal_point_responds_to_an_offer(offer, focal_point, company_rep):
    response = Api(focal_point).post(
        f"/offers/{offer.pk}/interests", {"entity": "WFP", "message": "Let us talk."}
    )
    assert response.status_code == 201, response.content
    assert response.json()["direction"] == "entity_to_offer"
    listed = Api(company_rep).get(f"/offers/{offer.pk}/interests").json()
    assert [i["entity"] for i in listed] == ["WFP"]


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({"entity": "UNHCR"}, 403, "focal point"),
        ({"entity": "NOPE"}, 400, "NOPE"),
        ({"message": "  "}, 400, "Say briefly"),
    ],
)
def test_bad_responses_are_4xx(offer, focal_point, other_entity, body, status, detail):
    payload = {"entity": "WFP", "message": "Let us talk.", **body}
    response = Api(focal_point).post(f"/offers/{offer.pk}/interests", payload)
    assert response.status_code == status
    assert detail in response.json()["detail"]


@pytest.mark.parametrize(
    ("role", "status"), [("company_rep", 403), ("screening_officer", 403), ("anonymous", 401)]
)
def test_only_focal_points_respond(offer, entity, as_role, role, status):
    user, _client = as_role(role)
    response = Api(user).post(
        f"/offers/{offer.pk}/interests", {"entity": "WFP", "message": "Let us talk."}
    )
    assert response.status_code == status


def test_un_staff_see_only_their_entities_responses(
    offer, organisation, entity, other_entity, me_officer, coordinator
):
    for responder in (entity, other_entity):
        InterestFactory(
            direction=Interest.Direction.ENTITY_TO_OFFER,
            need=None,
            offer=offer,
            organisation=organisation,
            entity=responder,
        )
    assert [i["entity"] for i in Api(me_officer).get(f"/offers/{offer.pk}/interests").json()] == [
        "WFP"
    ]
    assert len(Api(coordinator).get(f"/offers/{offer.pk}/interests").json()) == 2


@pytest.mark.parametrize("rows", [1, 50])
def test_offer_interests_query_count(
    offer, organisation, company_rep, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        InterestFactory(
            direction=Interest.Direction.ENTITY_TO_OFFER,
            need=None,
            offer=offer,
            organisation=organisation,
            entity=UNEntityFactory(),
        )
    api = Api(company_rep)
    with django_assert_max_num_queries(6):
        response = api.get(f"/offers/{offer.pk}/interests")
    assert len(response.json()) == rows


# --- Answer and withdraw --------------------------------------------------------------------


@pytest.fixture
def interest(need, organisation, company_rep):
    return InterestFactory(need=need, organisation=organisation, created_by=company_rep)


def test_the_entity_takes_it_forward(interest, need, focal_point):
    response = Api(focal_point).post(
        f"/interests/{interest.pk}/answer", {"accept": True, "response": "Call us."}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    need.refresh_from_db()
    assert need.status == "in_discussion"


def test_declining_needs_a_reason(interest, focal_point):
    response = Api(focal_point).post(f"/interests/{interest.pk}/answer", {"accept": False})
    assert response.status_code == 400
    assert response.json()["detail"] == "Give a reason for declining."


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("company_rep", 403),
        ("me_officer", 403),
        ("other_focal_point", 404),
        ("plain_user", 404),
        ("anonymous", 401),
    ],
)
def test_only_the_other_party_answers(interest, as_role, role, status):
    user, _client = as_role(role)
    response = Api(user).post(f"/interests/{interest.pk}/answer", {"accept": True})
    assert response.status_code == status
    interest.refresh_from_db()
    assert interest.status == "open"


def test_the_company_withdraws_its_interest(interest, company_rep, focal_point):
    response = Api(company_rep).post(f"/interests/{interest.pk}/withdraw")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    again = Api(company_rep).post(f"/interests/{interest.pk}/withdraw")
    assert again.status_code == 400
    answer = Api(focal_point).post(f"/interests/{interest.pk}/answer", {"accept": True})
    assert answer.status_code == 400
    assert "withdrawn" in answer.json()["detail"]


@pytest.mark.parametrize(("role", "status"), [("focal_point", 403), ("other_focal_point", 404)])
def test_the_other_side_cannot_withdraw(interest, as_role, role, status):
    user, _client = as_role(role)
    assert Api(user).post(f"/interests/{interest.pk}/withdraw").status_code == status


def test_missing_interest_is_404(db, focal_point):
    response = Api(focal_point).post("/interests/999999/answer", {"accept": True})
    assert response.status_code == 404
