"""Partnerships API: the partnerships you may read, opening a proposal, and moving one along
its lifecycle. Everything needs a token; the rules are those of the web pages (rules.py). A
partnership you may not see answers 404, as if it did not exist; a move your role may not make
answers 403; a guard that refuses answers 400 with its reason."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from pydantic import StringConstraints

from partnerhub.accounts.auth import token_auth
from partnerhub.entities.models import UNEntity
from partnerhub.marketplace.models import Interest, Need, OfferRoute
from partnerhub.partnerships import selectors, services, workflows
from partnerhub.partnerships.models import Partnership

router = Router(tags=["partnerships"], auth=token_auth)

MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=services.MAX_NOTE)]


class PartnerOut(Schema):
    organisation_id: int
    organisation: str
    role: str


class ContributionOut(Schema):
    contributor: str
    kind: str
    amount: str
    currency: str
    description: str


class PartnershipBriefOut(Schema):
    id: int
    title: str
    status: str
    lead_entity: str
    partnership_type: str | None
    partners: list[PartnerOut]
    updated_at: datetime.datetime


class PartnershipOut(PartnershipBriefOut):
    summary: str
    participating_entities: list[str]
    countries: list[str]
    sdgs: list[int]
    sdg_targets: list[str]
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    confidentiality: str
    origin: str
    origin_need_id: int | None
    origin_offer_id: int | None
    origin_interest_id: int | None
    contributions: list[ContributionOut]
    next_states: list[str] = Field(description="The moves your roles allow from here")
    blocked: dict[str, str] = Field(
        description="For each of those moves whose guard would refuse now, what is missing"
    )
    signed_on: datetime.date | None
    has_signed_agreement: bool


class PartnershipPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[PartnershipBriefOut]


class ListParameters(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(settings.PAGE_SIZE, ge=1)
    status: str = Field("", description="One of the lifecycle states; default all")


class ProposeIn(Schema):
    interest_id: Id | None = Field(None, description="Open from an expression of interest")
    route_id: Id | None = Field(None, description="Open from an offer your entity is discussing")
    need_id: Id | None = Field(None, description="Open from one of your entity's needs")
    entity: str | None = Field(None, description="Acronym of the lead entity, for a direct one")
    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    summary: Annotated[str, StringConstraints(max_length=20_000)] | None = None


class TransitionIn(Schema):
    to: str = Field(description=", ".join(Partnership.Status.values))
    note: Note = ""


class ScreeningOutcomeOut(Schema):
    organisation: str
    screening_id: int | None
    reused: bool
    problem: str


class TransitionOut(Schema):
    partnership: PartnershipOut
    screenings: list[ScreeningOutcomeOut]


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _partners(partnership: Partnership) -> list[PartnerOut]:
    return [
        PartnerOut(organisation_id=p.organisation_id, organisation=str(p.organisation), role=p.role)
        for p in partnership.partners.all()
    ]


def _brief(partnership: Partnership) -> PartnershipBriefOut:
    return PartnershipBriefOut(
        id=partnership.pk,
        title=partnership.title,
        status=partnership.status,
        lead_entity=partnership.lead_entity.acronym,
        partnership_type=partnership.partnership_type_id,
        partners=_partners(partnership),
        updated_at=partnership.updated_at,
    )


def _visible(user: Any, partnership_id: int) -> Partnership:
    try:
        partnership = selectors.partnership_detail(partnership_id)
    except Partnership.DoesNotExist:
        partnership = None
    if partnership is None or not user.has_perm("partnerships.view_partnership", partnership):
        raise Http404(f"No partnership has the id {partnership_id}.")
    return partnership


def _out(user: Any, partnership_id: int) -> PartnershipOut:
    partnership = selectors.partnership_detail(partnership_id)
    next_states = workflows.next_states(partnership.status, services.actors_for(user, partnership))
    return PartnershipOut(
        **_brief(partnership).dict(),
        summary=partnership.summary,
        participating_entities=[e.acronym for e in partnership.participating_entities.all()],
        countries=[c.pk for c in partnership.countries.all()],
        sdgs=[g.pk for g in partnership.sdgs.all()],
        sdg_targets=[t.pk for t in partnership.sdg_targets.all()],
        starts_on=partnership.starts_on,
        ends_on=partnership.ends_on,
        confidentiality=partnership.confidentiality,
        origin=partnership.origin,
        origin_need_id=partnership.origin_need_id,
        origin_offer_id=partnership.origin_offer_id,
        origin_interest_id=partnership.origin_interest_id,
        contributions=[
            ContributionOut(
                contributor=c.contributor,
                kind=c.kind,
                amount=str(c.amount),
                currency=c.currency,
                description=c.description,
            )
            for c in selectors.contributions_of(partnership)
        ],
        next_states=next_states,
        blocked={
            to: problem
            for to in next_states
            if (problem := services.guard_problem(partnership, to))
        },
        signed_on=partnership.signed_on,
        has_signed_agreement=bool(partnership.signed_agreement),
    )


@router.get(
    "",
    response=PartnershipPage,
    summary="Partnerships you may read",
    description="UN staff: every partnership past draft and their entities' drafts; company "
    "representatives: those their organisation takes part in.",
)
def partnership_list(request: HttpRequest, params: Query[ListParameters]) -> PartnershipPage:
    user = _user(request)
    if not user.has_perm("partnerships.view_list"):
        raise PermissionDenied("Partnerships are open to UN staff and partner companies.")
    partnerships = selectors.partnerships_visible_to(user)
    if params.status:
        if params.status not in Partnership.Status.values:
            raise ValidationError({"status": f"Unknown status {params.status!r}."})
        partnerships = partnerships.filter(status=params.status)
    page_size = min(params.page_size, settings.API_PAGE_SIZE_MAX)
    start = (params.page - 1) * page_size
    rows = list(partnerships[start : start + page_size])
    return PartnershipPage(
        count=partnerships.count(),
        page=params.page,
        page_size=page_size,
        results=[_brief(p) for p in rows],
    )


@router.get("/{partnership_id}", response=PartnershipOut, summary="One partnership")
def partnership_detail(request: HttpRequest, partnership_id: int) -> PartnershipOut:
    user = _user(request)
    return _out(user, _visible(user, partnership_id).pk)


def _origin(payload: ProposeIn) -> dict[str, Any]:
    chosen = {
        key: value
        for key, value in (
            ("interest", payload.interest_id),
            ("route", payload.route_id),
            ("need", payload.need_id),
            ("entity", payload.entity),
        )
        if value
    }
    if len(chosen) != 1:
        raise ValidationError("Give exactly one of interest_id, route_id, need_id or entity.")
    [(key, value)] = chosen.items()
    model: Any = {"interest": Interest, "route": OfferRoute, "need": Need}.get(key)
    if model is None:
        record = UNEntity.objects.filter(acronym__iexact=str(value).strip()).first()
    else:
        record = model.objects.filter(pk=value).first()
    if record is None:
        raise ValidationError({f"{key}_id" if model else key: f"No {key} matches {value!r}."})
    return {key: record}


@router.post(
    "",
    response={201: PartnershipOut},
    summary="Open a draft partnership from an interest, an offer, a need, or directly",
    description="The draft is pre-filled from its origin: title, summary, SDGs, countries, the "
    "company as private partner and the offer's contributions.",
)
def partnership_propose(request: HttpRequest, payload: ProposeIn) -> Status[PartnershipOut]:
    user = _user(request)
    data = {k: v for k, v in (("title", payload.title), ("summary", payload.summary)) if v}
    partnership = services.partnership_propose(actor=user, data=data, **_origin(payload))
    return Status(201, _out(user, partnership.pk))


@router.post(
    "/{partnership_id}/transition",
    response=TransitionOut,
    summary="Move a partnership along its lifecycle (roles per the transition table)",
    description="Entering due diligence requests a screening of each private partner, reusing "
    "a valid one; leaving it needs a valid, approved screening of every private partner.",
)
def partnership_transition(
    request: HttpRequest, partnership_id: int, payload: TransitionIn
) -> TransitionOut:
    user = _user(request)
    partnership = _visible(user, partnership_id)
    outcome = services.partnership_transition(
        partnership=partnership, to=payload.to, actor=user, note=payload.note
    )
    return TransitionOut(
        partnership=_out(user, partnership.pk),
        screenings=[
            ScreeningOutcomeOut(
                organisation=str(o.organisation),
                screening_id=o.screening.pk if o.screening else None,
                reused=o.reused,
                problem=o.problem,
            )
            for o in outcome.screenings
        ],
    )


@router.post(
    "/{partnership_id}/agreement",
    response=PartnershipOut,
    summary="Record the signed agreement (legal officers of the lead entity)",
    description="Multipart upload of the signed copy (PDF or DOCX, at most 20 MB) and the date "
    "of signature, while the partnership is at the agreement stage. The move to active needs it.",
)
def agreement_upload(
    request: HttpRequest,
    partnership_id: int,
    file: File[UploadedFile],
    signed_on: Form[datetime.date],
) -> PartnershipOut:
    user = _user(request)
    partnership = _visible(user, partnership_id)
    services.agreement_upload(partnership=partnership, actor=user, upload=file, signed_on=signed_on)
    return _out(user, partnership.pk)


@router.get(
    "/{partnership_id}/agreement",
    summary="Download the signed agreement",
    response={200: None},
)
def agreement_download(request: HttpRequest, partnership_id: int) -> FileResponse:
    partnership = _visible(_user(request), partnership_id)
    if not partnership.signed_agreement:
        raise Http404("No signed agreement has been recorded.")
    extension = (partnership.signed_agreement.name or "").rsplit(".", 1)[-1]
    return FileResponse(
        partnership.signed_agreement.open("rb"),
        as_attachment=True,
        filename=f"agreement-partnership-{partnership.pk}.{extension}",
    )
