from __future__ import annotations

import pytest

from partnerhub.marketplace.models import OfferRoute
from partnerhub.marketplace.tests.api_helpers import Api
from partnerhub.marketplace.tests.factories import OfferFactory, OfferRouteFactory, days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(organisation):
    return OfferFactory(organisation=organisation, title="Our trucks")


@pytest.fixture
def route(offer, entity):
    return OfferRouteFactory(offer=offer, entity=entity, reasons=["SDGs in common: 2"])


# --- Inbox ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("focal_point", 200),
        ("legal_officer", 200),
        ("coordinator", 200),
        ("admin", 200),
        ("other_focal_point", 403),
        ("company_rep", 403),
        ("country_coordinator", 403),
        ("anonymous", 401),
    ],
)
def test_who_reads_an_inbox(route, as_role, role, status):
    user, _client = as_role(role)
    response = Api(user).get("/inbox/WFP")
    assert response.status_code == status
    assert "detail" in response.json() or status == 200


def test_the_inbox_shows_offers_with_reasons(route, focal_point):
    body = Api(focal_point).get("/inbox/wfp").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["offer"]["title"] == "Our trucks"
    assert row["offer"]["organisation"] == "Trucks for Good Ltd"
    assert row["reasons"] == ["SDGs in common: 2"]
    assert row["status"] == "received"
    assert row["overdue"] is False


def test_overdue_offers_are_marked(offer, entity, focal_point):
    OfferRouteFactory(offer=offer, entity=entity, received_at=days_ago(30))
    assert Api(focal_point).get("/inbox/WFP").json()["results"][0]["overdue"] is True


@pytest.mark.parametrize(
    ("status", "count"), [("", 2), ("open", 1), ("declined", 1), ("received", 1), ("closed", 0)]
)
def test_it_filters_by_status(route, organisation, entity, focal_point, status, count):
    OfferRouteFactory(
        offer=OfferFactory(organisation=organisation), entity=entity, status="declined"
    )
    assert Api(focal_point).get("/inbox/WFP", status=status).json()["count"] == count


def test_bad_status_is_400(route, focal_point):
    response = Api(focal_point).get("/inbox/WFP", status="lost")
    assert response.status_code == 400
    assert "lost" in response.json()["detail"]


def test_unknown_entity_is_404(db, focal_point):
    response = Api(focal_point).get("/inbox/NOPE")
    assert response.status_code == 404
    assert "NOPE" in response.json()["detail"]


@pytest.mark.parametrize("rows", [1, 50])
def test_inbox_query_count_does_not_grow(
    organisation, entity, focal_point, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        OfferRouteFactory(offer=OfferFactory(organisation=organisation), entity=entity)
    api = Api(focal_point)
    # Token, its last use, memberships, entity, count, page, forwards.
    with django_assert_max_num_queries(7):
        response = api.get("/inbox/WFP", page_size=100)
    assert response.json()["count"] == rows


# --- One route ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("focal_point", 200),
        ("me_officer", 200),
        ("coordinator", 200),
        ("company_rep", 200),
        ("other_focal_point", 404),
        ("plain_user", 404),
        ("anonymous", 401),
    ],
)
def test_who_reads_a_route(route, as_role, role, status):
    user, _client = as_role(role)
    response = Api(user).get(f"/routes/{route.pk}")
    assert response.status_code == status


def test_missing_route_is_404(db, focal_point):
    assert Api(focal_point).get("/routes/999999").status_code == 404
    assert Api(focal_point).get(f"/routes/{2**70}").status_code == 404


# --- Responding -----------------------------------------------------------------------------


def test_a_focal_point_acknowledges(route, focal_point):
    response = Api(focal_point).post(f"/routes/{route.pk}/respond", {"to": "acknowledged"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "acknowledged"
    assert body["acknowledged_at"] is not None


def test_accepting_puts_the_offer_in_discussion(route, offer, focal_point):
    response = Api(focal_point).post(
        f"/routes/{route.pk}/respond", {"to": "in_discussion", "note": "Let us talk."}
    )
    assert response.status_code == 200
    assert response.json()["offer"]["status"] == "in_discussion"


def test_declining_needs_a_reason_the_company_sees(route, offer, focal_point, company_rep):
    api = Api(focal_point)
    refused = api.post(f"/routes/{route.pk}/respond", {"to": "declined"})
    assert refused.status_code == 400
    assert refused.json()["detail"] == "Give the company a reason for declining."
    assert refused.json()["errors"] == {"note": ["Give the company a reason for declining."]}
    api.post(f"/routes/{route.pk}/respond", {"to": "declined", "note": "Out of mandate."})
    seen = Api(company_rep).get(f"/offers/{offer.pk}").json()["routes"][0]
    assert seen["status"] == "declined"
    assert seen["decision_note"] == "Out of mandate."


def test_forwarding_creates_a_route_for_the_other_entity(route, offer, focal_point, other_entity):
    response = Api(focal_point).post(
        f"/routes/{route.pk}/respond",
        {"to": "forwarded", "note": "Shelter is theirs.", "forward_to": "UNHCR"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["forwarded_to"] == ["UNHCR"]
    forwarded = OfferRoute.objects.get(entity=other_entity)
    assert forwarded.forwarded_from == route
    assert forwarded.origin == "forwarded"


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({"to": "forwarded"}, 400, "Choose the entity to forward the offer to."),
        ({"to": "forwarded", "forward_to": "WFP"}, 400, "already with this entity"),
        ({"to": "forwarded", "forward_to": "NOPE"}, 400, "NOPE"),
        ({"to": "closed"}, 422, "to"),
        ({"to": "acknowledged", "note": "x" * 2001}, 422, "note"),
    ],
)
def test_bad_responses_are_4xx(route, focal_point, body, status, detail):
    response = Api(focal_point).post(f"/routes/{route.pk}/respond", body)
    assert response.status_code == status, response.content
    assert detail in response.json()["detail"]


def test_a_refused_move_says_why(route, focal_point):
    Api(focal_point).post(f"/routes/{route.pk}/respond", {"to": "declined", "note": "No."})
    response = Api(focal_point).post(f"/routes/{route.pk}/respond", {"to": "acknowledged"})
    assert response.status_code == 400
    assert "declined" in response.json()["detail"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("me_officer", 403),
        ("coordinator", 403),
        ("company_rep", 403),
        ("other_focal_point", 404),
        ("anonymous", 401),
    ],
)
def test_only_the_entitys_focal_points_respond(route, as_role, role, status):
    user, _client = as_role(role)
    response = Api(user).post(f"/routes/{route.pk}/respond", {"to": "acknowledged"})
    assert response.status_code == status
    route.refresh_from_db()
    assert route.status == "received"
