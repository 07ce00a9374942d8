from __future__ import annotations

import pytest

from partnerhub.accounts.models import Role
from partnerhub.accounts.tests.factories import MembershipFactory, UserFactory
from partnerhub.marketplace.models import Offer, OfferRoute
from partnerhub.marketplace.tests.api_helpers import Api
from partnerhub.marketplace.tests.factories import OfferFactory, OfferRouteFactory
from partnerhub.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rival():
    return OrganisationFactory(legal_name="Rival Haulage", country_id="KE")


@pytest.fixture
def rival_rep(rival):
    user = UserFactory(email="rep@rival.example")
    MembershipFactory(user=user, role=Role.COMPANY_REP, organisation=rival)
    return user


@pytest.fixture
def offers(organisation, rival):
    return {
        "own": OfferFactory(organisation=organisation, title="Our trucks", sdgs=[2]),
        "own_draft": OfferFactory(
            organisation=organisation, title="Our draft", status="draft", published_at=None
        ),
        "rival": OfferFactory(organisation=rival, title="Rival trucks", countries=["SD"]),
        "rival_draft": OfferFactory(
            organisation=rival, title="Rival draft", status="draft", published_at=None
        ),
    }


@pytest.fixture
def routes(offers, entity, other_entity):
    wfp = OfferRouteFactory(
        offer=offers["own"],
        entity=entity,
        status=OfferRoute.Status.FORWARDED,
        decision_note="Shelter is UNHCR's work.",
        reasons=["Words in common: trucks"],
    )
    unhcr = OfferRouteFactory(
        offer=offers["own"],
        entity=other_entity,
        origin=OfferRoute.Origin.FORWARDED,
        forwarded_from=wfp,
        rank=None,
        status=OfferRoute.Status.DECLINED,
        decision_note="No capacity this year.",
    )
    OfferRouteFactory(offer=offers["rival"], entity=other_entity)
    return wfp, unhcr


def titles(response):
    assert response.status_code == 200, response.content
    return sorted(o["title"] for o in response.json()["results"])


# --- List -----------------------------------------------------------------------------------


def test_company_reps_see_only_their_offers(offers, company_rep, rival_rep):
    assert titles(Api(company_rep).get("/offers")) == ["Our trucks"]
    assert titles(Api(company_rep).get("/offers", status="draft")) == ["Our draft"]
    assert titles(Api(rival_rep).get("/offers")) == ["Rival trucks"]


def test_un_staff_see_submitted_offers_not_drafts(offers, me_officer):
    assert titles(Api(me_officer).get("/offers")) == ["Our trucks", "Rival trucks"]
    assert titles(Api(me_officer).get("/offers", status="draft")) == []


def test_others_see_none(offers, plain_user):
    assert titles(Api(plain_user).get("/offers")) == []


def test_anonymous_needs_a_token(offers):
    response = Api(None).get("/offers")
    assert response.status_code == 401
    assert "token" in response.json()["detail"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"entity": "WFP"}, ["Our trucks"]),
        ({"entity": "UNHCR"}, ["Our trucks", "Rival trucks"]),
        ({"country": "SD"}, ["Rival trucks"]),
        ({"sdg": "2"}, ["Our trucks"]),
        ({"q": "rival"}, ["Rival trucks"]),
    ],
)
def test_it_filters(routes, focal_point, params, expected):
    assert titles(Api(focal_point).get("/offers", **params)) == expected


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"entity": "NOPE"}, "NOPE"),
        ({"status": "bogus"}, "status:"),
        ({"region": "999"}, "region:"),
    ],
)
def test_bad_filters_are_400(offers, focal_point, params, detail):
    response = Api(focal_point).get("/offers", **params)
    assert response.status_code == 400
    assert detail in response.json()["detail"]


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_count_does_not_grow(
    organisation, focal_point, django_assert_max_num_queries, rows
):
    OfferFactory.create_batch(
        rows, organisation=organisation, sdgs=[2], countries=["KE"], resource_types=["logistics"]
    )
    api = Api(focal_point)
    # Token, its last use, memberships, count, page, six vocabularies.
    with django_assert_max_num_queries(11):
        response = api.get("/offers", page_size=100)
    assert response.json()["count"] == rows


# --- Detail and routes ----------------------------------------------------------------------


def test_the_company_sees_where_its_offer_went(routes, offers, company_rep):
    response = Api(company_rep).get(f"/offers/{offers['own'].pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["organisation"] == "Trucks for Good Ltd"
    by_entity = {r["entity"]: r for r in body["routes"]}
    assert by_entity["WFP"]["status"] == "forwarded"
    assert by_entity["WFP"]["forwarded_to"] == ["UNHCR"]
    assert by_entity["WFP"]["reasons"] == ["Words in common: trucks"]
    assert by_entity["UNHCR"]["origin"] == "forwarded"
    assert by_entity["UNHCR"]["forwarded_from"] == "WFP"
    assert by_entity["UNHCR"]["status"] == "declined"
    assert by_entity["UNHCR"]["decision_note"] == "No capacity this year."


def test_routes_endpoint(routes, offers, company_rep):
    response = Api(company_rep).get(f"/offers/{offers['own'].pk}/routes")
    assert response.status_code == 200
    assert [r["entity"] for r in response.json()] == ["WFP", "UNHCR"]


@pytest.mark.parametrize("path", ["", "/routes", "/interests"])
def test_other_companies_offers_are_404(routes, offers, rival_rep, path):
    response = Api(rival_rep).get(f"/offers/{offers['own'].pk}{path}")
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize("role", ["focal_point", "coordinator", "plain_user"])
def test_drafts_are_404_to_everyone_but_the_company(offers, as_role, role):
    user, _client = as_role(role)
    assert Api(user).get(f"/offers/{offers['own_draft'].pk}").status_code == 404


def test_un_staff_see_a_submitted_offer(routes, offers, screening_officer):
    assert Api(screening_officer).get(f"/offers/{offers['rival'].pk}").status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_routes_query_count_does_not_grow(
    offers, entity, company_rep, django_assert_max_num_queries, rows
):
    from partnerhub.entities.tests.factories import UNEntityFactory

    for _ in range(rows):
        OfferRouteFactory(offer=offers["own"], entity=UNEntityFactory())
    api = Api(company_rep)
    with django_assert_max_num_queries(6):
        response = api.get(f"/offers/{offers['own'].pk}/routes")
    assert len(response.json()) == rows


# --- Create ---------------------------------------------------------------------------------


def valid(organisation, **change):
    return {
        "organisation_id": organisation.pk,
        "title": "Refrigerated trucks",
        "description": "Ten refrigerated trucks with drivers for vaccine delivery in Kenya.",
        "resource_types": ["logistics"],
        "sdgs": [3],
        "countries": ["KE"],
        "themes": ["global-health"],
        "cash_value_usd": "10000",
        "in_kind_value_usd": "5000.50",
        "pro_bono_hours": 10,
        "conditions": "Fuel paid by the UN.",
        **change,
    }


def test_a_company_rep_saves_a_draft(organisation, company_rep):
    response = Api(company_rep).post("/offers", valid(organisation))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["themes"] == ["global-health"]
    assert body["value_usd"] == 16000.5
    assert body["routes"] == []


def test_submitting_routes_the_offer(organisation, company_rep, entity):
    entity.mandate = "Vaccine delivery, health logistics and refrigerated trucks in Kenya."
    entity.save()
    entity.sdgs.set([3])
    entity.countries.set(["KE"])
    response = Api(company_rep).post("/offers", valid(organisation, submit=True))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted"
    assert [r["entity"] for r in body["routes"]] == ["WFP"]
    assert body["routes"][0]["reasons"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("plain_user", 403),
        ("focal_point", 403),
        ("coordinator", 403),
        ("rival_rep", 403),
    ],
)
def test_others_may_not_offer_for_the_company(organisation, rival, as_role, role, status):
    user, _client = as_role(role)
    response = Api(user).post("/offers", valid(organisation))
    assert response.status_code == status
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    ("change", "status", "detail"),
    [
        ({"organisation_id": 999999}, 400, "No organisation has the id 999999"),
        ({"organisation_id": 2**70}, 422, "organisation_id"),
        ({"themes": ["astrology"]}, 400, "Unknown themes: astrology"),
        ({"pro_bono_hours": -1}, 422, "pro_bono_hours"),
        ({"cash_value_usd": "1e20"}, 422, "cash_value_usd"),
        ({"title": ""}, 422, "title"),
    ],
)
def test_bad_offers_are_4xx(organisation, company_rep, change, status, detail):
    response = Api(company_rep).post("/offers", valid(organisation, **change))
    assert response.status_code == status, response.content
    assert detail in response.json()["detail"]
    assert not Offer.objects.exists()


# --- Update and transition ------------------------------------------------------------------


def test_a_company_rep_changes_its_offer(offers, company_rep):
    response = Api(company_rep).patch(
        f"/offers/{offers['own'].pk}", {"conditions": "None.", "pro_bono_hours": None}
    )
    assert response.status_code == 200, response.content
    assert response.json()["conditions"] == "None."
    assert response.json()["pro_bono_hours"] is None


@pytest.mark.parametrize(
    ("role", "status"), [("rival_rep", 404), ("focal_point", 403), ("anonymous", 401)]
)
def test_others_may_not_change_it(offers, as_role, role, status, rival_rep):
    user, _client = as_role(role)
    response = Api(user).patch(f"/offers/{offers['own'].pk}", {"title": "Hacked"})
    assert response.status_code == status


def test_withdrawing_closes_the_open_routes(offers, entity, company_rep):
    route = OfferRouteFactory(offer=offers["own"], entity=entity)
    response = Api(company_rep).post(
        f"/offers/{offers['own'].pk}/transition", {"to": "withdrawn", "note": "Sold out."}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "withdrawn"
    assert body["routes"][0]["status"] == "closed"
    route.refresh_from_db()
    assert route.status == "closed"
    edit = Api(company_rep).patch(f"/offers/{offers['own'].pk}", {"title": "Back"})
    assert edit.status_code == 400
    assert "withdrawn" in edit.json()["detail"]


@pytest.mark.parametrize(
    ("to", "detail"),
    [
        ("in_discussion", "Choose submitted, closed or withdrawn."),
        ("draft", "Choose submitted, closed or withdrawn."),
    ],
)
def test_companies_cannot_make_other_moves(offers, company_rep, to, detail):
    response = Api(company_rep).post(f"/offers/{offers['own'].pk}/transition", {"to": to})
    assert response.status_code == 400
    assert response.json()["detail"] == detail


def test_a_refused_move_says_why(offers, company_rep):
    Api(company_rep).post(f"/offers/{offers['own'].pk}/transition", {"to": "closed"})
    response = Api(company_rep).post(f"/offers/{offers['own'].pk}/transition", {"to": "withdrawn"})
    assert response.status_code == 400
    assert response.json()["detail"] == "An offer that is closed cannot become withdrawn."


def test_un_staff_may_not_withdraw_an_offer(offers, focal_point):
    response = Api(focal_point).post(f"/offers/{offers['own'].pk}/transition", {"to": "withdrawn"})
    assert response.status_code == 403
