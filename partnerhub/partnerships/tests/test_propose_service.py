from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.core.models import AuditEvent
from partnerhub.marketplace.models import Interest, OfferRoute
from partnerhub.marketplace.tests.factories import (
    InterestFactory,
    NeedFactory,
    OfferFactory,
    OfferRouteFactory,
)
from partnerhub.partnerships.models import Contribution, Partnership
from partnerhub.partnerships.services import partnership_propose


@pytest.fixture
def offer(organisation):
    return OfferFactory(
        organisation=organisation,
        title="Trucks for the Horn of Africa",
        description="Ten trucks and a warehouse in Mombasa.",
        sdgs=[2],
        countries=["KE"],
        cash_value_usd=Decimal("50000"),
        in_kind_value_usd=Decimal("120000.50"),
        pro_bono_hours=300,
        status="in_discussion",
    )


def _contributions(partnership):
    return {
        (c.kind, c.amount, c.currency) for c in Contribution.objects.filter(partnership=partnership)
    }


def test_from_an_interest_in_a_need_prefills_the_need_and_the_proposed_offer(
    focal_point, entity, organisation, offer
):
    need = NeedFactory(
        entity=entity,
        title="Hibiscus training",
        description="Training for women farmers.",
        sdgs=[5],
        countries=["SD"],
    )
    interest = InterestFactory(need=need, organisation=organisation, proposed_offer=offer)
    partnership = partnership_propose(actor=focal_point, interest=interest)
    assert partnership.status == "draft"
    assert partnership.origin == "interest"
    assert partnership.origin_interest == interest
    assert partnership.origin_need == need
    assert partnership.origin_offer == offer
    assert partnership.title == "Hibiscus training"
    assert partnership.summary == "Training for women farmers."
    assert partnership.lead_entity == entity
    assert [g.pk for g in partnership.sdgs.all()] == [5]
    assert [c.pk for c in partnership.countries.all()] == ["SD"]
    partner = partnership.partners.get()
    assert (partner.organisation, partner.role) == (organisation, "private")
    assert _contributions(partnership) == {
        ("cash", Decimal("50000.00"), "USD"),
        ("in_kind", Decimal("120000.50"), "USD"),
        ("pro_bono_hours", Decimal("300.00"), ""),
    }
    assert AuditEvent.objects.filter(verb="partnership.proposed_draft").count() == 1


def test_the_company_side_of_an_interest_may_propose_too(company_rep, entity, organisation, offer):
    interest = InterestFactory(
        direction=Interest.Direction.ENTITY_TO_OFFER,
        need=None,
        offer=offer,
        organisation=organisation,
        entity=entity,
    )
    partnership = partnership_propose(actor=company_rep, interest=interest)
    assert partnership.title == "Trucks for the Horn of Africa"
    assert partnership.lead_entity == entity
    assert partnership.origin_offer == offer
    assert partnership.created_by == company_rep


def test_a_declined_interest_cannot_be_proposed(focal_point, entity, organisation):
    interest = InterestFactory(
        need=NeedFactory(entity=entity), organisation=organisation, status="declined"
    )
    with pytest.raises(PermissionDenied):
        partnership_propose(actor=focal_point, interest=interest)


def test_strangers_to_an_interest_cannot_propose(other_focal_point, screening_officer, entity):
    interest = InterestFactory(need=NeedFactory(entity=entity))
    for user in (other_focal_point, screening_officer):
        with pytest.raises(PermissionDenied):
            partnership_propose(actor=user, interest=interest)
    assert not Partnership.objects.exists()


def test_from_an_offer_in_discussion_the_handling_entity_leads(focal_point, entity, offer):
    route = OfferRouteFactory(offer=offer, entity=entity, status=OfferRoute.Status.IN_DISCUSSION)
    partnership = partnership_propose(actor=focal_point, route=route)
    assert partnership.origin == "offer"
    assert partnership.lead_entity == entity
    assert partnership.partners.get().organisation == offer.organisation
    assert len(_contributions(partnership)) == 3


def test_an_offer_not_yet_in_discussion_cannot_be_proposed(focal_point, entity, offer):
    route = OfferRouteFactory(offer=offer, entity=entity, status=OfferRoute.Status.RECEIVED)
    with pytest.raises(PermissionDenied):
        partnership_propose(actor=focal_point, route=route)


def test_another_entitys_route_cannot_be_proposed(other_focal_point, entity, offer):
    route = OfferRouteFactory(offer=offer, entity=entity, status=OfferRoute.Status.IN_DISCUSSION)
    with pytest.raises(PermissionDenied):
        partnership_propose(actor=other_focal_point, route=route)


def test_from_a_need_its_focal_points_start_without_partners(focal_point, entity):
    need = NeedFactory(entity=entity, visibility="un_only", sdgs=[2])
    partnership = partnership_propose(actor=focal_point, need=need)
    assert partnership.origin == "need"
    assert partnership.origin_need == need
    assert partnership.confidentiality == "un_only"
    assert not partnership.partners.exists()


def test_a_company_cannot_propose_from_a_need(company_rep, entity):
    with pytest.raises(PermissionDenied):
        partnership_propose(actor=company_rep, need=NeedFactory(entity=entity))


def test_direct_proposal_for_own_entity(focal_point, entity):
    partnership = partnership_propose(
        actor=focal_point, entity=entity, data={"title": "Cold chain", "summary": "Vaccines"}
    )
    assert (partnership.origin, partnership.lead_entity) == ("direct", entity)


def test_direct_proposal_needs_a_title_and_own_entity(focal_point, entity, other_entity):
    with pytest.raises(ValidationError):
        partnership_propose(actor=focal_point, entity=entity, data={})
    with pytest.raises(PermissionDenied):
        partnership_propose(actor=focal_point, entity=other_entity, data={"title": "X"})
