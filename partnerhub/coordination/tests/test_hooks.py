"""Every service that starts an engagement raises the coordination alert, inside its own
transaction: WFP is already engaged with Trucks for Good, then UNHCR starts."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from partnerhub.coordination.models import CoordinationAlert
from partnerhub.coordination.services import engagement_started
from partnerhub.marketplace import services as marketplace
from partnerhub.marketplace.tests.factories import NeedFactory, OfferRouteFactory
from partnerhub.notifications.models import Notification
from partnerhub.partnerships.tests.factories import PartnerFactory, PartnershipFactory
from partnerhub.screening import services as screening
from partnerhub.screening.lists import import_snapshot_bytes

UN_LIST = (
    Path(__file__).resolve().parents[2] / "screening" / "data" / "un_sc_consolidated_2026-01-28.xml"
)


def _the_alert(second_kind):
    alert = CoordinationAlert.objects.get()
    assert (alert.first_entity.acronym, alert.second_entity.acronym) == ("WFP", "UNHCR")
    assert alert.second_kind == second_kind
    return alert


def test_a_company_interested_in_a_second_entitys_need(
    wfp_interest, other_entity, organisation, company_rep, focal_point
):
    need = NeedFactory(entity=other_entity, title="Shelter kits transport")
    interest = marketplace.interest_in_need(
        need=need, organisation=organisation, actor=company_rep, message="We have trucks."
    )
    alert = _the_alert("interest")
    assert alert.second_label == "Shelter kits transport"
    assert alert.created_by == company_rep
    assert Notification.objects.filter(user=focal_point, verb="coordination.alert").exists()
    # The company that started it is not told about the other entity.
    assert not Notification.objects.filter(user=company_rep, verb="coordination.alert").exists()
    assert interest.pk


def test_a_second_entity_interested_in_an_offer(
    wfp_interest, other_entity, offer, other_focal_point
):
    marketplace.interest_in_offer(
        offer=offer, entity=other_entity, actor=other_focal_point, message="We need trucks."
    )
    _the_alert("interest")


def test_a_second_entity_taking_a_routed_offer_into_discussion(
    wfp_interest, other_entity, offer, other_focal_point
):
    route = OfferRouteFactory(offer=offer, entity=other_entity)
    marketplace.route_respond(route=route, to="acknowledged", actor=other_focal_point)
    assert not CoordinationAlert.objects.exists()  # acknowledging alone is not the decision

    marketplace.route_respond(route=route, to="in_discussion", actor=other_focal_point)
    alert = _the_alert("offer")
    assert alert.second_url == offer.get_absolute_url()


def test_the_coordinator_assigning_an_offer_to_a_second_entity(
    wfp_interest, other_entity, offer, coordinator
):
    marketplace.offer_assign(offer=offer, entity=other_entity, actor=coordinator, note="Shelter")
    _the_alert("offer")


def test_a_second_entity_requesting_a_screening(
    wfp_interest, other_entity, organisation, other_focal_point
):
    assert import_snapshot_bytes(source="un", data=UN_LIST.read_bytes()).version is not None
    requested, reused = screening.screening_request(
        organisation=organisation, entity=other_entity, actor=other_focal_point
    )
    assert not reused
    alert = _the_alert("screening")
    assert alert.second_url == requested.get_absolute_url()


def test_a_failing_service_raises_no_alert(wfp_interest, other_entity, offer, other_focal_point):
    with pytest.raises(ValidationError):
        marketplace.interest_in_offer(
            offer=offer, entity=other_entity, actor=other_focal_point, message=" "
        )
    assert not CoordinationAlert.objects.exists()


def test_partnership_services_can_call_the_hook_with_the_agreed_signature(
    wfp_interest, other_entity, organisation, other_focal_point
):
    """partnership_propose and partner_add call it (partnerships/services.py); the call is
    pinned here so the two apps keep agreeing on it."""
    partnership = PartnershipFactory(lead_entity=other_entity, title="Shelter logistics")
    PartnerFactory(partnership=partnership, organisation=organisation)
    with transaction.atomic(durable=True):
        engagement_started(
            entity=other_entity,
            organisation=organisation,
            kind="partnership",
            target=partnership,
            actor=other_focal_point,
        )
    alert = _the_alert("partnership")
    assert alert.second_label == "Shelter logistics"
    assert alert.second_url == partnership.get_absolute_url()
