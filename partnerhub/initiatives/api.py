"""Initiatives API: multi-stakeholder initiatives, voluntary commitments (with their
deliverables and progress history) and events. Published records are open to anyone, with or
without a token; a token also shows the drafts its user may see. Recording a commitment,
publishing it and reporting progress on it need a token (rules.py): a company representative
does so for their own organisation.

Mounted at the API's root: /api/initiatives, /api/commitments, /api/events.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import StringConstraints

from partnerhub.accounts.auth import token_auth
from partnerhub.accounts.predicates import organisation_ids_for
from partnerhub.entities.models import UNEntity
from partnerhub.initiatives import selectors, services
from partnerhub.initiatives.models import (
    Commitment,
    DeliverableProgress,
    Event,
    Initiative,
    ProgressReport,
    PublicationStatus,
)
from partnerhub.organisations.models import Organisation
from partnerhub.vocabularies.models import Country, SDGGoal, SDGTarget

MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=services.MAX_TEXT)]
Slug = Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)]


def _anonymous(request: HttpRequest) -> AnonymousUser | None:
    """Public reads: no token means anonymous; a token that does not authenticate is refused."""
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    request.user = AnonymousUser()
    return request.user


optional_auth = [token_auth, _anonymous]
router = Router(tags=["initiatives"], auth=token_auth)


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _page_of(
    items: QuerySet[Any],
    params: PageParameters,
    out: Callable[[Any], dict[str, Any]],
    *,
    prepare: Callable[[list[Any]], list[Any]] = list,
) -> dict[str, Any]:
    """The requested page of `items` (its size capped), each `prepare`d and converted by `out`,
    with the total count."""
    size = min(params.page_size, settings.API_PAGE_SIZE_MAX)
    start = (params.page - 1) * size
    count = items.count()
    page = prepare(list(items[start : start + size]))
    return {
        "count": count,
        "page": params.page,
        "page_size": size,
        "results": [out(item) for item in page],
    }


def _by_slug(model: Any, slug: str, field: str, what: str) -> Any:
    """The `model` row at address `slug`; else a 422 naming `field`."""
    found = model.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationError({field: f"No {what} has the address {slug!r}."})
    return found


def _public_slug(initiative: Initiative | None) -> str | None:
    if initiative is None or initiative.status != PublicationStatus.PUBLISHED:
        return None
    return initiative.slug


# --- Schemas ------------------------------------------------------------------------------------


class PageParameters(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(
        settings.PAGE_SIZE,
        ge=1,
        description=f"Rows per page; above {settings.API_PAGE_SIZE_MAX} are capped",
    )
    q: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""


class InitiativeParameters(PageParameters):
    entity: Slug = Field("", description="A convening UN entity's address on the hub (e.g. wfp)")
    sdg: int | None = Field(None, ge=1, le=17)


class CommitmentParameters(PageParameters):
    initiative: Slug = Field("", description="An initiative's address on the hub")
    event: Id | None = None
    organisation: Id | None = None
    sdg: int | None = Field(None, ge=1, le=17)
    country: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2)] = ""
    state: str = Field(
        "",
        description="stale (nothing reported for a year), completed (every deliverable "
        "completed) or active (neither)",
    )


class EventParameters(PageParameters):
    when: str = Field("upcoming", description="upcoming (not yet ended) or past")
    kind: str = Field("", description=", ".join(Event.Kind.values))


class MemberOut(Schema):
    name: str
    organisation_id: int | None
    un_entity: str | None = Field(description="The UN entity's acronym")
    role: str
    since: datetime.date


class InitiativeOut(Schema):
    id: int
    slug: str
    name: str
    acronym: str
    description: str
    source: str
    website: str
    launched_on: datetime.date | None
    convening_entities: list[str]
    sdgs: list[int]
    status: str
    url: str


class InitiativeDetailOut(InitiativeOut):
    members: list[MemberOut]


class InitiativePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[InitiativeOut]


class DeliverableOut(Schema):
    id: int
    description: str
    due_on: datetime.date
    status: str = Field(description="not_reported, on_track, delayed or completed")
    status_comment: str
    status_reported_on: datetime.date | None


class MarkOut(Schema):
    deliverable_id: int
    deliverable: str
    status: str
    comment: str


class ProgressReportOut(Schema):
    id: int
    reported_on: datetime.date
    summary: str
    marks: list[MarkOut]


class CommitmentOut(Schema):
    id: int
    title: str
    description: str
    status: str
    maker: str
    organisation_id: int | None
    un_entity: str | None = Field(description="The maker's acronym, when a UN entity makes it")
    initiative: str | None = Field(description="The initiative's address on the hub")
    event_id: int | None
    made_on: datetime.date
    financial_amount: Decimal | None
    financial_currency: str
    in_kind: str
    staff_expertise: str
    sdgs: list[int]
    sdg_targets: list[str]
    countries: list[str]
    is_illustrative: bool
    stale: bool = Field(description="Published, not completed, nothing reported for a year")
    deliverables: list[DeliverableOut]
    url: str


class CommitmentDetailOut(CommitmentOut):
    progress_reports: list[ProgressReportOut] = Field(description="Latest first")


class CommitmentPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CommitmentOut]


class SessionOut(Schema):
    id: int
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    speakers: str


class ParticipantOut(Schema):
    id: int
    legal_name: str


class EventOut(Schema):
    id: int
    title: str
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date
    country: str | None
    venue: str
    is_online: bool
    description: str
    source: str
    initiative: str | None = Field(description="The initiative's address, when published")
    organising_entities: list[str]
    is_illustrative: bool
    status: str
    url: str


class EventDetailOut(EventOut):
    sessions: list[SessionOut]
    participants: list[ParticipantOut]
    commitment_ids: list[int] = Field(description="Commitments announced at it that you may see")


class EventPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[EventOut]


class DeliverableIn(Schema):
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
    due_on: datetime.date


class CommitmentIn(Schema):
    title: Text
    description: LongText
    organisation_id: Id | None = Field(
        None, description="Default: your organisation, if you represent exactly one"
    )
    un_entity: Slug | None = Field(None, description="A UN entity's address, if it makes it")
    initiative: Slug | None = Field(None, description="The initiative's address on the hub")
    event_id: Id | None = None
    made_on: datetime.date
    financial_amount: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    financial_currency: Annotated[str, StringConstraints(strip_whitespace=True, max_length=3)] = ""
    in_kind: LongText = ""
    staff_expertise: LongText = ""
    sdgs: list[int] = []
    sdg_targets: list[str] = Field([], description="Codes such as 2.3")
    countries: list[str] = Field([], description="ISO 3166-1 alpha-2")
    deliverables: list[DeliverableIn] = Field(min_length=1, max_length=100)


class StatusIn(Schema):
    status: str = Field(description="published or draft")


class MarkIn(Schema):
    deliverable_id: Id
    status: str = Field(description="on_track, delayed or completed")
    comment: LongText = ""


class ProgressReportIn(Schema):
    reported_on: datetime.date | None = Field(None, description="Default: today")
    summary: LongText = ""
    marks: list[MarkIn] = Field(description="One per open deliverable", max_length=100)


# --- Converters ---------------------------------------------------------------------------------


def _initiative_out(initiative: Initiative) -> dict[str, Any]:
    return {
        "id": initiative.pk,
        "slug": initiative.slug,
        "name": initiative.name,
        "acronym": initiative.acronym,
        "description": initiative.description,
        "source": initiative.provenance,
        "website": initiative.website,
        "launched_on": initiative.launched_on,
        "convening_entities": [e.acronym for e in initiative.convening_entities.all()],
        "sdgs": sorted(g.number for g in initiative.sdgs.all()),
        "status": initiative.status,
        "url": initiative.get_absolute_url(),
    }


def _commitment_out(commitment: Commitment) -> dict[str, Any]:
    return {
        "id": commitment.pk,
        "title": commitment.title,
        "description": commitment.description,
        "status": commitment.status,
        "maker": str(commitment.maker),
        "organisation_id": commitment.organisation_id,
        "un_entity": commitment.un_entity.acronym if commitment.un_entity else None,
        "initiative": commitment.initiative.slug if commitment.initiative else None,
        "event_id": commitment.event_id,
        "made_on": commitment.made_on,
        "financial_amount": commitment.financial_amount,
        "financial_currency": commitment.financial_currency,
        "in_kind": commitment.in_kind,
        "staff_expertise": commitment.staff_expertise,
        "sdgs": sorted(g.number for g in commitment.sdgs.all()),
        "sdg_targets": sorted(t.code for t in commitment.sdg_targets.all()),
        "countries": sorted(c.iso2 for c in commitment.countries.all()),
        "is_illustrative": commitment.is_illustrative,
        "stale": commitment.stale,  # type: ignore[attr-defined]
        "deliverables": [
            {
                "id": d.pk,
                "description": d.description,
                "due_on": d.due_on,
                "status": d.status,
                "status_comment": d.status_comment,
                "status_reported_on": d.status_reported_on,
            }
            for d in commitment.deliverables.all()
        ],
        "url": commitment.get_absolute_url(),
    }


def _report_out(report: ProgressReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "reported_on": report.reported_on,
        "summary": report.summary,
        "marks": [
            {
                "deliverable_id": mark.deliverable_id,
                "deliverable": mark.deliverable.description,
                "status": mark.status,
                "comment": mark.comment,
            }
            for mark in report.marks.all()
        ],
    }


def _event_out(event: Event) -> dict[str, Any]:
    return {
        "id": event.pk,
        "title": event.title,
        "kind": event.kind,
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "country": event.country_id,
        "venue": event.venue,
        "is_online": event.is_online,
        "description": event.description,
        "source": event.provenance,
        "initiative": _public_slug(event.initiative),
        "organising_entities": [e.acronym for e in event.organising_entities.all()],
        "is_illustrative": event.is_illustrative,
        "status": event.status,
        "url": event.get_absolute_url(),
    }


# --- Reads --------------------------------------------------------------------------------------


@router.get(
    "/initiatives",
    auth=optional_auth,
    response=InitiativePage,
    summary="Multi-stakeholder initiatives, searched and filtered",
)
def initiative_list(request: HttpRequest, params: Query[InitiativeParameters]) -> dict[str, Any]:
    entity_id = None
    if params.entity:
        entity_id = _by_slug(UNEntity, params.entity, "entity", "UN entity").pk
    initiatives = selectors.initiatives_search(
        _user(request), text=params.q, entity=entity_id, sdg=params.sdg
    ).order_by("name", "pk")
    return _page_of(initiatives, params, _initiative_out)


@router.get(
    "/initiatives/{slug}",
    auth=optional_auth,
    response=InitiativeDetailOut,
    summary="One initiative with its members",
)
def initiative_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    initiative = selectors.initiative_for_page(slug)
    if initiative is None or not _user(request).has_perm("initiatives.view_initiative", initiative):
        raise Http404(f"No initiative has the address {slug!r}.")
    return {
        **_initiative_out(initiative),
        "members": [
            {
                "name": str(member.body),
                "organisation_id": member.organisation_id,
                "un_entity": member.un_entity.acronym if member.un_entity else None,
                "role": member.role,
                "since": member.since,
            }
            for member in initiative.members.all()
        ],
    }


COMMITMENT_STATES = (
    selectors.Progress.STALE,
    selectors.Progress.COMPLETED,
    selectors.Progress.ACTIVE,
)


@router.get(
    "/commitments",
    auth=optional_auth,
    response=CommitmentPage,
    summary="Voluntary commitments with their deliverables, searched and filtered",
)
def commitment_list(request: HttpRequest, params: Query[CommitmentParameters]) -> dict[str, Any]:
    if params.state and params.state not in COMMITMENT_STATES:
        raise ValidationError(
            {"state": f"Unknown state {params.state!r}: use {', '.join(COMMITMENT_STATES)}."}
        )
    initiative_id = None
    if params.initiative:
        initiative_id = _by_slug(Initiative, params.initiative, "initiative", "initiative").pk
    commitments = (
        selectors.commitments_search(
            _user(request),
            text=params.q,
            initiative=initiative_id,
            event=params.event,
            organisation=params.organisation,
            sdg=params.sdg,
            country=params.country.upper(),
            state=params.state,
        )
        .prefetch_related("sdg_targets", "countries")
        .order_by("-made_on", "-pk")
    )
    return _page_of(commitments, params, _commitment_out, prepare=selectors.mark_staleness)


def _visible_commitment(request: HttpRequest, pk: int) -> Commitment:
    commitment = selectors.commitment_for_page(pk) if pk <= MAX_ID else None
    if commitment is None or not _user(request).has_perm("initiatives.view_commitment", commitment):
        raise Http404(f"No commitment has the id {pk}.")
    return commitment


def _commitment_detail(commitment: Commitment) -> dict[str, Any]:
    (marked,) = selectors.mark_staleness([commitment])
    return {
        **_commitment_out(marked),
        "progress_reports": [_report_out(r) for r in commitment.progress_reports.all()],
    }


@router.get(
    "/commitments/{commitment_id}",
    auth=optional_auth,
    response=CommitmentDetailOut,
    summary="One commitment with its deliverables and progress reports",
)
def commitment_detail(request: HttpRequest, commitment_id: int) -> dict[str, Any]:
    return _commitment_detail(_visible_commitment(request, commitment_id))


EVENT_PERIODS = ("upcoming", "past")


@router.get(
    "/events",
    auth=optional_auth,
    response=EventPage,
    summary="Events with a private-sector track: upcoming (soonest first) or past (latest first)",
)
def event_list(request: HttpRequest, params: Query[EventParameters]) -> dict[str, Any]:
    if params.when not in EVENT_PERIODS:
        raise ValidationError({"when": f"Unknown period {params.when!r}: use upcoming or past."})
    if params.kind and params.kind not in Event.Kind.values:
        raise ValidationError(
            {"kind": f"Unknown kind {params.kind!r}: use {', '.join(Event.Kind.values)}."}
        )
    events = selectors.events_search(
        _user(request), when=params.when, text=params.q, kind=params.kind
    )
    return _page_of(events, params, _event_out)


@router.get(
    "/events/{event_id}",
    auth=optional_auth,
    response=EventDetailOut,
    summary="One event with its sessions and participating organisations",
)
def event_detail(request: HttpRequest, event_id: int) -> dict[str, Any]:
    user = _user(request)
    event = selectors.event_for_page(event_id) if event_id <= MAX_ID else None
    if event is None or not user.has_perm("initiatives.view_event", event):
        raise Http404(f"No event has the id {event_id}.")
    return {
        **_event_out(event),
        "sessions": [
            {
                "id": s.pk,
                "title": s.title,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "speakers": s.speakers,
            }
            for s in event.sessions.all()
        ],
        "participants": [
            {"id": o.pk, "legal_name": o.legal_name} for o in event.participants.all()
        ],
        "commitment_ids": [c.pk for c in selectors.commitments_of_event(event, user)],
    }


# --- Writes -------------------------------------------------------------------------------------


def _terms(model: Any, keys: list[Any], field: str) -> list[Any]:
    found = list(model.objects.filter(pk__in=keys))
    missing = set(keys) - {t.pk for t in found}
    if missing:
        raise ValidationError({field: f"Unknown: {', '.join(sorted(map(str, missing)))}."})
    return found


def _maker(user: Any, payload: CommitmentIn) -> dict[str, Any]:
    if payload.organisation_id is not None and payload.un_entity is not None:
        raise ValidationError(
            {"organisation_id": "Name either the organisation or the UN entity, not both."}
        )
    if payload.un_entity is not None:
        entity = _by_slug(UNEntity, payload.un_entity, "un_entity", "UN entity")
        return {"un_entity": entity, "organisation": None}
    organisation_id = payload.organisation_id
    if organisation_id is None:
        represented = organisation_ids_for(user)
        if len(represented) != 1:
            raise ValidationError(
                {"organisation_id": "Name the organisation that makes the commitment."}
            )
        (organisation_id,) = represented
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise ValidationError(
            {"organisation_id": f"No organisation has the id {payload.organisation_id}."}
        )
    return {"organisation": organisation, "un_entity": None}


@router.post(
    "/commitments",
    response={201: CommitmentDetailOut},
    summary="Record a draft commitment (a company representative for their own organisation, "
    "or a focal point)",
)
def commitment_create(request: HttpRequest, payload: CommitmentIn) -> Status[dict[str, Any]]:
    user = _user(request)
    if not user.has_perm("initiatives.add_commitment"):
        # Before the payload is read, so that its problems are not reported to someone who
        # may not record commitments at all.
        raise PermissionDenied(
            "Commitments are recorded by company representatives and UN focal points."
        )
    initiative = event = None
    if payload.initiative is not None:
        initiative = _by_slug(Initiative, payload.initiative, "initiative", "initiative")
    if payload.event_id is not None:
        event = Event.objects.filter(pk=payload.event_id).first()
        if event is None:
            raise ValidationError({"event_id": f"No event has the id {payload.event_id}."})
    data = {
        **_maker(user, payload),
        "title": payload.title,
        "description": payload.description,
        "initiative": initiative,
        "event": event,
        "made_on": payload.made_on,
        "financial_amount": payload.financial_amount,
        "financial_currency": payload.financial_currency,
        "in_kind": payload.in_kind,
        "staff_expertise": payload.staff_expertise,
        "sdgs": _terms(SDGGoal, payload.sdgs, "sdgs"),
        "sdg_targets": _terms(SDGTarget, payload.sdg_targets, "sdg_targets"),
        "countries": _terms(Country, [c.upper() for c in payload.countries], "countries"),
    }
    commitment = services.commitment_create(
        actor=user,
        data=data,
        deliverables=[d.model_dump() for d in payload.deliverables],
    )
    return Status(201, _commitment_detail(_visible_commitment(request, commitment.pk)))


@router.post(
    "/commitments/{commitment_id}/status",
    response=CommitmentDetailOut,
    summary="Publish a commitment, or withdraw it to a draft",
)
def commitment_status(
    request: HttpRequest, commitment_id: int, payload: StatusIn
) -> dict[str, Any]:
    commitment = _visible_commitment(request, commitment_id)
    services.commitment_set_status(
        commitment=commitment, actor=_user(request), status=payload.status
    )
    return _commitment_detail(_visible_commitment(request, commitment_id))


@router.post(
    "/commitments/{commitment_id}/progress-reports",
    response={201: ProgressReportOut},
    summary="Report progress, marking every open deliverable on track, delayed or completed",
)
def progress_report_submit(
    request: HttpRequest, commitment_id: int, payload: ProgressReportIn
) -> Status[dict[str, Any]]:
    commitment = _visible_commitment(request, commitment_id)
    marks = {mark.deliverable_id: (mark.status, mark.comment) for mark in payload.marks}
    if len(marks) != len(payload.marks):
        raise ValidationError({"marks": "Mark each deliverable once."})
    report = services.progress_report_submit(
        commitment=commitment,
        actor=_user(request),
        marks=marks,
        reported_on=payload.reported_on,
        summary=payload.summary,
    )
    written = (
        ProgressReport.objects.prefetch_related(
            Prefetch("marks", queryset=DeliverableProgress.objects.select_related("deliverable"))
        )
        .filter(pk=report.pk)
        .get()
    )
    return Status(201, _report_out(written))
