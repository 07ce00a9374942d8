"""The organisation directory as an API: public reads, token-authenticated registration."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from partnerhub.accounts.auth import token_auth
from partnerhub.organisations import selectors, services
from partnerhub.organisations.filters import OrganisationFilter
from partnerhub.organisations.models import GlobalCompactStatus, Organisation, OrganisationKind

router = Router(tags=["organisations"])

# Deeper pages than this are refused: no client needs them, and offsets beyond the database's
# integer range would fail inside the query.
MAX_PAGE = 100_000
FILTER_PARAMETERS = ("q", "country", "kind", "sector", "gc_status")


class OrganisationOut(Schema):
    id: int
    legal_name: str
    other_names: list[str]
    kind: str
    country: str = Field(description="ISO 3166-1 alpha-2 code")
    country_name: str
    registration_number: str
    website: str
    sector: str = Field(description="ISIC Rev. 4 section letter, or empty")
    size: str
    global_compact_status: str
    global_compact_joined_on: datetime.date | None
    global_compact_status_since: datetime.date | None
    description: str
    url: str = Field(description="The organisation's page on this site")
    created_at: datetime.datetime
    updated_at: datetime.datetime


class OrganisationPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[OrganisationOut]


class ListParameters(Schema):
    q: str = Field("", description="Words of the legal or other names; case and accents ignored")
    country: str = Field("", description="ISO 3166-1 alpha-2 code, e.g. KE")
    kind: str = Field("", description="company, foundation, business_association, ngo, other")
    sector: str = Field("", description="ISIC Rev. 4 section letter, A to U")
    gc_status: str = Field("", description="not_participant, active, non_communicating or delisted")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(
        settings.PAGE_SIZE,
        ge=1,
        description=f"Rows per page; larger values are capped at {settings.API_PAGE_SIZE_MAX}",
    )


class OrganisationIn(Schema):
    legal_name: str
    country: str = Field(description="ISO 3166-1 alpha-2 code, e.g. KE")
    kind: str = OrganisationKind.COMPANY.value
    other_names: list[str] = Field(default_factory=list)
    registration_number: str = ""
    website: str = ""
    sector: str = ""
    size: str = ""
    global_compact_status: str = GlobalCompactStatus.NOT_PARTICIPANT.value
    global_compact_joined_on: datetime.date | None = None
    global_compact_status_since: datetime.date | None = None
    description: str = ""
    confirm_not_duplicate: bool = Field(
        False,
        description="Register even though organisations with similar names exist (after a 409)",
    )


class SimilarOut(Schema):
    id: int
    legal_name: str
    country: str
    matched_name: str
    score: int
    reason: str
    url: str


class DuplicatesOut(Schema):
    detail: str
    duplicates: list[SimilarOut]


def _out(organisation: Organisation) -> OrganisationOut:
    return OrganisationOut(
        id=organisation.pk,
        legal_name=organisation.legal_name,
        other_names=organisation.other_names,
        kind=organisation.kind,
        country=organisation.country_id,
        country_name=organisation.country.name,
        registration_number=organisation.registration_number,
        website=organisation.website,
        sector=organisation.sector,
        size=organisation.size,
        global_compact_status=organisation.global_compact_status,
        global_compact_joined_on=organisation.global_compact_joined_on,
        global_compact_status_since=organisation.global_compact_status_since,
        description=organisation.description,
        url=organisation.get_absolute_url(),
        created_at=organisation.created_at,
        updated_at=organisation.updated_at,
    )


@router.get("", response=OrganisationPage, summary="Search the organisation directory")
def list_organisations(request: HttpRequest, params: Query[ListParameters]) -> OrganisationPage:
    filterset = OrganisationFilter(
        {name: getattr(params, name) for name in FILTER_PARAMETERS},
        queryset=selectors.organisations(),
    )
    if not filterset.is_valid():
        raise ValidationError(
            {
                name: [f"{name}: {message}" for message in messages]
                for name, messages in filterset.errors.items()
            }
        )
    page_size = min(params.page_size, settings.API_PAGE_SIZE_MAX)
    queryset = filterset.qs
    start = (params.page - 1) * page_size
    return OrganisationPage(
        count=queryset.count(),
        page=params.page,
        page_size=page_size,
        results=[_out(o) for o in queryset[start : start + page_size]],
    )


@router.get("/{organisation_id}", response=OrganisationOut, summary="One organisation")
def get_organisation(request: HttpRequest, organisation_id: int) -> OrganisationOut:
    organisation = selectors.organisations().filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404(f"No organisation has the id {organisation_id}.")
    return _out(organisation)


@router.post(
    "",
    auth=token_auth,
    response={201: OrganisationOut, 409: DuplicatesOut},
    summary="Register an organisation",
    description=(
        "Answers 409 with the similar organisations when names like this one are already "
        "registered; send the request again with confirm_not_duplicate=true if yours is a "
        "different organisation. A registration number already used in the same country is "
        "refused (400). Unless you are UN staff, you become the organisation's representative."
    ),
)
def register_organisation(request: HttpRequest, payload: OrganisationIn) -> Status[Any]:
    values = payload.dict()
    confirm = values.pop("confirm_not_duplicate")
    try:
        organisation = services.organisation_register(
            actor=request.auth,  # type: ignore[attr-defined]
            confirm_not_duplicate=confirm,
            **values,
        )
    except services.DuplicateOrganisationWarning as warning:
        return Status(
            409,
            DuplicatesOut(
                detail=warning.messages[0],
                duplicates=[SimilarOut(**match.as_dict()) for match in warning.matches],
            ),
        )
    return Status(201, _out(organisation))
