from __future__ import annotations

import datetime

import pytest

from partnerhub.initiatives.models import Session
from partnerhub.initiatives.tests.factories import (
    CommitmentFactory,
    EventFactory,
    InitiativeFactory,
)


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


@pytest.fixture
def event(entity, organisation, initiative):
    """A published event, the "Logistics forum" on 14-15 January 2025, organised by WFP for the
    initiative, with Trucks for Good taking part and one session."""
    event = EventFactory(
        title="Logistics forum",
        organising_entities=[entity],
        initiative=initiative,
        starts_on=datetime.date(2025, 1, 14),
        ends_on=datetime.date(2025, 1, 15),
    )
    event.participants.set([organisation])
    Session.objects.create(
        event=event,
        title="Announcing commitments",
        starts_at=datetime.datetime(2025, 1, 15, 10, tzinfo=datetime.UTC),
    )
    return event
