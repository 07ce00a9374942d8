from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partnerhub.core.models import AuditEvent
from partnerhub.marketplace import services
from partnerhub.marketplace.models import Offer, OfferRoute
from partnerhub.marketplace.tests.factories import OfferFactory, OfferRouteFactory
from partnerhub.notifications.models import Notification
from partnerhub.vocabularies.models import Country, ResourceType, SDGGoal


def _data(**overrides):
    data = {
        "title": "Trucks and warehouse space for emergency response in East Africa",
        "description": (
            "Our logistics company offers 20 trucks and 5,000 m² of warehouse space for "
            "emergency food and relief response in Kenya and Uganda."
        ),
        "resource_types": list(ResourceType.objects.filter(pk="logistics")),
        "sdgs": list(SDGGoal.objects.filter(pk__in=[2])),
        "sdg_targets": [],
        "countries": list(Country.objects.filter(pk__in=["KE", "UG"])),
        "regions": [],
        "in_kind_value_usd": 250000,
        "pro_bono_hours": 100,
    }
    data.update(overrides)
    return data


def test_it_computes_the_offer_value(settings):
    settings.PRO_BONO_HOURLY_RATE_USD = 100
    offer = Offer(cash_value_usd=1000, in_kind_value_usd=None, pro_bono_hours=10)
    assert offer.value_usd == 2000
    assert Offer().value_usd is None


def test_submitting_routes_to_the_entities_that_fit(
    company_rep, organisation, logistics_entities, focal_point, django_capture_on_commit_callbacks
):
    wfp, _unhcr, _itu = logistics_entities
    with django_capture_on_commit_callbacks(execute=True):
        offer = services.offer_create(
            organisation=organisation, actor=company_rep, data=_data(), submit=True
        )
    assert offer.status == Offer.Status.SUBMITTED
    routes = list(offer.routes.order_by("rank"))
    assert routes, "the offer went nowhere"
    assert routes[0].entity == wfp
    assert all(r.reasons for r in routes)
    assert all(r.acknowledge_due_at > r.received_at for r in routes)
    assert AuditEvent.objects.filter(verb="offer.routed", target_id=str(offer.pk)).exists()
    # WFP's focal point is told in the app and by e-mail.
    assert Notification.objects.filter(user=focal_point, verb="offer.routed").exists()
    assert any(focal_point.email in m.to for m in mail.outbox)


def test_a_draft_is_not_routed(company_rep, organisation, logistics_entities):
    offer = services.offer_create(
        organisation=organisation, actor=company_rep, data=_data(), submit=False
    )
    assert offer.status == Offer.Status.DRAFT
    assert not offer.routes.exists()


@pytest.mark.parametrize("role", ["focal_point", "plain_user", "coordinator"])
def test_only_representatives_post_offers(request, role, organisation):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.offer_create(organisation=organisation, actor=user, data=_data(), submit=False)


def test_a_representative_cannot_post_for_another_company(company_rep):
    from partnerhub.organisations.tests.factories import OrganisationFactory

    other = OrganisationFactory(legal_name="Someone Else Ltd")
    with pytest.raises(PermissionDenied):
        services.offer_create(organisation=other, actor=company_rep, data=_data(), submit=False)


def test_withdrawing_closes_open_routes_and_tells_the_entities(
    company_rep, organisation, entity, focal_point
):
    offer = OfferFactory(organisation=organisation)
    route = OfferRouteFactory(offer=offer, entity=entity)
    declined = OfferRouteFactory(offer=offer, status="declined")
    services.offer_transition(offer=offer, to="withdrawn", actor=company_rep, note="Sold out")
    route.refresh_from_db()
    declined.refresh_from_db()
    assert route.status == "closed"
    assert declined.status == "declined"
    assert Notification.objects.filter(user=focal_point, verb="offer.closed").exists()


@pytest.mark.parametrize(
    ("start", "to"),
    [
        ("withdrawn", "submitted"),
        ("closed", "withdrawn"),
        ("draft", "closed"),
        ("submitted", "in_discussion"),
    ],
)
def test_it_refuses_offer_transitions_outside_the_table(company_rep, organisation, start, to):
    offer = OfferFactory(organisation=organisation, status=start)
    with pytest.raises(ValidationError):
        services.offer_transition(offer=offer, to=to, actor=company_rep)
    offer.refresh_from_db()
    assert offer.status == start


def test_it_refuses_an_inverted_time_window(company_rep, organisation):
    data = _data(starts_on=datetime.date(2027, 5, 1), ends_on=datetime.date(2027, 4, 1))
    with pytest.raises(ValidationError):
        services.offer_create(organisation=organisation, actor=company_rep, data=data, submit=False)
    assert not Offer.objects.exists()


def test_editing_a_submitted_offer_tells_the_inboxes(
    company_rep, organisation, entity, focal_point
):
    offer = OfferFactory(organisation=organisation)
    OfferRouteFactory(offer=offer, entity=entity)
    services.offer_update(offer=offer, actor=company_rep, data={"conditions": "New conditions"})
    assert Notification.objects.filter(user=focal_point, verb="offer.updated").exists()


def test_routing_skips_entities_that_opted_out(
    company_rep, organisation, logistics_entities, coordinator
):
    wfp, *_ = logistics_entities
    services.routing_profile_update(entity=wfp, actor=coordinator, data={"accepts_offers": False})
    offer = services.offer_create(
        organisation=organisation, actor=company_rep, data=_data(), submit=True
    )
    assert not offer.routes.filter(entity=wfp).exists()


def test_overdue_routes_are_flagged_once_to_the_coordinator(coordinator, focal_point, entity):
    old = timezone.now() - datetime.timedelta(days=30)
    route = OfferRouteFactory(
        entity=entity, received_at=old, acknowledge_due_at=old + datetime.timedelta(days=14)
    )
    fresh = OfferRouteFactory(entity=entity)
    acknowledged = OfferRouteFactory(
        entity=entity,
        received_at=old,
        acknowledge_due_at=old,
        status="acknowledged",
        acknowledged_at=old,
    )
    assert services.routes_flag_overdue() == 1
    route.refresh_from_db()
    fresh.refresh_from_db()
    acknowledged.refresh_from_db()
    assert route.overdue_flagged_at is not None
    assert fresh.overdue_flagged_at is None and acknowledged.overdue_flagged_at is None
    assert Notification.objects.filter(user=coordinator, verb="offer.overdue").count() == 1
    assert Notification.objects.filter(user=focal_point, verb="offer.overdue").count() == 1
    assert services.routes_flag_overdue() == 0
    assert isinstance(OfferRoute.objects.get(pk=route.pk).overdue_flagged_at, datetime.datetime)


def test_an_offer_that_fits_no_mandate_goes_to_the_coordinator(
    company_rep, organisation, logistics_entities, coordinator
):
    data = _data(
        title="Test offer",
        description="Test offer",
        resource_types=[],
        sdgs=[],
        countries=[],
    )
    offer = services.offer_create(
        organisation=organisation, actor=company_rep, data=data, submit=True
    )
    assert not offer.routes.exists()
    assert Notification.objects.filter(user=coordinator, verb="offer.unrouted").exists()
