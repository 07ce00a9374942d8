from __future__ import annotations

import pytest

from partnerhub.appraisals.tests.factories import AssessmentFactory, StaffRateFactory
from partnerhub.partnerships.tests.factories import (
    ContributionFactory,
    PartnerFactory,
    PartnershipFactory,
    screening_of,
)


@pytest.fixture
def rates(db):
    """Illustrative system rates for two grades."""
    return [
        StaffRateFactory(grade="P4", daily_rate_usd=850),
        StaffRateFactory(grade="G6", daily_rate_usd=400),
    ]


@pytest.fixture
def partnership(entity, organisation, rates):
    """In review, led by WFP (`entity`), with Trucks for Good as private partner cleared by a
    low-risk screening, and 50,000 USD of its cash."""
    partnership = PartnershipFactory(lead_entity=entity, status="review")
    partner = PartnerFactory(partnership=partnership, organisation=organisation)
    ContributionFactory(partner=partner, amount=50000, currency="USD")
    screening_of(organisation, entity)
    return partnership


@pytest.fixture
def assessment(partnership):
    """A draft: 20 P4 days (17,000 USD) and 4,000 USD legal costs → leverage 2.38."""
    return AssessmentFactory(partnership=partnership)
