"""An entity's inbox of routed offers and a route's page: /marketplace/inbox/...,
/marketplace/routes/<pk>/."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.marketplace.models import Offer, OfferRoute
from partnerhub.marketplace.tests.factories import OfferRouteFactory, days_ago

pytestmark = pytest.mark.django_db
INDEX = reverse("marketplace:inbox_index")


def _inbox(key):
    return reverse("marketplace:inbox", args=[key])


@pytest.fixture
def routes(entity, other_entity, organisation):
    return {
        "fresh": OfferRouteFactory(
            entity=entity,
            offer__organisation=organisation,
            offer__title="Fresh trucks",
            reasons=["Mandate mentions logistics"],
        ),
        "late": OfferRouteFactory(
            entity=entity, offer__title="Late warehouses", received_at=days_ago(30)
        ),
        "declined": OfferRouteFactory(
            entity=entity, offer__title="Declined drones", status=OfferRoute.Status.DECLINED
        ),
        "elsewhere": OfferRouteFactory(entity=other_entity, offer__title="UNHCR tents"),
    }


# --- Index ------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, db):
    assert client.get(INDEX).status_code == 302


@pytest.mark.parametrize("role", ["plain_user", "company_rep", "country_coordinator"])
def test_people_outside_un_entities_have_no_inbox(as_role, role):
    _user, client = as_role(role)
    assert client.get(INDEX).status_code == 403


def test_a_focal_point_goes_straight_to_their_inbox(as_role, entity):
    _user, client = as_role("focal_point")
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"] == _inbox("WFP")


def test_the_coordinator_picks_any_entity(as_role, routes, other_entity):
    _user, client = as_role("coordinator")
    response = client.get(INDEX)
    assert response.status_code == 200
    content = response.content.decode()
    assert _inbox("WFP") in content and _inbox("UNHCR") in content
    assert client.get(INDEX, {"entity": "unhcr"})["Location"] == _inbox("UNHCR")
    assert client.get(INDEX, {"entity": "NOPE"}).status_code == 404


# --- Inbox ------------------------------------------------------------------------------------


def _titles(response):
    return [route.offer.title for route in response.context["page_obj"].object_list]


def test_the_inbox_lists_open_offers_by_default(as_role, routes):
    _user, client = as_role("focal_point")
    response = client.get(_inbox("WFP"))
    assert response.status_code == 200
    assert set(_titles(response)) == {"Fresh trucks", "Late warehouses"}
    content = response.content.decode()
    assert "Mandate mentions logistics" in content
    assert content.count("Overdue") == 1


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("declined", {"Declined drones"}),
        ("all", {"Fresh trucks", "Late warehouses", "Declined drones"}),
        ("received", {"Fresh trucks", "Late warehouses"}),
    ],
)
def test_status_filter(as_role, routes, status, expected):
    _user, client = as_role("focal_point")
    assert set(_titles(client.get(_inbox("WFP"), {"status": status}))) == expected


def test_an_unknown_status_is_explained(as_role, routes):
    _user, client = as_role("focal_point")
    response = client.get(_inbox("WFP"), {"status": "bogus"})
    assert response.status_code == 200
    assert "Unknown status" in response.content.decode()
    assert set(_titles(response)) == {"Fresh trucks", "Late warehouses"}


def test_the_inbox_opens_by_primary_key_and_any_case(as_role, routes, entity):
    _user, client = as_role("focal_point")
    assert client.get(_inbox(str(entity.pk))).status_code == 200
    assert client.get(_inbox("wfp")).status_code == 200
    assert client.get(_inbox("NOSUCH")).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("other_focal_point", 403),
        ("company_rep", 403),
        ("plain_user", 403),
        ("screening_officer", 200),
        ("coordinator", 200),
        ("admin", 200),
    ],
)
def test_who_may_read_the_inbox(as_role, routes, role, status):
    _user, client = as_role(role)
    assert client.get(_inbox("WFP")).status_code == status


def test_htmx_gets_only_the_results(as_role, routes):
    _user, client = as_role("focal_point")
    response = client.get(_inbox("WFP"), {"status": "all"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert "Declined drones" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_query_count_does_not_grow_with_rows(
    as_role, entity, rows, django_assert_max_num_queries, settings
):
    settings.PAGE_SIZE = 100
    OfferRouteFactory.create_batch(rows, entity=entity)
    _user, client = as_role("focal_point")
    with django_assert_max_num_queries(10):
        response = client.get(_inbox("WFP"))
    assert len(response.context["page_obj"].object_list) == rows


# --- A route ----------------------------------------------------------------------------------


def _route(route):
    return reverse("marketplace:route_detail", args=[route.pk])


def test_the_focal_point_sees_the_offer_and_the_actions(as_role, routes):
    _user, client = as_role("focal_point")
    response = client.get(_route(routes["fresh"]))
    assert response.status_code == 200
    assert response.context["next_states"] == [
        "acknowledged",
        "in_discussion",
        "declined",
        "forwarded",
    ]
    content = response.content.decode()
    assert "Fresh trucks" in content and "Mandate mentions logistics" in content
    assert "Acknowledge receipt" in content


def test_a_colleague_reads_but_cannot_answer(as_role, routes):
    _user, client = as_role("screening_officer")
    response = client.get(_route(routes["fresh"]))
    assert response.status_code == 200
    assert response.context["next_states"] == []
    assert client.post(_route(routes["fresh"]), {"to": "acknowledged"}).status_code == 403


@pytest.mark.parametrize(
    ("role", "status"), [("other_focal_point", 403), ("company_rep", 403), ("anonymous", 302)]
)
def test_outsiders_cannot_read_a_route(as_role, routes, role, status):
    _user, client = as_role(role)
    assert client.get(_route(routes["fresh"])).status_code == status
    assert client.post(_route(routes["fresh"]), {"to": "acknowledged"}).status_code == status


def test_an_unknown_route_is_a_404(as_role, db):
    _user, client = as_role("focal_point")
    assert client.get(reverse("marketplace:route_detail", args=[999999])).status_code == 404


def test_acknowledging(as_role, routes):
    _user, client = as_role("focal_point")
    response = client.post(_route(routes["fresh"]), {"to": "acknowledged"}, follow=True)
    routes["fresh"].refresh_from_db()
    assert routes["fresh"].status == OfferRoute.Status.ACKNOWLEDGED
    assert routes["fresh"].acknowledged_at is not None
    assert "Offer acknowledged" in response.content.decode()


def test_accepting_into_discussion(as_role, routes):
    _user, client = as_role("focal_point")
    client.post(_route(routes["fresh"]), {"to": "in_discussion", "note": "Call us"})
    routes["fresh"].refresh_from_db()
    assert routes["fresh"].status == OfferRoute.Status.IN_DISCUSSION
    assert routes["fresh"].offer.status == Offer.Status.IN_DISCUSSION


def test_declining_needs_a_reason(as_role, routes):
    _user, client = as_role("focal_point")
    response = client.post(_route(routes["fresh"]), {"to": "declined", "note": "  "})
    assert response.status_code == 400
    assert "Give the company a reason for declining." in response.content.decode()
    routes["fresh"].refresh_from_db()
    assert routes["fresh"].status == OfferRoute.Status.RECEIVED
    client.post(_route(routes["fresh"]), {"to": "declined", "note": "Outside our mandate"})
    routes["fresh"].refresh_from_db()
    assert (routes["fresh"].status, routes["fresh"].decision_note) == (
        "declined",
        "Outside our mandate",
    )


def test_forwarding_needs_an_entity(as_role, routes, entity, other_entity):
    _user, client = as_role("focal_point")
    response = client.post(_route(routes["fresh"]), {"to": "forwarded", "forward_to": ""})
    assert response.status_code == 400
    assert "Choose the entity to forward the offer to." in response.content.decode()
    response = client.post(_route(routes["fresh"]), {"to": "forwarded", "forward_to": entity.pk})
    assert response.status_code == 400  # not offered: the offer is already with this entity
    client.post(
        _route(routes["fresh"]),
        {"to": "forwarded", "forward_to": other_entity.pk, "note": "Refugee camps"},
    )
    routes["fresh"].refresh_from_db()
    assert routes["fresh"].status == OfferRoute.Status.FORWARDED
    forwarded = OfferRoute.objects.get(forwarded_from=routes["fresh"])
    assert forwarded.entity == other_entity


@pytest.mark.parametrize(
    "data", [{"to": "closed"}, {"to": ""}, {"to": "acknowledged", "note": "x" * 2001}]
)
def test_bad_actions_are_refused(as_role, routes, data):
    _user, client = as_role("focal_point")
    response = client.post(_route(routes["fresh"]), data)
    assert response.status_code == 400
    routes["fresh"].refresh_from_db()
    assert routes["fresh"].status == OfferRoute.Status.RECEIVED


def test_an_action_not_allowed_from_the_state_is_explained(as_role, routes):
    _user, client = as_role("focal_point")
    response = client.post(_route(routes["declined"]), {"to": "acknowledged"})
    assert response.status_code == 400
    assert "cannot be marked acknowledged" in response.content.decode()


def test_no_actions_once_the_company_withdrew(as_role, routes):
    offer = routes["fresh"].offer
    offer.status = Offer.Status.WITHDRAWN
    offer.save()
    _user, client = as_role("focal_point")
    response = client.get(_route(routes["fresh"]))
    assert response.context["next_states"] == []
    assert "nothing more to answer" in response.content.decode()
