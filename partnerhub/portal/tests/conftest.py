from __future__ import annotations

import datetime

import pytest

from partnerhub.partnerships.models import Partnership
from partnerhub.partnerships.tests.factories import (
    ContributionFactory,
    PartnerFactory,
    PartnershipFactory,
)

Status = Partnership.Status


@pytest.fixture
def portfolio(entity, other_entity, organisation):
    """Five partnerships, of which two are public: an active one in Sudan (SDG 2, signed 2025)
    and a closed one in Kenya (SDG 3, started 2023). A UN-only active one, a proposed one and a
    draft are never public."""

    def make(title, status, **kwargs):
        countries = kwargs.pop("countries", [])
        sdgs = kwargs.pop("sdgs", [])
        partnership = PartnershipFactory(title=title, status=status, **kwargs)
        partnership.countries.set(countries)
        partnership.sdgs.set(sdgs)
        PartnerFactory(partnership=partnership, organisation=organisation)
        return partnership

    current = make(
        "Hibiscus farmers training",
        Status.ACTIVE,
        lead_entity=entity,
        countries=["SD"],
        sdgs=[2],
        starts_on=datetime.date(2025, 3, 1),
        signed_on=datetime.date(2025, 2, 1),
        summary="Training women hibiscus farmers in Kordofan.",
    )
    ContributionFactory(partner=current.partners.get(), amount=25000, currency="USD")
    past = make(
        "Vaccine cold chain",
        Status.CLOSED,
        lead_entity=other_entity,
        countries=["KE"],
        sdgs=[3],
        starts_on=datetime.date(2023, 1, 1),
        ends_on=datetime.date(2023, 12, 31),
        signed_on=datetime.date(2022, 12, 1),
    )
    confidential = make(
        "Confidential staff secondment",
        Status.ACTIVE,
        lead_entity=entity,
        countries=["SD"],
        confidentiality=Partnership.Confidentiality.UN_ONLY,
        signed_on=datetime.date(2025, 5, 1),
    )
    proposed = make("Proposed solar kiosks", Status.PROPOSED, lead_entity=entity, countries=["SD"])
    draft = make("Draft water project", Status.DRAFT, lead_entity=entity, countries=["SD"])
    return {
        "current": current,
        "past": past,
        "confidential": confidential,
        "proposed": proposed,
        "draft": draft,
    }
