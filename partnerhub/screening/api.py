"""Screening API: request screenings, read results and decisions, review hits. UN staff only,
with a personal token (Authorization: Bearer <token>)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja import Query as QueryParam

from partnerhub.accounts.auth import token_auth
from partnerhub.entities.models import UNEntity
from partnerhub.organisations.models import Organisation
from partnerhub.screening import selectors, services
from partnerhub.screening.models import Hit, Screening

router = Router(tags=["screening"], auth=token_auth)


def _staff(request: HttpRequest) -> None:
    if not request.user.has_perm("screening.view"):
        raise PermissionDenied("Screening results are for UN staff only.")


class ListVersionOut(Schema):
    source: str
    generated_at: datetime.datetime
    entry_count: int
    added: int
    removed: int
    amended: int
    checksum: str


class HitOut(Schema):
    id: int
    subject: str
    list: str
    list_ref: str
    listed_name: str
    score: float
    strength: str
    review: str
    review_reason: str
    explanation: dict[str, Any]


class ScreeningOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    requesting_entity: str
    status: str
    rating: str
    excluded: bool
    summary: str
    findings: list[dict[str, Any]]
    decision: str
    decision_reason: str
    conditions: str
    valid_until: datetime.date | None
    created_at: datetime.datetime
    hits: list[HitOut]


class ScreeningPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ScreeningOut]


MAX_ID = 2**63 - 1


class ScreeningRequestIn(Schema):
    organisation_id: int = Field(ge=1, le=MAX_ID)
    entity: str = Field(description="Acronym of the requesting UN entity, e.g. WFP")
    force_new: bool = False


class HitReviewIn(Schema):
    review: str = Field(description="confirmed or dismissed")
    reason: str = Field(max_length=2000)


class DecisionIn(Schema):
    decision: str = Field(description="approve, approve_with_conditions or reject")
    reason: str = Field(max_length=2000)
    conditions: str = Field(default="", max_length=2000)


def _hit(h: Hit) -> HitOut:
    return HitOut(
        id=h.pk,
        subject=h.subject,
        list=h.entry.source,
        list_ref=h.entry.ref,
        listed_name=h.entry.name,
        score=h.score,
        strength=h.strength,
        review=h.review,
        review_reason=h.review_reason,
        explanation=h.explanation,
    )


def _screening(s: Screening) -> ScreeningOut:
    return ScreeningOut(
        id=s.pk,
        organisation_id=s.organisation_id,
        organisation=s.organisation.legal_name,
        requesting_entity=s.requesting_entity.acronym,
        status=s.status,
        rating=s.rating,
        excluded=s.excluded,
        summary=s.summary,
        findings=s.findings,
        decision=s.decision,
        decision_reason=s.decision_reason,
        conditions=s.conditions,
        valid_until=s.valid_until,
        created_at=s.created_at,
        hits=[_hit(h) for h in s.hits.all()],
    )


@router.get("/lists", response=list[ListVersionOut], summary="Sanctions list versions in force")
def lists(request: HttpRequest) -> list[ListVersionOut]:
    _staff(request)
    return [
        ListVersionOut(
            source=v.source,
            generated_at=v.generated_at,
            entry_count=v.entry_count,
            added=v.added_count,
            removed=v.removed_count,
            amended=v.amended_count,
            checksum=v.checksum,
        )
        for v in selectors.current_versions().values()
    ]


@router.get("/screenings", response=ScreeningPage, summary="Screenings (shared across UN entities)")
def screening_list(
    request: HttpRequest,
    organisation_id: int | None = None,
    status: str = "",
    page: QueryParam[int] = 1,
    page_size: QueryParam[int] = 25,
) -> ScreeningPage:
    _staff(request)
    if organisation_id is not None and not 1 <= organisation_id <= MAX_ID:
        raise Http404("No such organisation.")
    if page < 1 or not 1 <= page_size <= 100:
        raise ValidationError("page must be 1 or more and page_size between 1 and 100.")
    if status and status not in Screening.Status.values:
        raise ValidationError(
            f"Unknown status {status!r}; use one of {', '.join(Screening.Status.values)}."
        )
    screenings = selectors.screening_list(status=status).prefetch_related("hits__entry")
    if organisation_id is not None:
        screenings = screenings.filter(organisation_id=organisation_id)
    count = screenings.count()
    start = (page - 1) * page_size
    if start and start >= count:
        raise Http404(f"Page {page} is past the last page.")
    return ScreeningPage(
        count=count,
        page=page,
        page_size=page_size,
        results=[_screening(s) for s in screenings[start : start + page_size]],
    )


@router.get("/screenings/{screening_id}", response=ScreeningOut, summary="One screening")
def screening_detail(request: HttpRequest, screening_id: int) -> ScreeningOut:
    _staff(request)
    try:
        return _screening(selectors.screening_detail(screening_id))
    except Screening.DoesNotExist:
        raise Http404("No such screening.") from None


@router.post(
    "/screenings",
    response={200: ScreeningOut, 201: ScreeningOut},
    summary="Screen an organisation (reuses a valid screening unless force_new)",
)
def screening_request(request: HttpRequest, payload: ScreeningRequestIn) -> Status[ScreeningOut]:
    _staff(request)
    organisation = get_object_or_404(Organisation, pk=payload.organisation_id)
    entity = UNEntity.objects.filter(acronym=payload.entity).first()
    if entity is None:
        raise Http404(f"No UN entity with acronym {payload.entity!r}.")
    screening, reused = services.screening_request(
        organisation=organisation, entity=entity, actor=request.user, force_new=payload.force_new
    )
    return Status(200 if reused else 201, _screening(selectors.screening_detail(screening.pk)))


@router.post("/hits/{hit_id}/review", response=ScreeningOut, summary="Confirm or dismiss a hit")
def hit_review(request: HttpRequest, hit_id: int, payload: HitReviewIn) -> ScreeningOut:
    _staff(request)
    hit = get_object_or_404(Hit.objects.select_related("screening"), pk=hit_id)
    services.hit_review(hit=hit, actor=request.user, review=payload.review, reason=payload.reason)
    return _screening(selectors.screening_detail(hit.screening_id))


@router.post(
    "/screenings/{screening_id}/decision", response=ScreeningOut, summary="Record the decision"
)
def decision(request: HttpRequest, screening_id: int, payload: DecisionIn) -> ScreeningOut:
    _staff(request)
    screening = get_object_or_404(Screening, pk=screening_id)
    services.screening_decide(
        screening=screening,
        actor=request.user,
        decision=payload.decision,
        reason=payload.reason,
        conditions=payload.conditions,
    )
    return _screening(selectors.screening_detail(screening_id))
