"""The engagement registry, read live from interests, routes, screenings and partnerships."""

from __future__ import annotations

import pytest
from django.utils import timezone

from partnerhub.coordination import selectors
from partnerhub.marketplace.models import OfferRoute
from partnerhub.marketplace.tests.factories import (
    InterestFactory,
    NeedFactory,
    OfferRouteFactory,
)
from partnerhub.organisations.tests.factories import OrganisationFactory
from partnerhub.partnerships.tests.factories import (
    PartnerFactory,
    PartnershipFactory,
    screening_of,
)

from .conftest import entity_interest


def _registry(**filters):
    return {
        (r.entity.acronym, r.organisation.legal_name, r.kind, r.status)
        for r in selectors.engagements(**filters)
    }


@pytest.mark.parametrize(
    ("status", "listed"),
    [("open", True), ("accepted", True), ("declined", False), ("withdrawn", False)],
)
def test_interests_count_while_open_or_accepted(entity, organisation, status, listed):
    InterestFactory(need=NeedFactory(entity=entity), organisation=organisation, status=status)
    assert bool(_registry()) is listed


@pytest.mark.parametrize("listing_status", ["closed", "withdrawn"])
def test_an_interest_ends_with_its_listing(entity, organisation, offer, listing_status):
    InterestFactory(
        need=NeedFactory(entity=entity, status=listing_status), organisation=organisation
    )
    offer.status = listing_status
    offer.save()
    entity_interest(offer, entity)
    assert _registry() == set()


def test_an_interest_row_names_its_listing(wfp_interest):
    [row] = selectors.engagements()
    assert (row.entity.acronym, row.kind, row.label) == ("WFP", "interest", "Trucks for Port Sudan")
    assert row.url == wfp_interest.need.get_absolute_url()
    assert row.since == wfp_interest.created_at
    assert row.is_open


@pytest.mark.parametrize(
    ("status", "origin", "listed"),
    [
        ("acknowledged", "routed", True),
        ("in_discussion", "routed", True),
        ("received", "routed", False),  # automatic routing is nobody's decision yet
        ("received", "assigned", True),  # the coordinator chose this entity
        ("declined", "routed", False),
        ("forwarded", "routed", False),
        ("closed", "assigned", False),
    ],
)
def test_routes_count_once_the_entity_keeps_the_offer(entity, offer, status, origin, listed):
    OfferRouteFactory(offer=offer, entity=entity, status=status, origin=origin)
    assert bool(_registry(kind="offer")) is listed


def test_a_route_row_links_the_offer_not_the_inbox(entity, offer):
    route = OfferRouteFactory(
        offer=offer,
        entity=entity,
        status=OfferRoute.Status.ACKNOWLEDGED,
        acknowledged_at=timezone.now(),
    )
    [row] = selectors.engagements()
    assert row.url == offer.get_absolute_url()
    assert row.since == route.acknowledged_at


@pytest.mark.parametrize(
    ("status", "listed"), [("in_review", True), ("awaiting_cosign", True), ("completed", False)]
)
def test_screenings_count_while_in_review(entity, organisation, status, listed):
    screening_of(organisation, entity, status=status)
    assert bool(_registry(kind="screening")) is listed


@pytest.mark.parametrize(
    ("status", "listed"),
    [
        ("draft", True),
        ("proposed", True),
        ("active", True),
        ("suspended", True),
        ("withdrawn", False),
        ("rejected", False),
        ("terminated", False),
        ("closed", False),
    ],
)
def test_partnerships_count_until_they_end(entity, organisation, status, listed):
    PartnerFactory(
        partnership=PartnershipFactory(lead_entity=entity, status=status), organisation=organisation
    )
    assert bool(_registry(kind="partnership")) is listed


def test_every_partner_is_engaged_by_the_lead_and_every_participating_entity(
    entity, other_entity, organisation
):
    partnership = PartnershipFactory(lead_entity=entity, status="active", title="Port logistics")
    partnership.participating_entities.add(other_entity)
    PartnerFactory(partnership=partnership, organisation=organisation)
    foundation = OrganisationFactory(legal_name="Good Roads Foundation")
    PartnerFactory(partnership=partnership, organisation=foundation, role="other")
    assert _registry() == {
        ("WFP", "Trucks for Good Ltd", "partnership", "active"),
        ("UNHCR", "Trucks for Good Ltd", "partnership", "active"),
        ("WFP", "Good Roads Foundation", "partnership", "active"),
        ("UNHCR", "Good Roads Foundation", "partnership", "active"),
    }


def test_organisations_engaged_by_two_entities_are_shared(
    wfp_interest, other_entity, organisation, offer
):
    alone = OrganisationFactory(legal_name="Lonely Logistics")
    InterestFactory(need=wfp_interest.need, organisation=alone)
    entity_interest(offer, other_entity)

    rows = selectors.engagements()
    assert {(r.organisation.legal_name, r.shared) for r in rows} == {
        ("Trucks for Good Ltd", True),
        ("Lonely Logistics", False),
    }
    # Filtering by one entity still tells it which of its organisations others engage.
    wfp_rows = selectors.engagements(entity=wfp_interest.entity)
    assert {(r.organisation.legal_name, r.shared) for r in wfp_rows} == {
        ("Trucks for Good Ltd", True),
        ("Lonely Logistics", False),
    }
    assert {r.organisation.legal_name for r in selectors.engagements(shared_only=True)} == {
        "Trucks for Good Ltd"
    }


def test_records_with_equal_normalised_names_are_shared(
    entity, other_entity, organisation, twin, offer
):
    InterestFactory(need=NeedFactory(entity=entity), organisation=twin)
    entity_interest(offer, other_entity)
    assert all(r.shared for r in selectors.engagements())


def test_filters_by_entity_kind_name_and_country(wfp_interest, entity, other_entity, offer):
    sudanese = OrganisationFactory(legal_name="Nile Haulage Co", country_id="SD")
    screening_of(sudanese, other_entity, status="in_review")
    entity_interest(offer, other_entity)

    assert _registry(entity=other_entity) == {
        ("UNHCR", "Nile Haulage Co", "screening", "in_review"),
        ("UNHCR", "Trucks for Good Ltd", "interest", "open"),
    }
    assert _registry(kind="screening") == {("UNHCR", "Nile Haulage Co", "screening", "in_review")}
    assert _registry(q="nile haulage") == {("UNHCR", "Nile Haulage Co", "screening", "in_review")}
    assert _registry(q="TRUCKS-for") == {
        ("WFP", "Trucks for Good Ltd", "interest", "open"),
        ("UNHCR", "Trucks for Good Ltd", "interest", "open"),
    }
    assert _registry(country="sd") == {("UNHCR", "Nile Haulage Co", "screening", "in_review")}


def test_newest_first(entity, organisation):
    old = InterestFactory(need=NeedFactory(entity=entity), organisation=organisation)
    new = InterestFactory(need=NeedFactory(entity=entity), organisation=organisation)
    assert [r.target_id for r in selectors.engagements()] == [new.pk, old.pk]


def test_a_draft_is_listed_without_its_title_for_staff_not_involved(
    entity, other_entity, organisation, focal_point, other_focal_point, coordinator
):
    PartnerFactory(
        partnership=PartnershipFactory(lead_entity=entity, title="Secret plan"),
        organisation=organisation,
    )

    [theirs] = selectors.engagements(viewer=other_focal_point)
    assert theirs.restricted
    assert (theirs.entity.acronym, theirs.label, theirs.url) == (
        "WFP",
        "Draft partnership proposal",
        "",
    )
    for insider in (focal_point, coordinator):
        [row] = selectors.engagements(viewer=insider)
        assert row.label == "Secret plan"
        assert not row.restricted


def test_the_organisation_page_gets_open_and_past_engagements_grouped_by_entity(
    entity, other_entity, third_entity, organisation, offer
):
    InterestFactory(need=NeedFactory(entity=entity), organisation=organisation, status="declined")
    screening_of(organisation, other_entity, status="completed")
    closed = PartnershipFactory(lead_entity=entity, status="closed")
    PartnerFactory(partnership=closed, organisation=organisation)
    entity_interest(offer, third_entity)
    InterestFactory(need=NeedFactory(entity=entity), organisation=OrganisationFactory())

    rows = selectors.engagements_of_organisation(organisation)
    assert {(r.entity.acronym, r.kind, r.is_open) for r in rows} == {
        ("WFP", "interest", False),
        ("WFP", "partnership", False),
        ("UNHCR", "screening", False),
        ("UNICEF", "interest", True),
    }
    groups = selectors.group_by_entity(rows)
    assert [e.acronym for e, _rows in groups] == ["UNICEF", "UNHCR", "WFP"]  # open ones first
