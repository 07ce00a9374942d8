from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.core.models import AuditEvent
from partnerhub.marketplace import services
from partnerhub.marketplace.models import OfferRoute
from partnerhub.marketplace.tests.factories import OfferFactory, OfferRouteFactory
from partnerhub.notifications.models import Notification


@pytest.fixture
def route(entity, organisation):
    return OfferRouteFactory(offer=OfferFactory(organisation=organisation), entity=entity)


def test_acknowledging_records_the_time_and_tells_the_company(route, focal_point, company_rep):
    services.route_respond(route=route, to="acknowledged", actor=focal_point)
    route.refresh_from_db()
    assert route.status == "acknowledged"
    assert route.acknowledged_at is not None and route.responded_at is None
    assert route.handled_by == focal_point
    assert Notification.objects.filter(user=company_rep, verb="offer.acknowledged").exists()
    assert AuditEvent.objects.filter(
        verb="offer_route.status_changed", target_id=str(route.pk)
    ).exists()


def test_accepting_puts_the_offer_in_discussion(route, focal_point, company_rep):
    services.route_respond(route=route, to="in_discussion", actor=focal_point, note="Let's talk")
    route.refresh_from_db()
    route.offer.refresh_from_db()
    assert route.status == "in_discussion"
    assert route.acknowledged_at is not None and route.responded_at is not None
    assert route.offer.status == "in_discussion"
    assert Notification.objects.filter(user=company_rep, verb="offer.in_discussion").exists()


def test_declining_needs_a_reason_that_the_company_sees(route, focal_point, company_rep):
    with pytest.raises(ValidationError):
        services.route_respond(route=route, to="declined", actor=focal_point, note="  ")
    services.route_respond(
        route=route, to="declined", actor=focal_point, note="Outside our mandate"
    )
    route.refresh_from_db()
    assert route.status == "declined" and route.decision_note == "Outside our mandate"
    notification = Notification.objects.get(user=company_rep, verb="offer.declined")
    assert "Outside our mandate" in notification.body


def test_forwarding_creates_a_route_for_the_other_entity(
    route, focal_point, other_entity, other_focal_point, company_rep
):
    services.route_respond(
        route=route,
        to="forwarded",
        actor=focal_point,
        note="Refugee camps",
        forward_to=other_entity,
    )
    forwarded = OfferRoute.objects.get(offer=route.offer, entity=other_entity)
    assert forwarded.origin == "forwarded" and forwarded.forwarded_from_id == route.pk
    assert forwarded.status == "received"
    assert Notification.objects.filter(user=other_focal_point, verb="offer.routed").exists()
    assert Notification.objects.filter(user=company_rep, verb="offer.forwarded").exists()


def test_forwarding_refuses_missing_same_or_already_routed_entities(
    route, focal_point, entity, other_entity
):
    with pytest.raises(ValidationError):
        services.route_respond(route=route, to="forwarded", actor=focal_point)
    with pytest.raises(ValidationError):
        services.route_respond(route=route, to="forwarded", actor=focal_point, forward_to=entity)
    OfferRouteFactory(offer=route.offer, entity=other_entity)
    with pytest.raises(ValidationError):
        services.route_respond(
            route=route, to="forwarded", actor=focal_point, forward_to=other_entity
        )
    route.refresh_from_db()
    assert route.status == "received"


@pytest.mark.parametrize(
    "role", ["other_focal_point", "company_rep", "screening_officer", "coordinator"]
)
def test_only_the_entity_focal_points_handle_it(request, role, route):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.route_respond(route=route, to="acknowledged", actor=user)


@pytest.mark.parametrize("start", ["declined", "forwarded", "closed"])
def test_final_states_stay_final(route, focal_point, start):
    route.status = start
    route.save()
    with pytest.raises(ValidationError):
        services.route_respond(route=route, to="in_discussion", actor=focal_point)


def test_a_withdrawn_offer_cannot_be_handled(route, focal_point):
    route.offer.status = "withdrawn"
    route.offer.save()
    with pytest.raises(ValidationError) as error:
        services.route_respond(route=route, to="acknowledged", actor=focal_point)
    assert "withdrawn" in str(error.value)


def test_the_same_state_twice_says_so(route, focal_point):
    services.route_respond(route=route, to="acknowledged", actor=focal_point)
    with pytest.raises(ValidationError) as error:
        services.route_respond(route=route, to="acknowledged", actor=focal_point)
    assert "already acknowledged" in str(error.value)
