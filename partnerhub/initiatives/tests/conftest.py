from __future__ import annotations

import datetime

import pytest

from partnerhub.initiatives.tests.factories import CommitmentFactory, InitiativeFactory


@pytest.fixture
def initiative(entity):
    """A published initiative convened by WFP (the `entity` fixture)."""
    return InitiativeFactory(
        name="Zero Hunger Logistics Alliance", slug="zero-hunger", convening_entities=[entity]
    )


@pytest.fixture
def commitment(initiative, organisation):
    """Trucks for Good's published commitment to it, made on 15 January 2025, with two
    deliverables."""
    return CommitmentFactory(
        title="Trucks for school meals",
        organisation=organisation,
        initiative=initiative,
        made_on=datetime.date(2025, 1, 15),
        deliverables=2,
    )
