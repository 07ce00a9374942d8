from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.marketplace.models import OfferRoute
from partnerhub.marketplace.tests.factories import OfferFactory, OfferRouteFactory
from partnerhub.notifications.models import Notification


def test_the_coordinator_sees_unrouted_offers_and_sends_one(
    as_role, entity, focal_point, company_rep, organisation
):
    offer = OfferFactory(organisation=organisation, title="Nobody's offer")
    routed = OfferFactory(organisation=organisation, title="Routed offer")
    OfferRouteFactory(offer=routed, entity=entity)
    _user, client = as_role("coordinator")
    page = client.get(reverse("marketplace:routing_overview")).content.decode()
    assert "Nobody&#x27;s offer" in page or "Nobody's offer" in page
    assert "Routed offer" not in page.split('id="times-heading"')[0]
    response = client.post(
        reverse("marketplace:offer_assign", args=[offer.pk]),
        {"entity": entity.pk, "note": "Logistics"},
    )
    assert response.status_code == 302
    route = OfferRoute.objects.get(offer=offer, entity=entity)
    assert route.origin == "assigned" and "Logistics" in route.reasons[0]
    assert Notification.objects.filter(user=focal_point, verb="offer.routed").exists()
    assert Notification.objects.filter(user=company_rep, verb="offer.assigned").exists()


def test_sending_twice_or_without_an_entity_is_refused(as_role, entity):
    offer = OfferFactory()
    OfferRouteFactory(offer=offer, entity=entity, status="declined")
    _user, client = as_role("coordinator")
    url = reverse("marketplace:offer_assign", args=[offer.pk])
    response = client.post(url, {"entity": ""}, follow=True)
    assert "Choose the entity" in response.content.decode()
    response = client.post(url, {"entity": entity.pk}, follow=True)
    assert "already has this offer" in response.content.decode()
    assert OfferRoute.objects.filter(offer=offer).count() == 1


@pytest.mark.parametrize("role", ["focal_point", "company_rep", "screening_officer"])
def test_only_managers_send_offers_by_hand(as_role, role, entity):
    offer = OfferFactory()
    _user, client = as_role(role)
    response = client.post(
        reverse("marketplace:offer_assign", args=[offer.pk]), {"entity": entity.pk}
    )
    assert response.status_code == 403
    assert not OfferRoute.objects.filter(offer=offer).exists()


def test_anonymous_is_sent_to_sign_in(client, entity):
    offer = OfferFactory()
    response = client.post(
        reverse("marketplace:offer_assign", args=[offer.pk]), {"entity": entity.pk}
    )
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
