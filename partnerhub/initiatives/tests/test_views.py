"""Pages: public reading in English and Arabic, drafts hidden, the forms, permissions."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from partnerhub.initiatives import selectors
from partnerhub.initiatives.models import Commitment, Event, Initiative, ProgressReport
from partnerhub.initiatives.tests.factories import (
    CommitmentFactory,
    EventFactory,
    InitiativeFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def event(entity, organisation):
    event = EventFactory(title="Logistics forum", organising_entities=[entity])
    event.participants.set([organisation])
    return event


@pytest.fixture
def public_pages(initiative, commitment, event):
    return [
        "/initiatives/",
        initiative.get_absolute_url(),
        "/commitments/",
        commitment.get_absolute_url(),
        "/events/",
        "/events/?when=past",
        event.get_absolute_url(),
    ]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_anyone_reads_the_public_pages(client, public_pages, language):
    client.post("/i18n/setlang/", {"language": language})
    for url in public_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert body.count("<h1") == 1, url
        assert (f'lang="{language}"' in body) and (('dir="rtl"' in body) == (language == "ar"))


def test_the_initiative_page_shows_members_and_commitments(
    client, initiative, commitment, organisation
):
    initiative.members.create(organisation=organisation, since=D(2024, 5, 1))
    body = client.get(initiative.get_absolute_url()).content.decode()
    assert "Trucks for Good Ltd" in body
    assert "Trucks for school meals" in body
    assert "2 deliverables" in body


def test_drafts_are_not_public(client, entity, organisation, initiative):
    draft_initiative = InitiativeFactory(status="draft", slug="secret", convening_entities=[entity])
    draft_event = EventFactory(status="draft", organising_entities=[entity])
    draft = CommitmentFactory(organisation=organisation, initiative=initiative, status="draft")
    hidden_parent = CommitmentFactory(organisation=organisation, initiative=draft_initiative)
    for obj in (draft_initiative, draft_event, draft, hidden_parent):
        assert client.get(obj.get_absolute_url()).status_code == 404
    assert client.get("/commitments/").context["page_obj"].paginator.count == 0
    assert set(selectors.public_commitments()) == set()
    assert list(selectors.public_initiatives()) == [initiative]
    assert list(selectors.public_events()) == []


def test_stewards_see_their_drafts(as_role, organisation, initiative):
    draft = CommitmentFactory(organisation=organisation, initiative=initiative, status="draft")
    for role in ("company_rep", "focal_point", "coordinator"):
        _user, client = as_role(role)
        assert client.get(draft.get_absolute_url()).status_code == 200, role
    _user, client = as_role("other_focal_point")
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_bad_filters_and_pages_do_not_break(client, public_pages):
    assert (
        client.get(
            "/commitments/", {"sdg": "99", "country": "ZZ", "state": "x", "initiative": "a"}
        ).status_code
        == 200
    )
    assert client.get("/initiatives/", {"entity": "x", "page": "999"}).status_code == 200
    assert client.get("/events/", {"kind": "nope", "when": "sometime"}).status_code == 200
    assert client.get("/initiatives/nope/").status_code == 404
    assert client.get("/commitments/999999/").status_code == 404


def test_events_upcoming_and_past(client, entity):
    today = datetime.date.today()
    EventFactory(
        title="Next", starts_on=today + datetime.timedelta(days=3), organising_entities=[entity]
    )
    EventFactory(
        title="Last", starts_on=today - datetime.timedelta(days=3), organising_entities=[entity]
    )
    upcoming = client.get("/events/").context["page_obj"]
    past = client.get("/events/", {"when": "past"}).context["page_obj"]
    assert [e.title for e in upcoming] == ["Next"]
    assert [e.title for e in past] == ["Last"]


def test_public_events_between(entity):
    inside = EventFactory(
        starts_on=D(2026, 3, 30), ends_on=D(2026, 4, 2), organising_entities=[entity]
    )
    EventFactory(starts_on=D(2026, 4, 3), organising_entities=[entity])
    EventFactory(starts_on=D(2026, 3, 1), status="draft", organising_entities=[entity])
    found = list(selectors.public_events_between(D(2026, 1, 1), D(2026, 4, 1)))
    assert found == [inside]
    assert found[0].get_absolute_url() == f"/events/{inside.pk}/"


@pytest.mark.parametrize("url", ["/initiatives/new/", "/commitments/new/", "/events/new/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        ("plain_user", "/initiatives/new/", 403),
        ("company_rep", "/initiatives/new/", 403),
        ("company_rep", "/events/new/", 403),
        ("focal_point", "/initiatives/new/", 200),
        ("focal_point", "/events/new/", 200),
        ("company_rep", "/commitments/new/", 200),
        ("plain_user", "/commitments/new/", 403),
    ],
)
def test_who_opens_the_forms(as_role, role, url, status):
    _user, client = as_role(role)
    assert client.get(url).status_code == status


def test_another_entitys_focal_point_may_not_edit(as_role, initiative, commitment, event):
    _user, client = as_role("other_focal_point")
    for url in (
        reverse("initiatives:initiative_edit", args=[initiative.slug]),
        reverse("initiatives:initiative_members", args=[initiative.slug]),
        reverse("initiatives:commitment_edit", args=[commitment.pk]),
        reverse("initiatives:commitment_report", args=[commitment.pk]),
        reverse("initiatives:event_edit", args=[event.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(
            reverse("initiatives:event_status", args=[event.pk]), {"status": "draft"}
        ).status_code
        == 403
    )


def test_a_focal_point_creates_and_publishes_an_initiative(as_role, entity):
    _user, client = as_role("focal_point")
    response = client.post(
        "/initiatives/new/",
        {
            "name": "Cold Chain Coalition",
            "description": "Cold chains.",
            "convening_entities": [entity.pk],
        },
    )
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    client.post(
        reverse("initiatives:initiative_status", args=[initiative.slug]), {"status": "published"}
    )
    initiative.refresh_from_db()
    assert initiative.status == "published"


def test_the_initiative_form_reports_errors(as_role, other_entity):
    _user, client = as_role("focal_point")
    response = client.post(
        "/initiatives/new/",
        {"name": "Elsewhere", "description": "x", "convening_entities": [other_entity.pk]},
    )
    assert response.status_code == 400
    assert "Include your own UN entity." in response.content.decode()


def test_members_page(as_role, initiative, organisation):
    _user, client = as_role("focal_point")
    url = reverse("initiatives:initiative_members", args=[initiative.slug])
    assert (
        client.post(url, {"organisation": organisation.pk, "since": "2025-02-01"}).status_code
        == 302
    )
    member = initiative.members.get()
    assert client.post(url, {"since": "2025-02-01"}).status_code == 400
    assert client.post(url, {"remove": str(member.pk)}).status_code == 302
    assert not initiative.members.exists()


def _commitment_post(organisation, initiative, **extra):
    data = {
        "title": "Trucks for flood relief",
        "description": "Free trucks after floods.",
        "organisation": organisation.pk,
        "initiative": initiative.pk,
        "made_on": "2025-03-01",
        "financial_amount": "5000",
        "financial_currency": "EUR",
        "countries": ["KE"],
        "sdg_targets": ["2.1"],
        "deliverables-TOTAL_FORMS": "3",
        "deliverables-INITIAL_FORMS": "0",
        "deliverables-MIN_NUM_FORMS": "1",
        "deliverables-MAX_NUM_FORMS": "50",
        "deliverables-0-description": "50 trucks on call",
        "deliverables-0-due_on": "2025-09-01",
        "deliverables-1-description": "Response within 48 hours",
        "deliverables-1-due_on": "2026-03-01",
    }
    data.update(extra)
    return data


def test_a_rep_makes_a_commitment_and_reports_on_it(as_role, organisation, initiative):
    _user, client = as_role("company_rep")
    response = client.post("/commitments/new/", _commitment_post(organisation, initiative))
    commitment = Commitment.objects.get()
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [d.description for d in commitment.deliverables.all()] == [
        "50 trucks on call",
        "Response within 48 hours",
    ]
    assert [g.pk for g in commitment.sdgs.all()] == [2]
    client.post(
        reverse("initiatives:commitment_status", args=[commitment.pk]), {"status": "published"}
    )
    report_url = reverse("initiatives:commitment_report", args=[commitment.pk])
    first, second = commitment.deliverables.all()
    incomplete = {"reported_on": "2025-06-01", f"status_{first.pk}": "completed"}
    assert client.post(report_url, incomplete).status_code == 400
    response = client.post(
        report_url,
        {**incomplete, f"status_{second.pk}": "delayed", f"comment_{second.pk}": "Rains"},
    )
    assert response.status_code == 302
    body = client.get(commitment.get_absolute_url()).content.decode()
    assert "Delayed" in body and "Rains" in body
    assert ProgressReport.objects.count() == 1


def test_the_commitment_form_refuses_bad_pledges_and_dates(as_role, organisation, initiative):
    _user, client = as_role("company_rep")
    response = client.post(
        "/commitments/new/",
        _commitment_post(
            organisation,
            initiative,
            financial_amount="0",
            **{"deliverables-0-due_on": "2024-01-01"},
        ),
    )
    assert response.status_code == 400
    assert not Commitment.objects.exists()
    response = client.post(
        "/commitments/new/",
        _commitment_post(organisation, initiative, **{"deliverables-0-due_on": "2024-01-01"}),
    )
    assert response.status_code == 400
    assert "due before the commitment was made" in response.content.decode()


def test_a_rep_cannot_pick_another_organisation(as_role, initiative):
    from partnerhub.organisations.tests.factories import OrganisationFactory

    stranger = OrganisationFactory(legal_name="Stranger Ltd")
    _user, client = as_role("company_rep")
    response = client.post("/commitments/new/", _commitment_post(stranger, initiative))
    assert response.status_code == 400
    assert not Commitment.objects.exists()


def test_editing_a_commitment(as_role, commitment):
    _user, client = as_role("company_rep")
    url = reverse("initiatives:commitment_edit", args=[commitment.pk])
    assert client.get(url).status_code == 200
    first, second = commitment.deliverables.all()
    response = client.post(
        url,
        {
            "title": "Trucks for school meals, extended",
            "description": "More.",
            "initiative": commitment.initiative_id,
            "made_on": "2025-01-15",
            "deliverables-TOTAL_FORMS": "3",
            "deliverables-INITIAL_FORMS": "2",
            "deliverables-MIN_NUM_FORMS": "1",
            "deliverables-MAX_NUM_FORMS": "50",
            "deliverables-0-id": first.pk,
            "deliverables-0-description": first.description,
            "deliverables-0-due_on": "2025-12-01",
            "deliverables-1-id": second.pk,
            "deliverables-1-description": second.description,
            "deliverables-1-due_on": second.due_on.isoformat(),
            "deliverables-1-DELETE": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    commitment.refresh_from_db()
    assert commitment.title == "Trucks for school meals, extended"
    assert [d.due_on for d in commitment.deliverables.all()] == [D(2025, 12, 1)]


def test_a_focal_point_creates_an_event_with_sessions(as_role, entity, organisation):
    _user, client = as_role("focal_point")
    response = client.post(
        "/events/new/",
        {
            "title": "Cold chain forum",
            "kind": "forum",
            "starts_on": "2026-05-04",
            "ends_on": "2026-05-05",
            "is_online": "on",
            "description": "Forum.",
            "organising_entities": [entity.pk],
            "participants": [organisation.pk],
            "sessions-TOTAL_FORMS": "2",
            "sessions-INITIAL_FORMS": "0",
            "sessions-MIN_NUM_FORMS": "0",
            "sessions-MAX_NUM_FORMS": "50",
            "sessions-0-title": "Opening",
            "sessions-0-starts_at": "2026-05-04T09:00",
            "sessions-0-speakers": "Someone",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert [s.title for s in event.sessions.all()] == ["Opening"]


def test_the_event_form_refuses_an_end_before_the_start(as_role, entity):
    _user, client = as_role("focal_point")
    response = client.post(
        "/events/new/",
        {
            "title": "Backwards",
            "kind": "forum",
            "starts_on": "2026-05-04",
            "ends_on": "2026-05-01",
            "is_online": "on",
            "description": "x",
            "organising_entities": [entity.pk],
            "sessions-TOTAL_FORMS": "0",
            "sessions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_counts_do_not_grow(
    client, settings, initiative, organisation, entity, rows, django_assert_max_num_queries
):
    settings.PAGE_SIZE = 100
    for _n in range(rows):
        CommitmentFactory(organisation=organisation, initiative=initiative, deliverables=2)
        InitiativeFactory(convening_entities=[entity])
        EventFactory(starts_on=datetime.date.today(), organising_entities=[entity])
    for url in ("/commitments/", "/initiatives/", "/events/"):
        with django_assert_max_num_queries(14):
            response = client.get(url)
        assert len(response.context["page_obj"].object_list) >= rows
