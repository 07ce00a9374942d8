"""Partnerships API: the partnerships you may read, opening a proposal, editing it with its
partners and contributions while a draft or proposal, and moving it along its lifecycle.
Everything needs a token; the rules are those of the web pages (rules.py). A partnership you
may not see answers 404, as if it did not exist; a change your role may not make answers 403;
a guard that refuses answers 400 with its reason."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.db.models.functions import Upper
from django.http import FileResponse, Http404, HttpRequest
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from pydantic import StringConstraints

from partnerhub.accounts.auth import token_auth
from partnerhub.entities.models import UNEntity
from partnerhub.marketplace.models import Interest, Need, OfferRoute
from partnerhub.organisations.models import Organisation
from partnerhub.partnerships import selectors, services, workflows
from partnerhub.partnerships.models import Contribution, Partnership, PartnershipPartner
from partnerhub.vocabularies.models import Country, PartnershipType, SDGGoal, SDGTarget

router = Router(tags=["partnerships"], auth=token_auth)

MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=services.MAX_NOTE)]


class PartnerOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    role: str


class ContributionOut(Schema):
    id: int
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


class PartnershipChangeIn(Schema):
    """Only the fields present are changed; codes name vocabulary terms."""

    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    summary: Annotated[str, StringConstraints(max_length=20_000)] | None = None
    partnership_type: str | None = Field(
        None, description="Slug of a partnership type; null clears"
    )
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    confidentiality: str | None = Field(
        None, description=", ".join(Partnership.Confidentiality.values)
    )
    participating_entities: list[str] | None = Field(None, description="UN entity acronyms")
    countries: list[str] | None = Field(None, description="ISO 3166-1 alpha-2 codes")
    sdgs: list[int] | None = Field(None, description="SDG numbers")
    sdg_targets: list[str] | None = Field(
        None, description="SDG target codes, each under one of the partnership's SDGs"
    )


class PartnerIn(Schema):
    organisation_id: Id
    role: str = Field(
        PartnershipPartner.Role.PRIVATE, description=", ".join(PartnershipPartner.Role.values)
    )


class ContributionIn(Schema):
    partner_id: Id | None = Field(None, description="The id of one of the partnership's partners")
    entity: str | None = Field(None, description="Acronym of a UN entity taking part")
    kind: str = Field(description=", ".join(Contribution.Kind.values))
    amount: Annotated[Decimal, Field(gt=0, max_digits=16, decimal_places=2)] = Field(
        description="Money, or hours for pro bono hours"
    )
    currency: Annotated[str, StringConstraints(strip_whitespace=True, max_length=3)] = Field(
        "", description="ISO 4217 code; ignored for pro bono hours"
    )
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _partners(partnership: Partnership) -> list[PartnerOut]:
    return [_partner_out(p) for p in partnership.partners.all()]


def _partner_out(partner: PartnershipPartner) -> PartnerOut:
    return PartnerOut(
        id=partner.pk,
        organisation_id=partner.organisation_id,
        organisation=str(partner.organisation),
        role=partner.role,
    )


def _contribution_out(contribution: Contribution) -> ContributionOut:
    return ContributionOut(
        id=contribution.pk,
        contributor=contribution.contributor,
        kind=contribution.kind,
        amount=str(contribution.amount),
        currency=contribution.currency,
        description=contribution.description,
    )


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


def visible_partnership(user: Any, partnership_id: int) -> Partnership:
    """The partnership if `user` may read it; otherwise 404, as if it did not exist. Other
    apps' endpoints about a partnership use it too."""
    partnership = None
    if 1 <= partnership_id <= MAX_ID:
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
        contributions=[_contribution_out(c) for c in selectors.contributions_of(partnership)],
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
    return _out(user, visible_partnership(user, partnership_id).pk)


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
    partnership = visible_partnership(user, partnership_id)
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
    partnership = visible_partnership(user, partnership_id)
    services.agreement_upload(partnership=partnership, actor=user, upload=file, signed_on=signed_on)
    return _out(user, partnership.pk)


@router.get(
    "/{partnership_id}/agreement",
    summary="Download the signed agreement",
    response={200: None},
)
def agreement_download(request: HttpRequest, partnership_id: int) -> FileResponse:
    partnership = visible_partnership(_user(request), partnership_id)
    if not partnership.signed_agreement:
        raise Http404("No signed agreement has been recorded.")
    extension = (partnership.signed_agreement.name or "").rsplit(".", 1)[-1]
    return FileResponse(
        partnership.signed_agreement.open("rb"),
        as_attachment=True,
        filename=f"agreement-partnership-{partnership.pk}.{extension}",
    )


# --- Editing a draft or proposal ----------------------------------------------------------------

NOT_NULL = {"title", "summary", "confidentiality", *services.M2M_FIELDS}
CODES: tuple[tuple[str, type[Model], str], ...] = (
    ("countries", Country, "country codes"),
    ("sdgs", SDGGoal, "SDG numbers"),
    ("sdg_targets", SDGTarget, "SDG target codes"),
)


def _terms(model: type[Model], codes: list[Any], field: str, label: str) -> list[Model]:
    found = model._default_manager.in_bulk(codes)
    unknown = [str(c) for c in codes if c not in found]
    if unknown:
        raise ValidationError({field: f"Unknown {label}: {', '.join(unknown)}."})
    return [found[c] for c in codes]


def _entities(acronyms: list[str]) -> list[UNEntity]:
    wanted = list(dict.fromkeys(a.strip().upper() for a in acronyms))
    found = {
        e.acronym_upper: e
        for e in UNEntity.objects.annotate(acronym_upper=Upper("acronym")).filter(
            acronym_upper__in=wanted
        )
    }
    unknown = [a for a in wanted if a not in found]
    if unknown:
        raise ValidationError(
            {"participating_entities": f"Unknown UN entity acronyms: {', '.join(unknown)}."}
        )
    return [found[a] for a in wanted]


def _change_data(values: dict[str, Any]) -> dict[str, Any]:
    """The service's data from the fields present: every unknown code is named at once."""
    errors: dict[str, list[str]] = {}
    data: dict[str, Any] = {}
    for name, value in values.items():
        if value is None and name in NOT_NULL:
            errors[name] = [f"{name} cannot be null."]
        else:
            data[name] = value
    if data.get("title") == "":
        errors["title"] = ["Give the partnership a title."]
    if "countries" in data:
        data["countries"] = [c.strip().upper() for c in data["countries"]]
    if "sdg_targets" in data:
        data["sdg_targets"] = [t.strip() for t in data["sdg_targets"]]
    for name, model, label in CODES:
        if name in data:
            try:
                data[name] = _terms(model, list(dict.fromkeys(data[name])), name, label)
            except ValidationError as error:
                errors.update(error.message_dict)
    if "participating_entities" in data:
        try:
            data["participating_entities"] = _entities(data["participating_entities"])
        except ValidationError as error:
            errors.update(error.message_dict)
    if data.get("partnership_type") is not None:
        slug = data["partnership_type"].strip()
        data["partnership_type"] = PartnershipType.objects.filter(pk=slug).first()
        if data["partnership_type"] is None:
            errors["partnership_type"] = [f"Unknown partnership type: {slug}."]
    if errors:
        raise ValidationError(errors)
    return data


@router.patch(
    "/{partnership_id}",
    response=PartnershipOut,
    summary="Change a draft or proposal (focal points of the lead entity)",
    description="Only the fields in the body change; lists replace the current ones. Unknown "
    "codes are refused (400) and named. In review, agreement, active or closing, a body with "
    "only starts_on and/or ends_on changes the dates; they may not leave out a period covered "
    "by an accepted progress report (400).",
)
def partnership_update(
    request: HttpRequest, partnership_id: int, payload: PartnershipChangeIn
) -> PartnershipOut:
    user = _user(request)
    partnership = visible_partnership(user, partnership_id)
    data = _change_data(payload.dict(exclude_unset=True))
    if (
        partnership.status in workflows.DATES_EDITABLE_STATES
        and data
        and set(data) <= services.DATE_FIELDS
    ):
        # Past the proposal only the dates may change, with their own rules.
        services.partnership_dates_change(
            partnership=partnership,
            actor=user,
            starts_on=data.get("starts_on", partnership.starts_on),
            ends_on=data.get("ends_on", partnership.ends_on),
        )
    else:
        services.partnership_update(partnership=partnership, actor=user, data=data)
    return _out(user, partnership.pk)


@router.post(
    "/{partnership_id}/partners",
    response={201: PartnerOut},
    summary="Add a partner organisation to a draft or proposal",
)
def partner_add(
    request: HttpRequest, partnership_id: int, payload: PartnerIn
) -> Status[PartnerOut]:
    user = _user(request)
    partnership = visible_partnership(user, partnership_id)
    organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
    if organisation is None:
        raise ValidationError(
            {"organisation_id": f"No organisation has the id {payload.organisation_id}."}
        )
    partner = services.partner_add(
        partnership=partnership, actor=user, organisation=organisation, role=payload.role
    )
    return Status(201, _partner_out(partner))


@router.delete(
    "/{partnership_id}/partners/{partner_id}",
    response={204: None},
    summary="Remove a partner (and its contributions) from a draft or proposal",
)
def partner_remove(request: HttpRequest, partnership_id: int, partner_id: int) -> Status[None]:
    user = _user(request)
    partnership = visible_partnership(user, partnership_id)
    partner = (
        partnership.partners.select_related("organisation").filter(pk=partner_id).first()
        if partner_id <= MAX_ID
        else None
    )
    if partner is None:
        raise Http404(f"Partnership {partnership_id} has no partner with the id {partner_id}.")
    services.partner_remove(partner=partner, actor=user)
    return Status(204, None)


@router.post(
    "/{partnership_id}/contributions",
    response={201: ContributionOut},
    summary="Add what a partner or a UN entity brings to a draft or proposal",
    description="Give either partner_id (a partner of this partnership) or entity (the lead "
    "or a participating UN entity).",
)
def contribution_add(
    request: HttpRequest, partnership_id: int, payload: ContributionIn
) -> Status[ContributionOut]:
    user = _user(request)
    partnership = visible_partnership(user, partnership_id)
    data: dict[str, Any] = payload.dict(include={"kind", "amount", "currency", "description"})
    if payload.partner_id is not None:
        data["partner"] = partnership.partners.filter(pk=payload.partner_id).first()
        if data["partner"] is None:
            raise ValidationError(
                {"partner_id": f"This partnership has no partner with the id {payload.partner_id}."}
            )
    if payload.entity:
        data["entity"] = UNEntity.objects.filter(acronym__iexact=payload.entity.strip()).first()
        if data["entity"] is None:
            raise ValidationError({"entity": f"Unknown UN entity acronym: {payload.entity}."})
    contribution = services.contribution_add(partnership=partnership, actor=user, data=data)
    return Status(201, _contribution_out(contribution))


@router.delete(
    "/{partnership_id}/contributions/{contribution_id}",
    response={204: None},
    summary="Remove a contribution from a draft or proposal",
)
def contribution_remove(
    request: HttpRequest, partnership_id: int, contribution_id: int
) -> Status[None]:
    user = _user(request)
    partnership = visible_partnership(user, partnership_id)
    contribution = (
        selectors.contributions_of(partnership).filter(pk=contribution_id).first()
        if contribution_id <= MAX_ID
        else None
    )
    if contribution is None:
        raise Http404(
            f"Partnership {partnership_id} has no contribution with the id {contribution_id}."
        )
    services.contribution_remove(contribution=contribution, actor=user)
    return Status(204, None)
