"""The open datasets of initiatives, commitments and events: CSV, JSON and the open-data API,
for anonymous visitors, with filters, drafts never shown and a bounded query count."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnerhub.initiatives.models import Deliverable, ProgressReport
from partnerhub.initiatives.tests.factories import (
    CommitmentFactory,
    EventFactory,
    InitiativeFactory,
)
from partnerhub.opendata.registry import dataset_for

pytestmark = pytest.mark.django_db

D = datetime.date
DRAFT_TITLES = {"Secret draft initiative", "Secret draft event", "Secret draft commitment"}


def _json(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return json.loads(b"".join(response.streaming_content))


def _csv(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def published(initiative, commitment, event):
    """A published initiative, a commitment to it (announced at the event) with SDG 2, target
    2.1, Kenya, money pledged and one deliverable completed, and the event."""
    commitment.event = event
    commitment.financial_amount = 5000
    commitment.financial_currency = "USD"
    commitment.in_kind = "Two trucks"
    commitment.save()
    commitment.sdgs.set([2])
    commitment.sdg_targets.set(["2.1"])
    commitment.countries.set(["KE"])
    first = commitment.deliverables.order_by("due_on").first()
    first.status = Deliverable.Status.COMPLETED
    first.save()
    ProgressReport.objects.create(commitment=commitment, reported_on=D(2025, 6, 1))
    return commitment


@pytest.fixture
def drafts(entity, organisation, initiative):
    """A draft of each, a published commitment to the draft initiative and one announced at
    the draft event: none is public."""
    draft_initiative = InitiativeFactory(
        name="Secret draft initiative", status="draft", convening_entities=[entity]
    )
    draft_event = EventFactory(
        title="Secret draft event", status="draft", organising_entities=[entity]
    )
    CommitmentFactory(
        title="Secret draft commitment",
        organisation=organisation,
        initiative=initiative,
        status="draft",
    )
    CommitmentFactory(
        title="Secret draft commitment", organisation=organisation, initiative=draft_initiative
    )
    CommitmentFactory(title="Secret draft commitment", organisation=organisation, event=draft_event)
    return draft_initiative, draft_event


def test_the_three_datasets_are_registered():
    for slug in ("initiatives", "commitments", "events"):
        assert dataset_for(slug) is not None


def test_the_index_lists_them(client):
    body = client.get("/open-data/").content.decode()
    for slug in ("initiatives", "commitments", "events"):
        assert f"/open-data/{slug}.csv" in body


def test_commitment_json_record(client, published):
    (record,) = _json(client, "/open-data/commitments.json")["results"]
    assert record["title"] == "Trucks for school meals"
    assert record["maker"] == "Trucks for Good Ltd"
    assert record["maker_kind"] == "organisation"
    assert record["initiative"] == "zero-hunger"
    assert record["event_id"] == published.event_id
    assert (record["financial_amount"], record["financial_currency"]) == ("5000.00", "USD")
    assert record["in_kind"] == "Two trucks"
    assert record["sdgs"] == [2]
    assert record["sdg_targets"] == ["2.1"]
    assert record["countries"] == ["KE"]
    assert record["deliverables"] == ["Deliverable 1", "Deliverable 2"]
    assert record["deliverable_due_on"] == ["2026-01-15", "2026-01-16"]
    assert record["deliverable_statuses"] == ["completed", "not_reported"]
    assert record["last_report_on"] == "2025-06-01"
    assert record["is_illustrative"] is False
    # Reported on 1 June 2025, one deliverable still open: stale from June 2026.
    assert record["stale"] is (timezone.localdate() > D(2026, 6, 1))
    assert record["url"].endswith(f"/commitments/{published.pk}/")


def test_commitment_csv(client, published):
    (row,) = _csv(client, "/open-data/commitments.csv")
    assert row["deliverables"] == "Deliverable 1; Deliverable 2"
    assert row["deliverable_statuses"] == "completed; not_reported"
    assert row["is_illustrative"] == "false"


def test_initiative_and_event_records(client, published, organisation):
    published.initiative.members.create(organisation=organisation, since=D(2024, 5, 1))
    (initiative,) = _json(client, "/open-data/initiatives.json")["results"]
    assert initiative["slug"] == "zero-hunger"
    assert initiative["convening_entities"] == ["WFP"]
    assert initiative["members"] == ["Trucks for Good Ltd"]
    assert initiative["members_since"] == ["2024-05-01"]
    (event,) = _json(client, "/open-data/events.json")["results"]
    assert event["title"] == "Logistics forum"
    assert event["initiative"] == "zero-hunger"
    assert event["organising_entities"] == ["WFP"]
    assert event["participants"] == ["Trucks for Good Ltd"]
    assert event["sessions"] == ["Announcing commitments"]
    assert event["session_starts_at"] == ["2025-01-15T10:00:00+00:00"]
    (row,) = _csv(client, "/open-data/events.csv")
    assert row["participants"] == "Trucks for Good Ltd"


def test_an_event_does_not_name_a_draft_initiative(client, drafts, entity):
    draft_initiative, _event = drafts
    EventFactory(title="Public event", initiative=draft_initiative, organising_entities=[entity])
    (event,) = _json(client, "/open-data/events.json")["results"]
    assert event["initiative"] == ""


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("slug", ["initiatives", "commitments", "events"])
def test_drafts_never_appear(client, published, drafts, slug, fmt):
    response = client.get(f"/open-data/{slug}.{fmt}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    for title in DRAFT_TITLES:
        assert title not in body
    api = client.get(f"/api/open-data/{slug}").content.decode()
    for title in DRAFT_TITLES:
        assert title not in api


def test_the_api_pages_each_dataset_without_a_token(client, published):
    for slug in ("initiatives", "commitments", "events"):
        response = client.get(f"/api/open-data/{slug}")
        assert response.status_code == 200, slug
        assert response.json()["count"] == 1
    from_api = client.get("/api/open-data/commitments").json()["results"]
    assert from_api == _json(client, "/open-data/commitments.json")["results"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("initiative=zero-hunger", 1),
        ("sdg=2", 1),
        ("sdg=3", 0),
        ("country=ke", 1),
        ("country=SD", 0),
    ],
)
def test_commitment_filters(client, published, query, expected):
    assert _json(client, f"/open-data/commitments.json?{query}")["count"] == expected


def test_the_stale_filter(client, commitment, organisation, initiative):
    CommitmentFactory(
        title="Fresh one",
        organisation=organisation,
        initiative=initiative,
        made_on=timezone.localdate(),
    )
    # `commitment` was made on 15 January 2025 and never reported on.
    stale = _json(client, "/open-data/commitments.json?stale=yes")["results"]
    fresh = _json(client, "/open-data/commitments.json?stale=no")["results"]
    assert [r["title"] for r in fresh] == ["Fresh one"]
    assert [r["title"] for r in stale] == ["Trucks for school meals"]
    assert stale[0]["stale"] is True and fresh[0]["stale"] is False


def test_event_filters(client, published, entity):
    EventFactory(
        title="Next year's forum",
        organising_entities=[entity],
        starts_on=timezone.localdate() + datetime.timedelta(days=30),
        is_online=True,
        country_id=None,
        kind="conference",
    )
    titles = lambda query: [  # noqa: E731
        r["title"] for r in _json(client, f"/open-data/events.json?{query}")["results"]
    ]
    assert titles("when=upcoming") == ["Next year's forum"]
    assert titles("when=past") == ["Logistics forum"]
    assert titles("kind=conference") == ["Next year's forum"]
    assert titles("country=KE") == ["Logistics forum"]
    assert titles("initiative=zero-hunger") == ["Logistics forum"]
    assert titles("") == ["Logistics forum", "Next year's forum"]


def test_initiative_filters(client, published, other_entity):
    InitiativeFactory(name="Refugee jobs", convening_entities=[other_entity])
    names = lambda query: [  # noqa: E731
        r["name"] for r in _json(client, f"/open-data/initiatives.json?{query}")["results"]
    ]
    assert names("entity=unhcr") == ["Refugee jobs"]
    assert len(names("")) == 2


@pytest.mark.parametrize(
    ("path", "field", "words"),
    [
        ("commitments.json?stale=maybe", "stale", "use yes or no"),
        ("commitments.json?sdg=18", "sdg", "not an SDG"),
        ("commitments.json?country=Kenya", "country", "not an ISO 3166-1"),
        ("commitments.json?initiative=nowhere", "initiative", "No published initiative"),
        ("events.json?when=soon", "when", "use upcoming or past"),
        ("events.json?kind=party", "kind", "not a kind of event"),
        ("initiatives.json?entity=nobody", "entity", "No UN entity"),
    ],
)
def test_bad_filter_values_answer_400(client, published, path, field, words):
    response = client.get(f"/open-data/{path}")
    assert response.status_code == 400
    body = response.json()
    assert words in body["errors"][field][0]
    assert words in body["detail"]
    api = client.get(f"/api/open-data/{path.replace('.json', '')}")
    assert api.status_code == 400
    assert words in api.json()["detail"]
    text = client.get(f"/open-data/{path.replace('.json', '.csv')}")
    assert text.status_code == 400
    assert words in text.content.decode()


def test_a_draft_initiative_is_not_confirmed_by_the_filter(client, drafts):
    draft_initiative, _event = drafts
    response = client.get(f"/open-data/commitments.json?initiative={draft_initiative.slug}")
    assert response.status_code == 400


def _many_commitments(count, organisation, initiative, event):
    for _n in range(count):
        commitment = CommitmentFactory(
            organisation=organisation, initiative=initiative, event=event, deliverables=2
        )
        commitment.sdgs.set([2, 3])
        commitment.sdg_targets.set(["2.1"])
        commitment.countries.set(["KE", "SD"])
        ProgressReport.objects.create(commitment=commitment, reported_on=D(2025, 6, 1))


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        _json(client, path)
    return len(queries)


def test_commitments_query_count_does_not_grow(client, organisation, initiative, event):
    _many_commitments(1, organisation, initiative, event)
    one = _queries(client, "/open-data/commitments.json")
    _many_commitments(19, organisation, initiative, event)
    assert _json(client, "/open-data/commitments.json")["count"] == 20
    assert _queries(client, "/open-data/commitments.json") == one


def test_events_and_initiatives_query_counts_do_not_grow(client, entity, organisation):
    def make(n):
        for _i in range(n):
            event = EventFactory(organising_entities=[entity])
            event.participants.set([organisation])
            InitiativeFactory(convening_entities=[entity]).members.create(
                organisation=organisation, since=D(2024, 1, 1)
            )

    make(1)
    events, initiatives = (
        _queries(client, "/open-data/events.json"),
        _queries(client, "/open-data/initiatives.json"),
    )
    make(19)
    assert _queries(client, "/open-data/events.json") == events
    assert _queries(client, "/open-data/initiatives.json") == initiatives
