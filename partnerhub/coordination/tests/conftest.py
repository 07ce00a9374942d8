from __future__ import annotations

import pytest

from partnerhub.entities.tests.factories import UNEntityFactory
from partnerhub.marketplace.models import Interest
from partnerhub.marketplace.tests.factories import InterestFactory, NeedFactory, OfferFactory
from partnerhub.organisations.tests.factories import OrganisationFactory


@pytest.fixture
def wfp_interest(entity, organisation):
    """WFP is engaged: Trucks for Good expressed interest in one of WFP's needs."""
    need = NeedFactory(entity=entity, title="Trucks for Port Sudan")
    return InterestFactory(need=need, organisation=organisation)


@pytest.fixture
def offer(organisation):
    return OfferFactory(organisation=organisation, title="Ten trucks in Mombasa")


def entity_interest(offer, entity, **kwargs):
    """A UN entity's interest in a company's offer, as interest_in_offer leaves it."""
    return InterestFactory(
        direction=Interest.Direction.ENTITY_TO_OFFER,
        need=None,
        offer=offer,
        organisation=offer.organisation,
        entity=entity,
        **kwargs,
    )


@pytest.fixture
def third_entity(db):
    return UNEntityFactory(acronym="UNICEF", slug="unicef", name="UN Children's Fund")


@pytest.fixture
def twin(db):
    """Another directory record of the same company, its name written differently."""
    return OrganisationFactory(legal_name="TRUCKS FOR GOOD LIMITED", country_id="KE")


@pytest.fixture
def lookalike(db):
    """A different company whose name differs by one letter."""
    return OrganisationFactory(legal_name="Trucks for Food Ltd", country_id="KE")
