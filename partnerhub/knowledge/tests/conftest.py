from __future__ import annotations

import pytest

from partnerhub.partnerships.tests.factories import PartnerFactory, PartnershipFactory


@pytest.fixture
def partnership(entity, organisation):
    """An active partnership led by WFP with Trucks for Good, on SDG 2 in Kenya."""
    partnership = PartnershipFactory(lead_entity=entity, status="active")
    partnership.sdgs.set([2])
    partnership.countries.set(["KE"])
    PartnerFactory(partnership=partnership, organisation=organisation)
    return partnership
