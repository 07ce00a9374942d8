"""Opening a proposal from the marketplace pages, and who sees the button."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.marketplace.models import OfferRoute
from partnerhub.marketplace.tests.factories import (
    InterestFactory,
    NeedFactory,
    OfferFactory,
    OfferRouteFactory,
)
from partnerhub.partnerships.models import Partnership

PROPOSE = reverse("partnerships:propose")
BUTTON = b"Open a partnership proposal"


@pytest.fixture
def interest(entity, organisation):
    return InterestFactory(need=NeedFactory(entity=entity), organisation=organisation)


def test_anonymous_goes_to_login(client, interest):
    response = client.post(PROPOSE, {"interest": interest.pk})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_get_is_not_allowed(as_role):
    _user, client = as_role("focal_point")
    assert client.get(PROPOSE).status_code == 405


def test_focal_point_opens_a_draft_from_an_interest(as_role, interest):
    _user, client = as_role("focal_point")
    response = client.post(PROPOSE, {"interest": interest.pk})
    partnership = Partnership.objects.get()
    assert response.status_code == 302
    assert response["Location"] == partnership.get_absolute_url()
    assert partnership.origin_interest == interest


def test_a_stranger_gets_403(as_role, interest):
    _user, client = as_role("other_focal_point")
    assert client.post(PROPOSE, {"interest": interest.pk}).status_code == 403
    assert not Partnership.objects.exists()


def test_bad_origins(as_role, interest):
    _user, client = as_role("focal_point")
    assert client.post(PROPOSE, {"interest": "abc"}).status_code == 404
    assert client.post(PROPOSE, {"interest": 999999}).status_code == 404
    assert client.post(PROPOSE, {}).status_code == 302
    assert (
        client.post(PROPOSE, {"interest": interest.pk, "need": interest.need_id}).status_code == 302
    )
    assert not Partnership.objects.exists()


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("focal_point", True),
        ("company_rep", True),
        ("other_focal_point", False),
        ("anonymous", False),
    ],
)
def test_the_button_on_the_need_interests(as_role, interest, role, shown):
    _user, client = as_role(role)
    response = client.get(reverse("marketplace:need_detail", args=[interest.need_id]))
    assert (f'name="interest" value="{interest.pk}"'.encode() in response.content) is shown


def test_the_button_on_a_declined_interest_is_hidden(as_role, interest):
    interest.status = "declined"
    interest.save()
    _user, client = as_role("focal_point")
    response = client.get(reverse("marketplace:need_detail", args=[interest.need_id]))
    assert f'name="interest" value="{interest.pk}"'.encode() not in response.content


@pytest.mark.parametrize(
    ("status", "shown"),
    [(OfferRoute.Status.IN_DISCUSSION, True), (OfferRoute.Status.RECEIVED, False)],
)
def test_the_button_on_a_route_in_discussion(as_role, entity, status, shown):
    route = OfferRouteFactory(
        offer=OfferFactory(status="in_discussion"), entity=entity, status=status
    )
    _user, client = as_role("focal_point")
    response = client.get(reverse("marketplace:route_detail", args=[route.pk]))
    assert (BUTTON in response.content) is shown
    if shown:
        assert client.post(PROPOSE, {"route": route.pk}).status_code == 302
        assert Partnership.objects.get().origin == "offer"


def test_the_button_on_the_offer_interests(as_role, entity, organisation):
    offer = OfferFactory(organisation=organisation)
    interest = InterestFactory(
        direction="entity_to_offer",
        need=None,
        offer=offer,
        entity=entity,
        organisation=organisation,
    )
    _user, client = as_role("company_rep")
    response = client.get(reverse("marketplace:offer_detail", args=[offer.pk]))
    assert f'name="interest" value="{interest.pk}"'.encode() in response.content


def test_the_need_button_for_its_focal_points(as_role, entity):
    need = NeedFactory(entity=entity)
    _user, client = as_role("focal_point")
    response = client.get(reverse("marketplace:need_detail", args=[need.pk]))
    assert f'name="need" value="{need.pk}"'.encode() in response.content
    _user, client = as_role("other_focal_point")
    response = client.get(reverse("marketplace:need_detail", args=[need.pk]))
    assert f'name="need" value="{need.pk}"'.encode() not in response.content
