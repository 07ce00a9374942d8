"""The marketplace landing page (/marketplace/), the dashboard's marketplace panels and the
navigation by role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.marketplace.models import OfferRoute
from partnerhub.marketplace.tests.factories import (
    InterestFactory,
    NeedFactory,
    OfferFactory,
    OfferRouteFactory,
    days_ago,
)

pytestmark = pytest.mark.django_db
INDEX = reverse("marketplace:index")
DASHBOARD = reverse("core:dashboard")


@pytest.fixture
def market(entity, organisation):
    NeedFactory(entity=entity, title="Public need")
    NeedFactory(entity=entity, title="UN-only need", visibility="un_only")
    offer = OfferFactory(organisation=organisation, title="Our trucks")
    OfferFactory(title="Someone else's offer")
    OfferRouteFactory(
        offer=offer, entity=entity, received_at=days_ago(30), status=OfferRoute.Status.RECEIVED
    )
    return offer


@pytest.mark.parametrize(
    ("role", "needs", "offers"),
    [
        ("anonymous", 1, None),
        ("plain_user", 1, None),
        ("company_rep", 1, 1),
        ("focal_point", 2, 2),
        ("coordinator", 2, 2),
    ],
)
def test_counts_depend_on_what_the_user_may_see(as_role, market, role, needs, offers):
    _user, client = as_role(role)
    response = client.get(INDEX)
    assert response.status_code == 200
    assert response.context["counts"] == {"needs": needs, "offers": offers}


def test_shortcuts_by_role(as_role, market):
    _user, client = as_role("company_rep")
    content = client.get(INDEX).content.decode()
    assert reverse("marketplace:offer_create") in content
    assert reverse("marketplace:need_create") not in content
    assert "My company's offers" in content and "Our trucks" in content
    assert "WFP: received" in content
    _user, client = as_role("focal_point")
    content = client.get(INDEX).content.decode()
    assert reverse("marketplace:need_create") in content
    assert reverse("marketplace:inbox", args=["WFP"]) in content
    assert reverse("marketplace:routing_overview") not in content
    _user, client = as_role("coordinator")
    assert reverse("marketplace:routing_overview") in client.get(INDEX).content.decode()
    _user, client = as_role("anonymous")
    content = client.get(INDEX).content.decode()
    assert reverse("account_signup") in content
    assert reverse("marketplace:offer_list") not in content.split("<main")[1]


def test_a_company_sees_its_interests(as_role, market, organisation):
    InterestFactory(organisation=organisation, need__title="Solar pumps", message="We can.")
    _user, client = as_role("company_rep")
    content = client.get(INDEX).content.decode()
    assert "Solar pumps" in content


# --- Dashboard ----------------------------------------------------------------------------------


def test_dashboard_shows_the_focal_points_inbox_and_needs(as_role, market, entity, organisation):
    need = NeedFactory(entity=entity, title="Need with interest")
    InterestFactory(need=need, organisation=organisation)
    _user, client = as_role("focal_point")
    content = client.get(DASHBOARD).content.decode()
    assert "Offer inbox of WFP" in content
    assert "1 overdue" in content
    assert "Need with interest" in content
    assert "1 company interested" in content


def test_dashboard_shows_the_companys_offers_and_their_statuses(as_role, market):
    _user, client = as_role("company_rep")
    content = client.get(DASHBOARD).content.decode()
    assert "Our trucks" in content
    assert "WFP: received" in content
    assert "Someone else&#x27;s offer" not in content


def test_dashboard_shows_the_coordinator_the_overdue_offers(as_role, market):
    _user, client = as_role("coordinator")
    content = client.get(DASHBOARD).content.decode()
    assert "1 offer is past its acknowledgement deadline." in content
    assert "Our trucks" in content


def test_dashboard_has_no_marketplace_panel_without_a_role(as_role, market):
    _user, client = as_role("plain_user")
    assert "Marketplace:" not in client.get(DASHBOARD).content.decode()


@pytest.mark.parametrize(
    ("role", "inbox", "routing"),
    [
        ("anonymous", False, False),
        ("company_rep", False, False),
        ("focal_point", True, False),
        ("coordinator", True, True),
    ],
)
def test_navigation_by_role(as_role, db, role, inbox, routing):
    _user, client = as_role(role)
    content = client.get("/").content.decode()
    assert reverse("marketplace:index") in content
    assert (reverse("marketplace:inbox_index") in content) is inbox
    assert (reverse("marketplace:routing_overview") in content) is routing


# --- Audit trails -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("focal_point", 200),
        ("screening_officer", 200),
        ("other_focal_point", 403),
        ("company_rep", 403),
        ("coordinator", 200),
    ],
)
def test_audit_trails_of_needs_and_routes(as_role, market, entity, role, status):
    need = NeedFactory(entity=entity)
    route = market.routes.get()
    _user, client = as_role(role)
    assert (
        client.get(reverse("core:audit_trail", args=["marketplace", "need", need.pk])).status_code
        == status
    )
    assert (
        client.get(
            reverse("core:audit_trail", args=["marketplace", "offerroute", route.pk])
        ).status_code
        == status
    )


def test_routing_profile_audit_is_for_the_coordinator(as_role, entity):
    from partnerhub.marketplace.models import RoutingProfile

    profile = RoutingProfile.objects.create(entity=entity)
    url = reverse("core:audit_trail", args=["marketplace", "routingprofile", profile.pk])
    _user, client = as_role("coordinator")
    assert client.get(url).status_code == 200
    _user, client = as_role("focal_point")
    assert client.get(url).status_code == 403
