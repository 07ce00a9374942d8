"""Writes: validation, permissions, progress marking and audit."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.core.models import AuditEvent
from partnerhub.initiatives import services
from partnerhub.initiatives.models import Commitment, Deliverable, Event, Initiative
from partnerhub.initiatives.tests.factories import EventFactory, InitiativeFactory
from partnerhub.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

MADE = datetime.date(2025, 1, 15)


def _verbs(obj):
    return list(
        AuditEvent.objects.filter(target_id=str(obj.pk))
        .order_by("pk")
        .values_list("verb", flat=True)
    )


# --- Initiatives ------------------------------------------------------------------------------


def _initiative_data(*entities):
    return {
        "name": "Clean Cooking Compact",
        "description": "Companies and UN entities for clean cooking.",
        "convening_entities": list(entities),
    }


def test_a_focal_point_creates_an_initiative_of_their_entity(focal_point, entity):
    initiative = services.initiative_create(actor=focal_point, data=_initiative_data(entity))
    assert initiative.status == "draft"
    assert initiative.slug == "clean-cooking-compact"
    assert _verbs(initiative) == ["initiative.created"]
    services.initiative_set_status(initiative=initiative, actor=focal_point, status="published")
    initiative.refresh_from_db()
    assert initiative.status == "published"
    assert _verbs(initiative)[-1] == "initiative.published"


def test_a_focal_point_must_name_their_own_entity(focal_point, other_entity):
    with pytest.raises(ValidationError) as exc:
        services.initiative_create(actor=focal_point, data=_initiative_data(other_entity))
    assert "convening_entities" in exc.value.error_dict


def test_the_coordinator_creates_any_initiative(coordinator, other_entity):
    initiative = services.initiative_create(actor=coordinator, data=_initiative_data(other_entity))
    assert list(initiative.convening_entities.all()) == [other_entity]


@pytest.mark.parametrize("role", ["company_rep", "screening_officer", "plain_user", "anonymous"])
def test_others_do_not_create_initiatives(request, role, entity):
    actor = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.initiative_create(actor=actor, data=_initiative_data(entity))
    assert not Initiative.objects.exists()


def test_another_entitys_focal_point_may_not_edit(other_focal_point, initiative):
    with pytest.raises(PermissionDenied):
        services.initiative_update(
            initiative=initiative, actor=other_focal_point, data={"name": "Taken over"}
        )


def test_slug_is_unique_and_never_new(coordinator, entity):
    first = services.initiative_create(
        actor=coordinator, data={**_initiative_data(entity), "name": "New"}
    )
    second = services.initiative_create(
        actor=coordinator, data={**_initiative_data(entity), "name": "New"}
    )
    assert first.slug == "new-2"
    assert second.slug == "new-3"


def test_publishing_twice_is_refused(coordinator, initiative):
    with pytest.raises(ValidationError):
        services.initiative_set_status(initiative=initiative, actor=coordinator, status="published")


def test_members(focal_point, initiative, organisation, other_entity):
    member = services.initiative_member_add(
        initiative=initiative, actor=focal_point, organisation=organisation, since=MADE
    )
    services.initiative_member_add(
        initiative=initiative, actor=focal_point, un_entity=other_entity, since=MADE
    )
    with pytest.raises(ValidationError):
        services.initiative_member_add(
            initiative=initiative, actor=focal_point, organisation=organisation, since=MADE
        )
    with pytest.raises(ValidationError):
        services.initiative_member_add(initiative=initiative, actor=focal_point, since=MADE)
    services.initiative_member_remove(member=member, actor=focal_point)
    assert [str(m) for m in initiative.members.all()] == ["UNHCR"]
    assert _verbs(initiative).count("initiative.member_added") == 2


# --- Events -----------------------------------------------------------------------------------


def _event_data(entity, **extra):
    return {
        "title": "Logistics forum",
        "kind": "forum",
        "starts_on": datetime.date(2026, 3, 10),
        "ends_on": datetime.date(2026, 3, 11),
        "country": None,
        "is_online": True,
        "description": "A forum.",
        "organising_entities": [entity],
        **extra,
    }


def test_an_event_with_sessions(focal_point, entity, organisation):
    from django.utils import timezone

    start = timezone.make_aware(datetime.datetime(2026, 3, 11, 9, 0))
    event = services.event_create(
        actor=focal_point,
        data=_event_data(entity, participants=[organisation]),
        sessions=[{"title": "Opening", "starts_at": start, "speakers": "A. Speaker"}],
    )
    assert [s.title for s in event.sessions.all()] == ["Opening"]
    assert list(event.participants.all()) == [organisation]
    assert _verbs(event) == ["event.created"]


def test_an_event_may_not_end_before_it_starts(focal_point, entity):
    with pytest.raises(ValidationError) as exc:
        services.event_create(
            actor=focal_point, data=_event_data(entity, ends_on=datetime.date(2026, 3, 9))
        )
    assert "ends_on" in exc.value.error_dict
    assert not Event.objects.exists()


def test_an_event_needs_a_place(focal_point, entity):
    with pytest.raises(ValidationError) as exc:
        services.event_create(actor=focal_point, data=_event_data(entity, is_online=False))
    assert "country" in exc.value.error_dict


def test_sessions_take_place_during_the_event(focal_point, entity):
    from django.utils import timezone

    late = timezone.make_aware(datetime.datetime(2026, 3, 20, 9, 0))
    with pytest.raises(ValidationError):
        services.event_create(
            actor=focal_point,
            data=_event_data(entity),
            sessions=[{"title": "Too late", "starts_at": late}],
        )


def test_one_day_event_by_default(coordinator, entity):
    event = services.event_create(actor=coordinator, data=_event_data(entity, ends_on=None))
    assert event.ends_on == event.starts_on


def test_another_entitys_focal_point_may_not_edit_an_event(other_focal_point, entity):
    event = EventFactory(organising_entities=[entity])
    with pytest.raises(PermissionDenied):
        services.event_update(event=event, actor=other_focal_point, data={"title": "Mine"})


# --- Commitments ------------------------------------------------------------------------------


def _commitment_data(organisation, initiative, **extra):
    return {
        "title": "Free trucks for school meals",
        "description": "We carry school meals for free.",
        "organisation": organisation,
        "initiative": initiative,
        "made_on": MADE,
        "financial_amount": Decimal("1000"),
        "financial_currency": "usd",
        **extra,
    }


DELIVERABLES = [
    {"description": "100 schools served", "due_on": datetime.date(2025, 12, 31)},
    {"description": "Report on costs", "due_on": datetime.date(2026, 1, 31)},
]


def test_a_rep_makes_a_commitment_for_their_organisation(company_rep, organisation, initiative):
    from partnerhub.vocabularies.models import SDGTarget

    commitment = services.commitment_create(
        actor=company_rep,
        data=_commitment_data(
            organisation, initiative, sdg_targets=list(SDGTarget.objects.filter(pk="2.1"))
        ),
        deliverables=DELIVERABLES,
    )
    assert commitment.status == "draft"
    assert commitment.financial_currency == "USD"
    assert [g.pk for g in commitment.sdgs.all()] == [2]
    assert commitment.deliverables.count() == 2
    assert _verbs(commitment) == ["commitment.created"]


def test_a_rep_may_not_commit_for_another_organisation(company_rep, initiative):
    stranger = OrganisationFactory(legal_name="Someone Else Ltd")
    with pytest.raises(PermissionDenied):
        services.commitment_create(
            actor=company_rep,
            data=_commitment_data(stranger, initiative),
            deliverables=DELIVERABLES,
        )
    assert not Commitment.objects.exists()


def test_a_convening_focal_point_records_a_commitment(focal_point, organisation, initiative):
    commitment = services.commitment_create(
        actor=focal_point,
        data=_commitment_data(organisation, initiative),
        deliverables=DELIVERABLES,
    )
    assert commitment.organisation == organisation


def test_another_entitys_focal_point_may_not_record_one(
    other_focal_point, organisation, initiative
):
    with pytest.raises(PermissionDenied):
        services.commitment_create(
            actor=other_focal_point,
            data=_commitment_data(organisation, initiative),
            deliverables=DELIVERABLES,
        )


def test_a_rep_may_not_commit_to_a_draft_initiative(company_rep, organisation, entity):
    draft = InitiativeFactory(status="draft", convening_entities=[entity])
    with pytest.raises(ValidationError) as exc:
        services.commitment_create(
            actor=company_rep, data=_commitment_data(organisation, draft), deliverables=DELIVERABLES
        )
    assert "initiative" in exc.value.error_dict


@pytest.mark.parametrize(
    ("amount", "currency", "field"),
    [
        (Decimal("0"), "USD", "financial_amount"),
        (Decimal("-5"), "USD", "financial_amount"),
        (Decimal("10"), "", "financial_currency"),
        (Decimal("10"), "XYZ", "financial_currency"),
        (None, "USD", "financial_amount"),
    ],
)
def test_pledges_are_positive_with_a_currency(
    company_rep, organisation, initiative, amount, currency, field
):
    with pytest.raises(ValidationError) as exc:
        services.commitment_create(
            actor=company_rep,
            data=_commitment_data(
                organisation, initiative, financial_amount=amount, financial_currency=currency
            ),
            deliverables=DELIVERABLES,
        )
    assert field in exc.value.error_dict


def test_no_money_pledged_is_fine(company_rep, organisation, initiative):
    commitment = services.commitment_create(
        actor=company_rep,
        data=_commitment_data(
            organisation, initiative, financial_amount=None, financial_currency=""
        ),
        deliverables=DELIVERABLES,
    )
    assert commitment.financial_amount is None


@pytest.mark.parametrize(
    ("deliverables", "words"),
    [
        ([], "at least one deliverable"),
        (
            [{"description": "Early", "due_on": datetime.date(2024, 12, 31)}],
            "before the commitment",
        ),
        ([{"description": "Far", "due_on": datetime.date(2041, 1, 1)}], "more than 15 years"),
        ([{"description": " ", "due_on": datetime.date(2025, 6, 1)}], "describe it"),
    ],
)
def test_deliverables_are_checked(company_rep, organisation, initiative, deliverables, words):
    with pytest.raises(ValidationError) as exc:
        services.commitment_create(
            actor=company_rep,
            data=_commitment_data(organisation, initiative),
            deliverables=deliverables,
        )
    assert words in " ".join(exc.value.messages)


def test_a_commitment_is_made_to_an_initiative_or_at_an_event(company_rep, organisation):
    with pytest.raises(ValidationError) as exc:
        services.commitment_create(
            actor=company_rep, data=_commitment_data(organisation, None), deliverables=DELIVERABLES
        )
    assert "initiative" in exc.value.error_dict


def test_a_commitment_can_be_announced_at_an_event_only(focal_point, organisation, entity):
    event = EventFactory(organising_entities=[entity])
    commitment = services.commitment_create(
        actor=focal_point,
        data=_commitment_data(organisation, None, event=event),
        deliverables=DELIVERABLES,
    )
    assert commitment.event == event


def test_update_adds_and_removes_deliverables(company_rep, commitment):
    _first, second = commitment.deliverables.all()
    services.commitment_update(
        commitment=commitment,
        actor=company_rep,
        data={"title": "Renamed"},
        deliverables=[
            {"id": second.pk, "delete": True},
            {"description": "New one", "due_on": datetime.date(2025, 6, 1)},
        ],
    )
    commitment.refresh_from_db()
    assert commitment.title == "Renamed"
    assert sorted(d.description for d in commitment.deliverables.all()) == [
        "Deliverable 1",
        "New one",
    ]


def test_a_reported_deliverable_cannot_be_removed(company_rep, commitment):
    first, second = commitment.deliverables.all()
    services.progress_report_submit(
        commitment=commitment,
        actor=company_rep,
        marks={first.pk: ("on_track", ""), second.pk: ("on_track", "")},
        reported_on=datetime.date(2025, 6, 1),
    )
    with pytest.raises(ValidationError):
        services.commitment_update(
            commitment=commitment,
            actor=company_rep,
            data={},
            deliverables=[{"id": first.pk, "delete": True}],
        )


# --- Progress ---------------------------------------------------------------------------------


def test_a_report_marks_each_deliverable(company_rep, commitment):
    first, second = commitment.deliverables.all()
    services.progress_report_submit(
        commitment=commitment,
        actor=company_rep,
        marks={first.pk: ("completed", "Done."), second.pk: ("delayed", "Rains.")},
        reported_on=datetime.date(2025, 6, 1),
        summary="Half-way.",
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.status_comment) == ("completed", "Done.")
    assert (second.status, second.status_reported_on) == ("delayed", datetime.date(2025, 6, 1))
    assert _verbs(commitment)[-1] == "commitment.progress_reported"

    # The next report marks only what is still open; a completed deliverable stays completed.
    with pytest.raises(ValidationError):
        services.progress_report_submit(
            commitment=commitment,
            actor=company_rep,
            marks={first.pk: ("on_track", ""), second.pk: ("on_track", "")},
            reported_on=datetime.date(2025, 7, 1),
        )
    services.progress_report_submit(
        commitment=commitment,
        actor=company_rep,
        marks={second.pk: ("completed", "")},
        reported_on=datetime.date(2025, 7, 1),
    )
    commitment.refresh_from_db()
    assert commitment.is_completed
    with pytest.raises(ValidationError, match="nothing to report"):
        services.progress_report_submit(
            commitment=commitment,
            actor=company_rep,
            marks={},
            reported_on=datetime.date(2025, 8, 1),
        )


def test_a_report_must_mark_every_open_deliverable(company_rep, commitment):
    first, _second = commitment.deliverables.all()
    with pytest.raises(ValidationError, match="Mark every open deliverable"):
        services.progress_report_submit(
            commitment=commitment,
            actor=company_rep,
            marks={first.pk: ("on_track", "")},
            reported_on=datetime.date(2025, 6, 1),
        )
    assert not commitment.progress_reports.exists()
    assert not Deliverable.objects.exclude(status="not_reported").exists()


@pytest.mark.parametrize(
    ("status", "day"),
    [
        ("finished", datetime.date(2025, 6, 1)),
        ("on_track", datetime.date(2025, 1, 1)),
        ("on_track", datetime.date(2099, 1, 1)),
    ],
)
def test_bad_reports_are_refused(company_rep, commitment, status, day):
    marks = {d.pk: (status, "") for d in commitment.deliverables.all()}
    with pytest.raises(ValidationError):
        services.progress_report_submit(
            commitment=commitment, actor=company_rep, marks=marks, reported_on=day
        )


def test_reports_are_for_stewards_only(other_focal_point, plain_user, commitment):
    marks = {d.pk: ("on_track", "") for d in commitment.deliverables.all()}
    for actor in (other_focal_point, plain_user, None):
        with pytest.raises(PermissionDenied):
            services.progress_report_submit(commitment=commitment, actor=actor, marks=marks)


def test_a_convening_focal_point_may_report(focal_point, commitment):
    marks = {d.pk: ("on_track", "") for d in commitment.deliverables.all()}
    report = services.progress_report_submit(
        commitment=commitment, actor=focal_point, marks=marks, reported_on=datetime.date(2025, 2, 1)
    )
    assert report.marks.count() == 2


def test_a_draft_commitment_is_not_reported_on(company_rep, commitment):
    commitment.status = "draft"
    commitment.save()
    marks = {d.pk: ("on_track", "") for d in commitment.deliverables.all()}
    with pytest.raises(ValidationError, match="Publish"):
        services.progress_report_submit(commitment=commitment, actor=company_rep, marks=marks)
