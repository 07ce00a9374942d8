from __future__ import annotations

import pytest

from partnerhub.partnerships.tests.factories import PartnerFactory, PartnershipFactory


@pytest.fixture
def partnership(entity, organisation):
    """A draft led by WFP (the `entity` fixture) with Trucks for Good as private partner."""
    partnership = PartnershipFactory(lead_entity=entity)
    PartnerFactory(partnership=partnership, organisation=organisation)
    return partnership
