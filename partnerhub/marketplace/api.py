"""Marketplace API: needs, offers, interest between them, entity inboxes, routing, SDG
suggestions and saved searches.

Who may do what:
- Reads of needs and the SDG suggester are public; without a token you see public, published
  needs only. With a token you see what the web pages show you (UN-only needs for UN staff,
  drafts of your own entity).
- Offers are seen by the offering company and by UN staff once submitted, never by other
  companies. Everything about offers, interest, inboxes and saved searches needs a token.
- Routing suggestions are for UN staff and company representatives; response-time figures for
  the system coordinators and administrators.

A listing you may not see answers 404, as if it did not exist; one you may see but not change
answers 403.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import StringConstraints, field_validator

from partnerhub.accounts.auth import token_auth
from partnerhub.accounts.predicates import (
    entity_ids_for,
    is_administrator,
    is_system_coordinator,
    is_un_staff,
    organisation_ids_for,
)
from partnerhub.entities.models import UNEntity
from partnerhub.marketplace import engine, selectors, services
from partnerhub.marketplace.filters import SAVED_QUERY_KEYS, NeedFilter, OfferFilter
from partnerhub.marketplace.models import (
    Interest,
    Need,
    Offer,
    OfferRoute,
    SavedSearch,
    Visibility,
)
from partnerhub.marketplace.tagging import suggest_sdgs
from partnerhub.organisations.models import Organisation
from partnerhub.vocabularies.models import (
    Country,
    Region,
    ResourceType,
    SDGGoal,
    SDGTarget,
    Theme,
)


def _anonymous(request: HttpRequest) -> AnonymousUser | None:
    """Public reads: a request without a token is anonymous (a browser session does not
    count, so an answer depends only on the token sent). A token that does not authenticate
    is refused rather than treated as none."""
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    request.user = AnonymousUser()
    return request.user


optional_auth = [token_auth, _anonymous]
router = Router(tags=["marketplace"], auth=token_auth)

MAX_ID = 2**63 - 1
# Deeper pages than this are refused: no client needs them, and offsets beyond the database's
# integer range would fail inside the query.
MAX_PAGE = 100_000
MAX_TEXT = 20_000
MAX_NOTE = services.MAX_NOTE
MAX_MATCHES = 50
MAX_ROUTES = 10

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Description = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)
]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_NOTE)]
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _check_id(pk: int, what: str) -> None:
    if not 1 <= pk <= MAX_ID:
        raise Http404(f"No {what} has the id {pk}.")


def _is_manager(user: Any) -> bool:
    return bool(is_administrator(user) or is_system_coordinator(user))


def _entity_by_acronym(acronym: str, field: str) -> UNEntity:
    entity = UNEntity.objects.filter(acronym__iexact=acronym.strip()).first()
    if entity is None:
        raise ValidationError({field: f"No UN entity has the acronym {acronym!r}."})
    return entity


# --- Schemas ------------------------------------------------------------------------------------


class ComponentOut(Schema):
    name: str
    value: float
    weight: float
    contribution: float
    reason: str


class TargetSuggestionOut(Schema):
    code: str
    score: float
    evidence: list[str]


class SdgSuggestionOut(Schema):
    goal: int
    score: float
    evidence: list[str] = Field(description="Words and phrases of the text that point to the goal")
    targets: list[TargetSuggestionOut]


class ListingOut(Schema):
    id: int
    title: str
    description: str
    status: str
    resource_types: list[str] = Field(description="Resource type slugs")
    sdgs: list[int] = Field(description="SDG numbers")
    sdg_targets: list[str] = Field(description="SDG target codes, e.g. 2.1")
    countries: list[str] = Field(description="ISO 3166-1 alpha-2 codes")
    regions: list[str] = Field(description="UN M49 region codes")
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    sdg_suggestions: list[SdgSuggestionOut] = Field(
        description="What the SDG tagger suggested for the text at the last save"
    )
    published_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    url: str = Field(description="The listing's page on this site")


class NeedOut(ListingOut):
    entity: str = Field(description="Acronym of the UN entity")
    entity_name: str
    visibility: str = Field(description="public or un_only")
    estimated_value_usd: float | None
    contact_name: str
    contact_email: str


class OfferOut(ListingOut):
    organisation_id: int
    organisation: str
    themes: list[str] = Field(description="Theme slugs")
    cash_value_usd: float | None
    in_kind_value_usd: float | None
    pro_bono_hours: int | None
    value_usd: float | None = Field(
        description="Cash + in-kind + pro bono hours at the standard hourly rate"
    )
    conditions: str


class RouteOut(Schema):
    id: int
    entity: str = Field(description="Acronym of the entity the offer went to")
    entity_name: str
    origin: str = Field(description="routed (by mandate fit) or forwarded (by another entity)")
    rank: int | None
    score: float | None
    reasons: list[str] = Field(description="Why the offer went to this entity")
    components: list[ComponentOut]
    status: str = Field(
        description="received, acknowledged, in_discussion, declined, forwarded or closed"
    )
    received_at: datetime.datetime
    acknowledge_due_at: datetime.datetime
    acknowledged_at: datetime.datetime | None
    responded_at: datetime.datetime | None
    decision_note: str = Field(description="The entity's reason for declining, or its note")
    forwarded_from: str | None = Field(description="Acronym of the entity that forwarded it")
    forwarded_to: list[str] = Field(description="Acronyms of the entities it was forwarded to")
    overdue: bool = Field(description="Not acknowledged by the due date")


class OfferDetailOut(OfferOut):
    routes: list[RouteOut] = Field(description="Where the offer went and what became of it")


class OfferBriefOut(Schema):
    id: int
    title: str
    status: str
    organisation_id: int
    organisation: str
    url: str


class NeedBriefOut(Schema):
    id: int
    title: str
    status: str
    entity: str
    visibility: str
    url: str


class InboxRouteOut(RouteOut):
    offer: OfferBriefOut


class OfferMatchOut(Schema):
    offer: OfferBriefOut
    score: float
    components: list[ComponentOut]


class NeedMatchOut(Schema):
    need: NeedBriefOut
    score: float
    components: list[ComponentOut]


class InterestOut(Schema):
    id: int
    direction: str = Field(description="company_to_need or entity_to_offer")
    need_id: int | None
    offer_id: int | None
    listing_title: str
    organisation_id: int
    organisation: str
    entity: str
    proposed_offer_id: int | None
    message: str
    status: str = Field(description="open, accepted, declined or withdrawn")
    response: str
    created_at: datetime.datetime
    responded_at: datetime.datetime | None


class NeedPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[NeedOut]


class OfferPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[OfferOut]


class InboxPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[InboxRouteOut]


class PageParameters(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(
        settings.PAGE_SIZE,
        ge=1,
        description=f"Rows per page; larger values are capped at {settings.API_PAGE_SIZE_MAX}",
    )


INBOX_STATUSES = ("open", *OfferRoute.Status.values)


class InboxParameters(PageParameters):
    status: str = Field("", description=f"One of {', '.join(INBOX_STATUSES)}; default all")


class MatchParameters(Schema):
    limit: int = Field(10, ge=1, le=MAX_MATCHES)


class ListingParameters(PageParameters):
    q: str = Field("", description="Words of the title or description (all must appear)")
    resource_type: str = Field("", description="Resource type slug, e.g. logistics")
    sdg: str = Field("", description="SDG number, 1 to 17")
    country: str = Field("", description="ISO 3166-1 alpha-2 code, e.g. KE")
    region: str = Field("", description="UN M49 region code, e.g. 014")
    entity: str = Field("", description="UN entity acronym")
    status: str = Field("", description="Status; by default the open ones")


class NeedListParameters(ListingParameters):
    entity: str = Field("", description="Acronym of the UN entity that posted the need")
    status: str = Field(
        "",
        description="draft, open, in_discussion, filled, closed or withdrawn; "
        "default open and in_discussion",
    )


class OfferListParameters(ListingParameters):
    entity: str = Field("", description="Acronym of a UN entity the offer was routed to")
    status: str = Field(
        "",
        description="draft, submitted, in_discussion, closed or withdrawn; "
        "default submitted and in_discussion",
    )


def _validate_email(value: str | None) -> str | None:
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValueError("Enter a valid e-mail address.") from None
    return value


class ListingFieldsIn(Schema):
    resource_types: list[str] | None = Field(None, description="Resource type slugs")
    sdgs: list[int] | None = Field(None, description="SDG numbers, 1 to 17")
    sdg_targets: list[str] | None = Field(
        None, description="SDG target codes (e.g. 2.1); each must belong to a goal in sdgs"
    )
    countries: list[str] | None = Field(None, description="ISO 3166-1 alpha-2 codes")
    regions: list[str] | None = Field(None, description="UN M49 region codes, e.g. 014")
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None


class NeedChangeIn(ListingFieldsIn):
    title: Title | None = None
    description: Description | None = None
    estimated_value_usd: Money | None = None
    contact_name: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None
    ) = None
    contact_email: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=254)] | None
    ) = None
    visibility: Literal["public", "un_only"] | None = None

    _email = field_validator("contact_email")(_validate_email)


class NeedIn(NeedChangeIn):
    entity: str = Field(description="Acronym of your UN entity, e.g. WFP")
    title: Title
    description: Description
    visibility: Literal["public", "un_only"] = "public"
    publish: bool = Field(False, description="Open the need at once instead of saving a draft")


class OfferChangeIn(ListingFieldsIn):
    title: Title | None = None
    description: Description | None = None
    themes: list[str] | None = Field(None, description="Theme slugs")
    cash_value_usd: Money | None = None
    in_kind_value_usd: Money | None = None
    pro_bono_hours: Annotated[int, Field(ge=0, le=2_147_483_647)] | None = None
    conditions: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_TEXT)] | None
    ) = None


class OfferIn(OfferChangeIn):
    organisation_id: Id = Field(description="The company you represent")
    title: Title
    description: Description
    submit: bool = Field(
        False, description="Submit at once: the offer is routed to the best-fitting entities"
    )


class TransitionIn(Schema):
    to: str
    note: Note = ""


class NeedTransitionIn(TransitionIn):
    to: str = Field(description="open, in_discussion, filled, closed or withdrawn")


class OfferTransitionIn(TransitionIn):
    to: str = Field(description="submitted, closed or withdrawn")


class NeedInterestIn(Schema):
    organisation_id: Id = Field(description="The company you represent")
    message: Annotated[str, StringConstraints(max_length=MAX_NOTE)]
    proposed_offer_id: Id | None = Field(None, description="One of your company's offers")


class OfferInterestIn(Schema):
    entity: str = Field(description="Acronym of the entity you are focal point of")
    message: Annotated[str, StringConstraints(max_length=MAX_NOTE)]


class AnswerIn(Schema):
    accept: bool
    response: Annotated[str, StringConstraints(max_length=MAX_NOTE)] = Field(
        "", description="Required when declining"
    )


class RespondIn(Schema):
    to: Literal["acknowledged", "in_discussion", "declined", "forwarded"]
    note: Annotated[str, StringConstraints(max_length=MAX_NOTE)] = Field(
        "", description="Required when declining (the company sees it)"
    )
    forward_to: str | None = Field(None, description="Acronym of the entity to forward to")


class RoutingSuggestIn(Schema):
    text: str = Field(description=f"What is offered, up to {MAX_TEXT:,} characters")
    sdgs: list[int] = Field(default_factory=list, description="SDG numbers, 1 to 17")
    countries: list[str] = Field(default_factory=list, description="ISO 3166-1 alpha-2 codes")
    limit: int = Field(3, ge=1, le=MAX_ROUTES)


class RouteChoiceOut(Schema):
    entity: str
    entity_name: str
    score: float
    reasons: list[str]
    components: list[ComponentOut]


class ResponseTimesOut(Schema):
    entity: str
    entity_name: str
    received: int
    acknowledged: int
    acknowledged_in_time: int
    share_in_time: float | None
    waiting: int
    overdue: int
    median_working_days_to_acknowledge: float | None
    accepted: int
    declined: int
    forwarded: int


class TextIn(Schema):
    text: str = Field(description=f"Up to {MAX_TEXT:,} characters")


class SavedSearchIn(Schema):
    kind: Literal["needs", "offers"]
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    query: dict[str, str | int] = Field(
        default_factory=dict,
        description="The list endpoint's filters: q, resource_type, sdg, country, region, "
        "entity (acronym), status",
    )
    alerts: bool = Field(True, description="E-mail me each newly published match")


class SavedSearchOut(Schema):
    id: int
    kind: str
    name: str
    query: dict[str, str]
    alerts: bool
    created_at: datetime.datetime
    last_alerted_at: datetime.datetime | None


# --- Conversions --------------------------------------------------------------------------------


def _components(components: list[dict[str, Any]]) -> list[ComponentOut]:
    return [ComponentOut(**c) for c in components]


def _money(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _listing_fields(listing: Need | Offer) -> dict[str, Any]:
    return {
        "id": listing.pk,
        "title": listing.title,
        "description": listing.description,
        "status": listing.status,
        "resource_types": sorted(t.pk for t in listing.resource_types.all()),
        "sdgs": sorted(g.pk for g in listing.sdgs.all()),
        "sdg_targets": sorted(t.pk for t in listing.sdg_targets.all()),
        "countries": sorted(c.pk for c in listing.countries.all()),
        "regions": sorted(r.pk for r in listing.regions.all()),
        "starts_on": listing.starts_on,
        "ends_on": listing.ends_on,
        "sdg_suggestions": listing.sdg_suggestions or [],
        "published_at": listing.published_at,
        "created_at": listing.created_at,
        "updated_at": listing.updated_at,
        "url": listing.get_absolute_url(),
    }


LISTING_PREFETCH = ("resource_types", "sdgs", "sdg_targets", "countries", "regions")


def _need_out(need: Need) -> NeedOut:
    return NeedOut(
        **_listing_fields(need),
        entity=need.entity.acronym,
        entity_name=need.entity.name,
        visibility=need.visibility,
        estimated_value_usd=_money(need.estimated_value_usd),
        contact_name=need.contact_name,
        contact_email=need.contact_email,
    )


def _offer_fields(offer: Offer) -> dict[str, Any]:
    value = offer.value_usd
    return {
        **_listing_fields(offer),
        "organisation_id": offer.organisation_id,
        "organisation": offer.organisation.legal_name,
        "themes": sorted(t.pk for t in offer.themes.all()),
        "cash_value_usd": _money(offer.cash_value_usd),
        "in_kind_value_usd": _money(offer.in_kind_value_usd),
        "pro_bono_hours": offer.pro_bono_hours,
        "value_usd": _money(value),
        "conditions": offer.conditions,
    }


def _route_fields(route: OfferRoute) -> dict[str, Any]:
    now = timezone.now()
    return {
        "id": route.pk,
        "entity": route.entity.acronym,
        "entity_name": route.entity.name,
        "origin": route.origin,
        "rank": route.rank,
        "score": route.score,
        "reasons": [str(r) for r in route.reasons or []],
        "components": route.components or [],
        "status": route.status,
        "received_at": route.received_at,
        "acknowledge_due_at": route.acknowledge_due_at,
        "acknowledged_at": route.acknowledged_at,
        "responded_at": route.responded_at,
        "decision_note": route.decision_note,
        "forwarded_from": (
            route.forwarded_from.entity.acronym if route.forwarded_from is not None else None
        ),
        "forwarded_to": sorted(f.entity.acronym for f in route.forwards.all()),
        "overdue": route.acknowledged_at is None
        and route.status == OfferRoute.Status.RECEIVED
        and route.acknowledge_due_at < now,
    }


def _offer_brief(offer: Offer) -> OfferBriefOut:
    return OfferBriefOut(
        id=offer.pk,
        title=offer.title,
        status=offer.status,
        organisation_id=offer.organisation_id,
        organisation=offer.organisation.legal_name,
        url=offer.get_absolute_url(),
    )


def _need_brief(need: Need) -> NeedBriefOut:
    return NeedBriefOut(
        id=need.pk,
        title=need.title,
        status=need.status,
        entity=need.entity.acronym,
        visibility=need.visibility,
        url=need.get_absolute_url(),
    )


def _interest_out(interest: Interest) -> InterestOut:
    return InterestOut(
        id=interest.pk,
        direction=interest.direction,
        need_id=interest.need_id,
        offer_id=interest.offer_id,
        listing_title=interest.listing.title,
        organisation_id=interest.organisation_id,
        organisation=interest.organisation.legal_name,
        entity=interest.entity.acronym,
        proposed_offer_id=interest.proposed_offer_id,
        message=interest.message,
        status=interest.status,
        response=interest.response,
        created_at=interest.created_at,
        responded_at=interest.responded_at,
    )


INTEREST_RELATED = ("need", "offer", "organisation", "entity")


def _routes(queryset: QuerySet[OfferRoute]) -> QuerySet[OfferRoute]:
    return queryset.select_related("entity", "forwarded_from__entity").prefetch_related(
        "forwards__entity"
    )


# --- Reading input ------------------------------------------------------------------------------

VOCABULARIES: tuple[tuple[str, type[Model], str], ...] = (
    ("resource_types", ResourceType, "resource types"),
    ("sdgs", SDGGoal, "SDG numbers"),
    ("sdg_targets", SDGTarget, "SDG target codes"),
    ("countries", Country, "country codes"),
    ("regions", Region, "region codes"),
    ("themes", Theme, "themes"),
)
NOT_NULL = {
    "title",
    "description",
    "visibility",
    "contact_name",
    "contact_email",
    "conditions",
    *(name for name, _model, _label in VOCABULARIES),
}


def _terms(model: type[Model], codes: list[Any], field: str, label: str) -> list[Model]:
    if field == "countries":
        codes = [str(c).strip().upper() for c in codes]
    elif field != "sdgs":
        codes = [str(c).strip() for c in codes]
    codes = list(dict.fromkeys(codes))
    found = model._default_manager.in_bulk(codes)
    unknown = [str(c) for c in codes if c not in found]
    if unknown:
        raise ValidationError({field: f"Unknown {label}: {', '.join(unknown)}."})
    return [found[c] for c in codes]


def _listing_data(values: dict[str, Any], current: Need | Offer | None = None) -> dict[str, Any]:
    """Validated data for the services: vocabulary codes become terms (every unknown code is
    named), and a partial change carries what the services' cross-field checks need."""
    errors: dict[str, list[str]] = {}
    data: dict[str, Any] = {}
    for name, value in values.items():
        if value is None and name in NOT_NULL:
            errors[name] = [f"{name} cannot be null."]
        else:
            data[name] = value
    for name, model, label in VOCABULARIES:
        if name in data:
            try:
                data[name] = _terms(model, data[name], name, label)
            except ValidationError as error:
                errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if current is not None:
        # A change of targets is checked against the goals, and a change of one date against
        # the other; take the listing's own where the request leaves them out.
        if "sdg_targets" in data and "sdgs" not in data:
            data["sdgs"] = list(current.sdgs.all())
        if "sdgs" in data and "sdg_targets" not in data:
            data["sdg_targets"] = list(current.sdg_targets.all())
        if "starts_on" in data and "ends_on" not in data:
            data["ends_on"] = current.ends_on
        if "ends_on" in data and "starts_on" not in data:
            data["starts_on"] = current.starts_on
    return data


def _filter_data(params: ListingParameters) -> tuple[dict[str, str], UNEntity | None]:
    data = {
        name: str(getattr(params, name))
        for name in ("q", "resource_type", "sdg", "country", "region", "status")
    }
    entity = _entity_by_acronym(params.entity, "entity") if params.entity else None
    if data["country"]:
        data["country"] = data["country"].strip().upper()
    return data, entity


def _filtered(
    filter_class: type[NeedFilter] | type[OfferFilter],
    data: dict[str, str],
    queryset: QuerySet[Any],
) -> QuerySet[Any]:
    filterset = filter_class(data, queryset=queryset)
    if not filterset.is_valid():
        raise ValidationError(
            {
                name: [f"{name}: {message}" for message in messages]
                for name, messages in filterset.errors.items()
            }
        )
    return filterset.qs


def _page(queryset: QuerySet[Any], params: PageParameters) -> tuple[int, int, list[Any]]:
    page_size = min(params.page_size, settings.API_PAGE_SIZE_MAX)
    start = (params.page - 1) * page_size
    return queryset.count(), page_size, list(queryset[start : start + page_size])


def _check_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Give the text to analyse."})
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {"text": f"The text is {len(text):,} characters long; the limit is {MAX_TEXT:,}."}
        )
    return text


# --- Finding what the caller may see ------------------------------------------------------------


def _visible_need(user: Any, need_id: int, *, related: bool = False) -> Need:
    _check_id(need_id, "need")
    needs = selectors.needs_visible_to(user)
    if related:
        needs = needs.prefetch_related(*LISTING_PREFETCH)
    need = needs.filter(pk=need_id).first()
    if need is None:
        raise Http404(f"No need with the id {need_id} is visible to you.")
    return need


def _visible_offer(user: Any, offer_id: int, *, related: bool = False) -> Offer:
    _check_id(offer_id, "offer")
    offers = selectors.offers_visible_to(user)
    if related:
        offers = offers.prefetch_related(*LISTING_PREFETCH, "themes")
    offer = offers.filter(pk=offer_id).first()
    if offer is None:
        raise Http404(f"No offer with the id {offer_id} is visible to you.")
    return offer


def _visible_interest(user: Any, interest_id: int) -> Interest:
    _check_id(interest_id, "expression of interest")
    interest = Interest.objects.select_related(*INTEREST_RELATED).filter(pk=interest_id).first()
    if interest is None or not user.has_perm("marketplace.view_interest", interest):
        raise Http404(f"No expression of interest with the id {interest_id} is visible to you.")
    return interest


def _visible_route(user: Any, route_id: int) -> OfferRoute:
    _check_id(route_id, "route")
    route = (
        _routes(OfferRoute.objects.all())
        .select_related("offer__organisation")
        .filter(pk=route_id)
        .first()
    )
    if route is None or not (
        user.has_perm("marketplace.view_route", route)
        or route.offer.organisation_id in organisation_ids_for(user)
    ):
        raise Http404(f"No route with the id {route_id} is visible to you.")
    return route


# --- Needs --------------------------------------------------------------------------------------


@router.get(
    "/needs",
    auth=optional_auth,
    response=NeedPage,
    summary="Search needs",
    description="Public, published needs for everyone; with a token, also what your roles let "
    "you see (UN-only needs for UN staff, your entity's drafts).",
)
def need_list(request: HttpRequest, params: Query[NeedListParameters]) -> NeedPage:
    data, entity = _filter_data(params)
    needs = selectors.needs_visible_to(_user(request))
    if entity is not None:
        needs = needs.filter(entity=entity)
    queryset = _filtered(NeedFilter, data, needs).prefetch_related(*LISTING_PREFETCH)
    count, page_size, rows = _page(queryset, params)
    return NeedPage(
        count=count, page=params.page, page_size=page_size, results=[_need_out(n) for n in rows]
    )


@router.get("/needs/{need_id}", auth=optional_auth, response=NeedOut, summary="One need")
def need_detail(request: HttpRequest, need_id: int) -> NeedOut:
    return _need_out(_visible_need(_user(request), need_id, related=True))


@router.post(
    "/needs",
    response={201: NeedOut},
    summary="Post a need (focal points, for their own entity)",
    description="Saved as a draft unless publish=true. Unknown vocabulary codes are refused "
    "(400) and named.",
)
def need_create(request: HttpRequest, payload: NeedIn) -> Status[NeedOut]:
    values = payload.dict(exclude_unset=True)
    entity = _entity_by_acronym(values.pop("entity"), "entity")
    publish = values.pop("publish", False)
    values.setdefault("visibility", Visibility.PUBLIC)
    need = services.need_create(
        entity=entity, actor=_user(request), data=_listing_data(values), publish=publish
    )
    return Status(201, _need_out(selectors.need_with_related(need.pk)))


@router.patch(
    "/needs/{need_id}",
    response=NeedOut,
    summary="Change a need (focal points of its entity)",
    description="Only the fields sent change.",
)
def need_update(request: HttpRequest, need_id: int, payload: NeedChangeIn) -> NeedOut:
    user = _user(request)
    need = _visible_need(user, need_id)
    data = _listing_data(payload.dict(exclude_unset=True), current=need)
    services.need_update(need=need, actor=user, data=data)
    return _need_out(selectors.need_with_related(need.pk))


@router.post(
    "/needs/{need_id}/transition",
    response=NeedOut,
    summary="Publish, fill, close or withdraw a need (focal points of its entity)",
)
def need_transition(request: HttpRequest, need_id: int, payload: NeedTransitionIn) -> NeedOut:
    user = _user(request)
    need = _visible_need(user, need_id)
    services.need_transition(need=need, to=payload.to, actor=user, note=payload.note)
    return _need_out(selectors.need_with_related(need.pk))


@router.get(
    "/needs/{need_id}/matches",
    response=list[OfferMatchOut],
    summary="Offers that fit a need, best first (staff of its entity, coordinators)",
)
def need_matches(
    request: HttpRequest, need_id: int, params: Query[MatchParameters]
) -> list[OfferMatchOut]:
    user = _user(request)
    need = _visible_need(user, need_id)
    if need.entity_id not in entity_ids_for(user) and not _is_manager(user):
        raise PermissionDenied("Matching offers are shown to the staff of the need's entity.")
    return [
        OfferMatchOut(
            offer=_offer_brief(r.object), score=r.score, components=_components(r.components)
        )
        for r in engine.matching_offers(need, limit=params.limit)
    ]


@router.get(
    "/needs/{need_id}/interests",
    response=list[InterestOut],
    summary="Companies' expressions of interest in a need (staff of its entity)",
)
def need_interests(request: HttpRequest, need_id: int) -> list[InterestOut]:
    user = _user(request)
    need = _visible_need(user, need_id)
    if not user.has_perm("marketplace.see_need_interests", need):
        raise PermissionDenied("Expressions of interest are shown to the need's entity.")
    return [
        _interest_out(i)
        for i in selectors.interests_for_need(need).select_related(*INTEREST_RELATED)
    ]


@router.post(
    "/needs/{need_id}/interests",
    response={201: InterestOut},
    summary="Tell the entity your company can help (company representatives)",
)
def need_interest_create(
    request: HttpRequest, need_id: int, payload: NeedInterestIn
) -> Status[InterestOut]:
    user = _user(request)
    need = _visible_need(user, need_id)
    organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
    if organisation is None:
        raise ValidationError(
            {"organisation_id": f"No organisation has the id {payload.organisation_id}."}
        )
    proposed = None
    if payload.proposed_offer_id is not None:
        proposed = selectors.offers_visible_to(user).filter(pk=payload.proposed_offer_id).first()
        if proposed is None:
            raise ValidationError(
                {"proposed_offer_id": f"You have no offer with the id {payload.proposed_offer_id}."}
            )
    interest = services.interest_in_need(
        need=need,
        organisation=organisation,
        actor=user,
        message=payload.message,
        proposed_offer=proposed,
    )
    return Status(
        201, _interest_out(Interest.objects.select_related(*INTEREST_RELATED).get(pk=interest.pk))
    )


# --- Offers -------------------------------------------------------------------------------------


@router.get(
    "/offers",
    response=OfferPage,
    summary="Search offers (your company's, or all submitted ones for UN staff)",
)
def offer_list(request: HttpRequest, params: Query[OfferListParameters]) -> OfferPage:
    data, entity = _filter_data(params)
    offers = selectors.offers_visible_to(_user(request))
    if entity is not None:
        # An offer reaches an entity once at most, so this join repeats no offer.
        offers = offers.filter(routes__entity=entity)
    queryset = _filtered(OfferFilter, data, offers).prefetch_related(*LISTING_PREFETCH, "themes")
    count, page_size, rows = _page(queryset, params)
    return OfferPage(
        count=count,
        page=params.page,
        page_size=page_size,
        results=[OfferOut(**_offer_fields(o)) for o in rows],
    )


def _offer_detail(user: Any, offer_id: int) -> OfferDetailOut:
    offer = _visible_offer(user, offer_id, related=True)
    routes = _routes(selectors.routes_of_offer(offer))
    return OfferDetailOut(
        **_offer_fields(offer), routes=[RouteOut(**_route_fields(r)) for r in routes]
    )


@router.get(
    "/offers/{offer_id}",
    response=OfferDetailOut,
    summary="One offer, with where it went and what each entity did",
)
def offer_detail(request: HttpRequest, offer_id: int) -> OfferDetailOut:
    return _offer_detail(_user(request), offer_id)


@router.post(
    "/offers",
    response={201: OfferDetailOut},
    summary="Make an offer (company representatives)",
    description="Saved as a draft unless submit=true; a submitted offer is routed at once to the "
    "entities whose mandates fit best. Unknown vocabulary codes are refused (400) and named.",
)
def offer_create(request: HttpRequest, payload: OfferIn) -> Status[OfferDetailOut]:
    user = _user(request)
    values = payload.dict(exclude_unset=True)
    organisation_id = values.pop("organisation_id")
    submit = values.pop("submit", False)
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise ValidationError({"organisation_id": f"No organisation has the id {organisation_id}."})
    offer = services.offer_create(
        organisation=organisation, actor=user, data=_listing_data(values), submit=submit
    )
    return Status(201, _offer_detail(user, offer.pk))


@router.patch(
    "/offers/{offer_id}",
    response=OfferDetailOut,
    summary="Change an offer (its company's representatives)",
    description="Only the fields sent change; the entities it was routed to are told.",
)
def offer_update(request: HttpRequest, offer_id: int, payload: OfferChangeIn) -> OfferDetailOut:
    user = _user(request)
    offer = _visible_offer(user, offer_id)
    data = _listing_data(payload.dict(exclude_unset=True), current=offer)
    services.offer_update(offer=offer, actor=user, data=data)
    return _offer_detail(user, offer.pk)


OFFER_OWNER_MOVES = {Offer.Status.SUBMITTED, Offer.Status.CLOSED, Offer.Status.WITHDRAWN}


@router.post(
    "/offers/{offer_id}/transition",
    response=OfferDetailOut,
    summary="Submit, close or withdraw an offer (its company's representatives)",
)
def offer_transition(
    request: HttpRequest, offer_id: int, payload: OfferTransitionIn
) -> OfferDetailOut:
    user = _user(request)
    offer = _visible_offer(user, offer_id)
    if payload.to not in OFFER_OWNER_MOVES:
        raise ValidationError({"to": "Choose submitted, closed or withdrawn."})
    services.offer_transition(offer=offer, to=payload.to, actor=user, note=payload.note)
    return _offer_detail(user, offer.pk)


@router.get(
    "/offers/{offer_id}/matches",
    response=list[NeedMatchOut],
    summary="Needs an offer could serve, best first",
    description="Company representatives see public needs only; UN staff see UN-only ones too.",
)
def offer_matches(
    request: HttpRequest, offer_id: int, params: Query[MatchParameters]
) -> list[NeedMatchOut]:
    user = _user(request)
    offer = _visible_offer(user, offer_id)
    if not user.has_perm("marketplace.view_matches"):
        raise PermissionDenied("Matches are shown to UN staff and company representatives.")
    ranked = engine.matching_needs(offer, limit=params.limit, public_only=not is_un_staff(user))
    return [
        NeedMatchOut(
            need=_need_brief(r.object), score=r.score, components=_components(r.components)
        )
        for r in ranked
    ]


@router.get(
    "/offers/{offer_id}/routes",
    response=list[RouteOut],
    summary="Where an offer went: entity, status, reasons, decline reason, forwards",
)
def offer_routes(request: HttpRequest, offer_id: int) -> list[RouteOut]:
    offer = _visible_offer(_user(request), offer_id)
    return [RouteOut(**_route_fields(r)) for r in _routes(selectors.routes_of_offer(offer))]


@router.get(
    "/offers/{offer_id}/interests",
    response=list[InterestOut],
    summary="Entities' responses to an offer",
    description="The company sees every response; UN staff see their own entities'; "
    "coordinators see all.",
)
def offer_interests(request: HttpRequest, offer_id: int) -> list[InterestOut]:
    user = _user(request)
    offer = _visible_offer(user, offer_id)
    interests = selectors.interests_for_offer(offer).select_related(*INTEREST_RELATED)
    if not _is_manager(user) and offer.organisation_id not in organisation_ids_for(user):
        interests = interests.filter(entity_id__in=entity_ids_for(user))
    return [_interest_out(i) for i in interests]


@router.post(
    "/offers/{offer_id}/interests",
    response={201: InterestOut},
    summary="Tell the company your entity is interested (focal points)",
)
def offer_interest_create(
    request: HttpRequest, offer_id: int, payload: OfferInterestIn
) -> Status[InterestOut]:
    user = _user(request)
    offer = _visible_offer(user, offer_id)
    entity = _entity_by_acronym(payload.entity, "entity")
    interest = services.interest_in_offer(
        offer=offer, entity=entity, actor=user, message=payload.message
    )
    return Status(
        201, _interest_out(Interest.objects.select_related(*INTEREST_RELATED).get(pk=interest.pk))
    )


# --- Interest -----------------------------------------------------------------------------------


@router.post(
    "/interests/{interest_id}/answer",
    response=InterestOut,
    summary="Take an expression of interest forward, or decline it with a reason (other party)",
)
def interest_answer(request: HttpRequest, interest_id: int, payload: AnswerIn) -> InterestOut:
    user = _user(request)
    interest = _visible_interest(user, interest_id)
    services.interest_answer(
        interest=interest, actor=user, accept=payload.accept, response=payload.response
    )
    return _interest_out(_visible_interest(user, interest_id))


@router.post(
    "/interests/{interest_id}/withdraw",
    response=InterestOut,
    summary="Withdraw your expression of interest",
)
def interest_withdraw(request: HttpRequest, interest_id: int) -> InterestOut:
    user = _user(request)
    interest = _visible_interest(user, interest_id)
    services.interest_withdraw(interest=interest, actor=user)
    return _interest_out(_visible_interest(user, interest_id))


# --- Inboxes ------------------------------------------------------------------------------------


@router.get(
    "/inbox/{acronym}",
    response=InboxPage,
    summary="Offers routed to an entity (its staff, coordinators)",
    description="Unacknowledged first, oldest due date first. status=open keeps received, "
    "acknowledged and in-discussion offers.",
)
def inbox(
    request: HttpRequest,
    acronym: str,
    params: Query[InboxParameters],
) -> InboxPage:
    status = params.status
    user = _user(request)
    entity = UNEntity.objects.filter(acronym__iexact=acronym).first()
    if entity is None:
        raise Http404(f"No UN entity has the acronym {acronym!r}.")
    if not user.has_perm("marketplace.view_inbox", entity):
        raise PermissionDenied(f"The inbox of {entity.acronym} is for its staff.")
    if status and status not in INBOX_STATUSES:
        raise ValidationError(
            {"status": f"Unknown status {status!r}; use one of {', '.join(INBOX_STATUSES)}."}
        )
    queryset = _routes(selectors.inbox(entity, status=status))
    count, page_size, rows = _page(queryset, params)
    return InboxPage(
        count=count,
        page=params.page,
        page_size=page_size,
        results=[InboxRouteOut(**_route_fields(r), offer=_offer_brief(r.offer)) for r in rows],
    )


@router.get("/routes/{route_id}", response=InboxRouteOut, summary="One offer in one inbox")
def route_detail(request: HttpRequest, route_id: int) -> InboxRouteOut:
    route = _visible_route(_user(request), route_id)
    return InboxRouteOut(**_route_fields(route), offer=_offer_brief(route.offer))


@router.post(
    "/routes/{route_id}/respond",
    response=InboxRouteOut,
    summary="Acknowledge, accept, decline or forward an offer (focal points of the entity)",
    description="Declining needs a note (the company sees it); forwarding needs forward_to.",
)
def route_respond(request: HttpRequest, route_id: int, payload: RespondIn) -> InboxRouteOut:
    user = _user(request)
    route = _visible_route(user, route_id)
    forward_to = (
        _entity_by_acronym(payload.forward_to, "forward_to") if payload.forward_to else None
    )
    services.route_respond(
        route=route, to=payload.to, actor=user, note=payload.note, forward_to=forward_to
    )
    route = _visible_route(user, route_id)
    return InboxRouteOut(**_route_fields(route), offer=_offer_brief(route.offer))


# --- Routing ------------------------------------------------------------------------------------


@router.post(
    "/routing/suggest",
    response=list[RouteChoiceOut],
    summary="Which UN entities an offer like this would go to, and why",
    description="For UN staff and company representatives: the same routing submitted offers "
    "get, over the entities' mandates, goals, countries and accepted offers.",
)
def routing_suggest(request: HttpRequest, payload: RoutingSuggestIn) -> list[RouteChoiceOut]:
    user = _user(request)
    if not user.has_perm("marketplace.view_matches"):
        raise PermissionDenied("Routing suggestions are for UN staff and company representatives.")
    text = _check_text(payload.text)
    sdgs = [g.pk for g in _terms(SDGGoal, payload.sdgs, "sdgs", "SDG numbers")]
    countries = [c.pk for c in _terms(Country, payload.countries, "countries", "country codes")]
    choices = engine.route_text(text=text, sdgs=sdgs, countries=countries, limit=payload.limit)
    names = dict(
        UNEntity.objects.filter(pk__in=[c.entity_id for c in choices]).values_list("pk", "name")
    )
    return [
        RouteChoiceOut(
            entity=c.acronym,
            entity_name=names.get(c.entity_id, ""),
            score=c.score,
            reasons=list(c.reasons),
            components=_components(c.components),
        )
        for c in choices
    ]


@router.get(
    "/routing/response-times",
    response=list[ResponseTimesOut],
    summary="How fast each entity acknowledges routed offers (coordinators, administrators)",
)
def routing_response_times(request: HttpRequest) -> list[ResponseTimesOut]:
    if not _user(request).has_perm("marketplace.view_routing_overview"):
        raise PermissionDenied("Response times are for the system coordinators.")
    return [
        ResponseTimesOut(
            entity=row.entity.acronym,
            entity_name=row.entity.name,
            received=row.received,
            acknowledged=row.acknowledged,
            acknowledged_in_time=row.acknowledged_in_time,
            share_in_time=row.share_in_time,
            waiting=row.waiting,
            overdue=row.overdue,
            median_working_days_to_acknowledge=row.median_working_days_to_acknowledge,
            accepted=row.accepted,
            declined=row.declined,
            forwarded=row.forwarded,
        )
        for row in selectors.response_times()
    ]


# --- SDG suggestions ----------------------------------------------------------------------------


@router.post(
    "/sdg-suggestions",
    auth=optional_auth,
    response=list[SdgSuggestionOut],
    summary="Suggest SDGs and targets for a text, with the words that point to each",
)
def sdg_suggestions(request: HttpRequest, payload: TextIn) -> list[SdgSuggestionOut]:
    return [SdgSuggestionOut(**s) for s in suggest_sdgs(_check_text(payload.text))]


# --- Saved searches -----------------------------------------------------------------------------


def _stored_query(kind: str, query: dict[str, str | int]) -> dict[str, str]:
    """The API's filters as the saved search keeps them (the web filter's parameters)."""
    unknown = sorted(set(query) - set(SAVED_QUERY_KEYS))
    if unknown:
        raise ValidationError(
            {"query": f"Unknown filters: {', '.join(unknown)}; use {', '.join(SAVED_QUERY_KEYS)}."}
        )
    stored = {name: str(value).strip() for name, value in query.items() if str(value).strip()}
    if "country" in stored:
        stored["country"] = stored["country"].upper()
    entity = stored.pop("entity", "")
    filter_class = NeedFilter if kind == SavedSearch.Kind.NEEDS else OfferFilter
    model: type[Need] | type[Offer] = Need if kind == SavedSearch.Kind.NEEDS else Offer
    _filtered(filter_class, stored, model.objects.none())
    if entity:
        # Checked by existence, not by the filter's choices: alerts for an entity's first
        # need are what a saved search is for.
        stored["entity"] = str(_entity_by_acronym(entity, "entity").pk)
    return stored


def _saved_search_out(search: SavedSearch, acronyms: dict[int, str]) -> SavedSearchOut:
    query = {name: str(value) for name, value in search.query.items()}
    if "entity" in query and query["entity"].isdigit():
        query["entity"] = acronyms.get(int(query["entity"]), query["entity"])
    return SavedSearchOut(
        id=search.pk,
        kind=search.kind,
        name=search.name,
        query=query,
        alerts=search.alerts,
        created_at=search.created_at,
        last_alerted_at=search.last_alerted_at,
    )


def _acronyms(searches: list[SavedSearch]) -> dict[int, str]:
    ids = {int(s.query["entity"]) for s in searches if str(s.query.get("entity", "")).isdigit()}
    if not ids:
        return {}
    return dict(UNEntity.objects.filter(pk__in=ids).values_list("pk", "acronym"))


@router.get("/saved-searches", response=list[SavedSearchOut], summary="Your saved searches")
def saved_search_list(request: HttpRequest) -> list[SavedSearchOut]:
    searches = list(selectors.saved_searches_of(_user(request)))
    acronyms = _acronyms(searches)
    return [_saved_search_out(s, acronyms) for s in searches]


@router.post(
    "/saved-searches",
    response={201: SavedSearchOut},
    summary="Save a search (and be e-mailed new matches)",
    description="Searches over offers are for UN staff and company representatives.",
)
def saved_search_create(request: HttpRequest, payload: SavedSearchIn) -> Status[SavedSearchOut]:
    user = _user(request)
    if payload.kind == SavedSearch.Kind.OFFERS and not user.has_perm("marketplace.view_matches"):
        raise PermissionDenied("Offers are visible to UN staff and the offering company only.")
    search = services.saved_search_create(
        user=user,
        kind=payload.kind,
        name=payload.name,
        query=_stored_query(payload.kind, payload.query),
        alerts=payload.alerts,
    )
    return Status(201, _saved_search_out(search, _acronyms([search])))


@router.delete(
    "/saved-searches/{search_id}", response={204: None}, summary="Delete one of your searches"
)
def saved_search_delete(request: HttpRequest, search_id: int) -> Status[None]:
    user = _user(request)
    _check_id(search_id, "saved search")
    search = selectors.saved_searches_of(user).filter(pk=search_id).first()
    if search is None:
        raise Http404(f"You have no saved search with the id {search_id}.")
    services.saved_search_delete(search=search, actor=user)
    return Status(204, None)
