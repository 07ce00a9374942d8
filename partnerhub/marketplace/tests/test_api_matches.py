from __future__ import annotations

import pytest

from partnerhub.marketplace.tests.api_helpers import Api
from partnerhub.marketplace.tests.factories import NeedFactory, OfferFactory
from partnerhub.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

TRUCKS = "Refrigerated trucks to carry vaccines and food to Turkana."


@pytest.fixture
def need(entity):
    return NeedFactory(entity=entity, title="Refrigerated trucks", description=TRUCKS, sdgs=[2])


@pytest.fixture
def offer(organisation):
    return OfferFactory(
        organisation=organisation, title="Refrigerated trucks", description=TRUCKS, sdgs=[2]
    )


@pytest.fixture
def unrelated(organisation):
    return OfferFactory(
        organisation=organisation,
        title="Accounting software",
        description="Licences for bookkeeping software.",
        sdgs=[8],
    )


# --- Offers for a need ----------------------------------------------------------------------


def test_the_entity_sees_ranked_offers_with_reasons(need, offer, unrelated, focal_point):
    response = Api(focal_point).get(f"/needs/{need.pk}/matches")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body[0]["offer"]["id"] == offer.pk
    assert body[0]["offer"]["organisation"] == "Trucks for Good Ltd"
    assert body[0]["score"] > 0
    components = {c["name"]: c for c in body[0]["components"]}
    assert components
    assert all({"value", "weight", "contribution", "reason"} <= set(c) for c in components.values())
    assert unrelated.pk not in [m["offer"]["id"] for m in body]


def test_limit(need, offer, organisation, focal_point):
    OfferFactory(organisation=organisation, title="More refrigerated trucks", description=TRUCKS)
    assert len(Api(focal_point).get(f"/needs/{need.pk}/matches", limit=1).json()) == 1
    response = Api(focal_point).get(f"/needs/{need.pk}/matches", limit=0)
    assert response.status_code == 422
    assert "limit" in response.json()["detail"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("me_officer", 200),
        ("coordinator", 200),
        ("admin", 200),
        ("other_focal_point", 403),
        ("country_coordinator", 403),
        ("company_rep", 403),
        ("anonymous", 401),
    ],
)
def test_who_sees_a_needs_matches(need, offer, as_role, role, status):
    user, _client = as_role(role)
    response = Api(user).get(f"/needs/{need.pk}/matches")
    assert response.status_code == status
    if status != 200:
        assert response.json()["detail"]


@pytest.mark.parametrize("rows", [1, 50])
def test_need_matches_query_count(
    need, organisation, focal_point, django_assert_max_num_queries, rows
):
    OfferFactory.create_batch(
        rows, organisation=organisation, description=TRUCKS, sdgs=[2], countries=["KE"]
    )
    api = Api(focal_point)
    # Includes building the match index over the candidates (a fixed number of queries).
    with django_assert_max_num_queries(19):
        response = api.get(f"/needs/{need.pk}/matches", limit=50)
    assert len(response.json()) == rows


# --- Needs for an offer ---------------------------------------------------------------------


@pytest.fixture
def hidden_need(entity):
    return NeedFactory(
        entity=entity,
        title="Refrigerated trucks (UN only)",
        description=TRUCKS,
        sdgs=[2],
        visibility="un_only",
    )


def test_companies_see_public_needs_only(need, hidden_need, offer, company_rep):
    response = Api(company_rep).get(f"/offers/{offer.pk}/matches")
    assert response.status_code == 200, response.content
    assert [m["need"]["id"] for m in response.json()] == [need.pk]
    assert response.json()[0]["need"]["entity"] == "WFP"


def test_un_staff_see_un_only_needs_too(need, hidden_need, offer, legal_officer):
    found = {m["need"]["id"] for m in Api(legal_officer).get(f"/offers/{offer.pk}/matches").json()}
    assert found == {need.pk, hidden_need.pk}


def test_a_need_and_an_offer_with_the_same_id_still_match(entity, organisation, company_rep):
    need = NeedFactory(entity=entity, title="Refrigerated trucks", description=TRUCKS, sdgs=[2])
    offer = OfferFactory(
        pk=need.pk, organisation=organisation, title="Refrigerated trucks", description=TRUCKS
    )
    assert [
        m["need"]["id"] for m in Api(company_rep).get(f"/offers/{offer.pk}/matches").json()
    ] == [need.pk]


@pytest.mark.parametrize(
    ("role", "status"),
    [("focal_point", 200), ("rival_rep", 404), ("plain_user", 404), ("anonymous", 401)],
)
def test_who_sees_an_offers_matches(need, offer, as_role, role, status):
    user, _client = as_role(role)
    assert Api(user).get(f"/offers/{offer.pk}/matches").status_code == status


@pytest.fixture
def rival_rep():
    from partnerhub.accounts.models import Role
    from partnerhub.accounts.tests.factories import MembershipFactory, UserFactory

    user = UserFactory(email="rep@rival.example")
    MembershipFactory(
        user=user, role=Role.COMPANY_REP, organisation=OrganisationFactory(legal_name="Rival")
    )
    return user


@pytest.mark.parametrize("rows", [1, 50])
def test_offer_matches_query_count(offer, entity, company_rep, django_assert_max_num_queries, rows):
    NeedFactory.create_batch(rows, entity=entity, description=TRUCKS, sdgs=[2], countries=["KE"])
    api = Api(company_rep)
    # Includes building the match index over the candidates (a fixed number of queries).
    with django_assert_max_num_queries(20):
        response = api.get(f"/offers/{offer.pk}/matches", limit=50)
    assert len(response.json()) == rows
