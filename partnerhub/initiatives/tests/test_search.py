"""Initiatives, commitments and events in the full-text search: published ones on /search/,
drafts never; filter_by_search works on their querysets."""

from __future__ import annotations

import re

import pytest

from partnerhub.initiatives.models import Commitment, Initiative
from partnerhub.initiatives.tests.factories import (
    CommitmentFactory,
    EventFactory,
    InitiativeFactory,
)
from partnerhub.search.selectors import filter_by_search, site_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(django_capture_on_commit_callbacks, organisation):
    from django.db import connection

    connection._search_pending_batch = None
    with django_capture_on_commit_callbacks(execute=True):
        initiative = InitiativeFactory(
            name="Every Woman Every Child", description="Maternal health commitments."
        )
        draft = InitiativeFactory(
            name="Secret mangrove coalition", description="Not yet public.", status="draft"
        )
        commitment = CommitmentFactory(
            title="Midwives training in Turkana",
            description="Training 300 midwives.",
            organisation=organisation,
            initiative=initiative,
        )
        event = EventFactory(title="Nairobi maternal health forum", initiative=initiative)
    return {"initiative": initiative, "draft": draft, "commitment": commitment, "event": event}


def test_published_ones_are_found_on_the_search_page(indexed):
    results = site_search("maternal")
    kinds = {hit.kind.name for hit in results.hits}
    assert {"initiative", "event"} <= kinds
    assert site_search("midwives").hits[0].kind.name == "commitment"


def test_drafts_are_never_on_the_search_page(indexed):
    assert not site_search("mangrove").hits


def test_lists_can_search_their_querysets(indexed):
    found = filter_by_search(Commitment.objects.all(), "Turkana midwives")
    assert list(found) == [indexed["commitment"]]
    assert list(filter_by_search(Initiative.objects.all(), "mangrove")) == [indexed["draft"]]


def test_search_page_for_anonymous_visitors(client, indexed):
    response = client.get("/search/", {"q": "maternal", "kind": "event"})
    assert response.status_code == 200
    text = re.sub(r"<[^>]+>", "", response.content.decode())  # the words found are <mark>ed
    assert "Nairobi maternal health forum" in text


def test_the_lists_search_in_full_text(client, indexed):
    commitments = client.get("/commitments/", {"q": "Turkana midwives"})
    assert "Midwives training in Turkana" in re.sub(r"<[^>]+>", "", commitments.content.decode())
    initiatives = client.get("/initiatives/", {"q": "maternal"}).content.decode()
    assert "Every Woman Every Child" in re.sub(r"<[^>]+>", "", initiatives)
    hidden = client.get("/initiatives/", {"q": "mangrove"}).content.decode()
    assert "Secret mangrove coalition" not in re.sub(r"<[^>]+>", "", hidden)
    events = client.get("/events/", {"q": "Nairobi", "when": "past"}).content.decode()
    assert "Nairobi maternal health forum" in re.sub(r"<[^>]+>", "", events)
