from __future__ import annotations

import pytest

from partnerhub.marketplace import engine


@pytest.fixture(autouse=True)
def _fresh_engine_cache():
    """Each test builds its own indexes: ids repeat across tests' databases."""
    engine.forget()
    yield
    engine.forget()


@pytest.fixture
def logistics_entities(entity, other_entity):
    """WFP and UNHCR with mandates that routing can read, plus an unrelated entity."""
    from partnerhub.entities.tests.factories import UNEntityFactory

    entity.mandate = (
        "WFP is the world's largest humanitarian organisation fighting hunger: emergency food "
        "assistance, logistics, supply chains, warehouses and trucks for emergency response."
    )
    entity.save()
    entity.sdgs.set([2, 17])
    other_entity.mandate = (
        "UNHCR protects refugees and forcibly displaced people, delivers shelter and relief "
        "items in emergencies and supports durable solutions."
    )
    other_entity.save()
    other_entity.sdgs.set([10, 16])
    unrelated = UNEntityFactory(
        acronym="ITU",
        slug="itu",
        name="International Telecommunication Union",
        mandate="ITU allocates radio spectrum and satellite orbits and develops technical standards for telecommunication networks.",
    )
    unrelated.sdgs.set([9])
    return entity, other_entity, unrelated
