"""Reads of initiatives, events and commitments: what a user may see, searched, filtered, and
which commitments are stale. `public_*` querysets are what anonymous visitors (and the open
data and newsletter apps) see."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from partnerhub.accounts.models import Role
from partnerhub.accounts.predicates import (
    entity_ids_for,
    is_administrator,
    is_system_coordinator,
    organisation_ids_for,
)
from partnerhub.entities.models import UNEntity
from partnerhub.initiatives import progress
from partnerhub.initiatives.models import (
    Commitment,
    Deliverable,
    DeliverableProgress,
    Event,
    Initiative,
    InitiativeMember,
    ProgressReport,
    PublicationStatus,
)
from partnerhub.organisations.models import Organisation
from partnerhub.search.selectors import filter_by_search
from partnerhub.vocabularies.models import Country

PUBLISHED = PublicationStatus.PUBLISHED


def _sees_everything(user: Any) -> bool:
    return bool(is_administrator(user) or is_system_coordinator(user))


def _focal(user: Any) -> set[int]:
    return entity_ids_for(user, Role.FOCAL_POINT)


def _having(items: QuerySet[Any], lookup: str, value: Any) -> QuerySet[Any]:
    """`items` whose many-to-many `lookup` matches `value`, each once (filtered through a
    subquery, so joining the relation does not repeat rows)."""
    return items.filter(pk__in=items.model.objects.filter(**{lookup: value}).values("pk"))


# --- Public querysets -------------------------------------------------------------------------


def public_initiatives() -> QuerySet[Initiative]:
    return Initiative.objects.filter(status=PUBLISHED)


def _public_commitment_q() -> Q:
    return (
        Q(status=PUBLISHED)
        & (Q(initiative__isnull=True) | Q(initiative__status=PUBLISHED))
        & (Q(event__isnull=True) | Q(event__status=PUBLISHED))
    )


def public_commitments() -> QuerySet[Commitment]:
    """Published commitments whose initiative and event (if any) are published too."""
    return Commitment.objects.filter(_public_commitment_q())


def public_events() -> QuerySet[Event]:
    return Event.objects.filter(status=PUBLISHED)


def public_events_between(start: datetime.date, end: datetime.date) -> QuerySet[Event]:
    """Published events overlapping the period from `start` to `end` (both included)."""
    return (
        public_events().filter(starts_on__lte=end, ends_on__gte=start).order_by("starts_on", "pk")
    )


# --- Initiatives ------------------------------------------------------------------------------


def _published_or_own(model: Any, entities: str, user: Any) -> QuerySet[Any]:
    """The published rows of `model`, and to a focal point also the drafts of their entities
    (the `entities` relation); everything to those who see everything."""
    items = model.objects.all()
    if _sees_everything(user):
        return items
    focal = _focal(user)
    if not focal:
        return items.filter(status=PUBLISHED)
    editable = model.objects.filter(**{f"{entities}__in": focal}).values("pk")
    return items.filter(Q(status=PUBLISHED) | Q(pk__in=editable))


def initiatives_visible_to(user: Any) -> QuerySet[Initiative]:
    return _published_or_own(Initiative, "convening_entities", user)


def initiatives_search(
    user: Any, *, text: str = "", entity: int | None = None, sdg: int | None = None
) -> QuerySet[Initiative]:
    initiatives = initiatives_visible_to(user)
    if entity:
        initiatives = _having(initiatives, "convening_entities__pk", entity)
    if sdg:
        initiatives = _having(initiatives, "sdgs__pk", sdg)
    if text:
        # Full-text search in any UN language (partnerhub.search), most relevant first.
        initiatives = filter_by_search(initiatives, text)
    return initiatives.prefetch_related("convening_entities", "sdgs")


def initiative_for_page(slug: str) -> Initiative | None:
    return (
        Initiative.objects.prefetch_related(
            "convening_entities",
            "sdgs",
            Prefetch(
                "members",
                queryset=InitiativeMember.objects.select_related("organisation", "un_entity"),
            ),
        )
        .filter(slug=slug)
        .first()
    )


# --- Commitments ------------------------------------------------------------------------------


def _annotated(commitments: QuerySet[Commitment]) -> QuerySet[Commitment]:
    """Each commitment with `last_report_on` and `has_open` (a deliverable not completed),
    which is what staleness is computed from."""
    latest = ProgressReport.objects.filter(commitment=OuterRef("pk")).order_by("-reported_on")
    open_deliverables = Deliverable.objects.filter(commitment=OuterRef("pk")).exclude(
        status=Deliverable.Status.COMPLETED
    )
    return commitments.annotate(
        last_report_on=Subquery(latest.values("reported_on")[:1]),
        has_open=Exists(open_deliverables),
    )


def _stale_q(today: datetime.date) -> Q:
    cutoff = progress.stale_cutoff(today)
    return Q(status=PUBLISHED, has_open=True) & (
        Q(last_report_on__lt=cutoff) | Q(last_report_on__isnull=True, made_on__lt=cutoff)
    )


def _reporting_q(today: datetime.date) -> Q:
    """Open and not stale: the complement of _stale_q among commitments with open
    deliverables, written out because negating a condition on a NULL date excludes it."""
    cutoff = progress.stale_cutoff(today)
    return Q(has_open=True) & (
        ~Q(status=PUBLISHED)
        | Q(last_report_on__gte=cutoff)
        | Q(last_report_on__isnull=True, made_on__gte=cutoff)
    )


def stale_commitments(*, today: datetime.date | None = None) -> QuerySet[Commitment]:
    """Published commitments with an open deliverable and no progress report for more than
    a year (progress.STALE_AFTER_DAYS) before `today`, counted from the latest report or,
    without one, from the day the commitment was made."""
    today = today or timezone.localdate()
    return _annotated(Commitment.objects.all()).filter(_stale_q(today))


def commitments_visible_to(user: Any) -> QuerySet[Commitment]:
    commitments = Commitment.objects.all()
    if _sees_everything(user):
        return commitments
    visible = _public_commitment_q()
    organisations = organisation_ids_for(user)
    if organisations:
        visible |= Q(organisation__in=organisations)
    focal = _focal(user)
    if focal:
        visible |= (
            Q(un_entity__in=focal)
            | Q(initiative__in=Initiative.objects.filter(convening_entities__in=focal))
            | Q(event__in=Event.objects.filter(organising_entities__in=focal))
        )
    return commitments.filter(visible)


class Progress:
    STALE = "stale"
    COMPLETED = "completed"
    ACTIVE = "active"


def commitments_search(
    user: Any,
    *,
    text: str = "",
    initiative: int | None = None,
    event: int | None = None,
    organisation: int | None = None,
    sdg: int | None = None,
    country: str = "",
    state: str = "",
    today: datetime.date | None = None,
) -> QuerySet[Commitment]:
    """Commitments `user` may see matching every filter; `state` is "stale", "completed"
    (every deliverable completed) or "active" (neither)."""
    today = today or timezone.localdate()
    commitments = _annotated(commitments_visible_to(user))
    if initiative:
        commitments = commitments.filter(initiative_id=initiative)
    if event:
        commitments = commitments.filter(event_id=event)
    if organisation:
        commitments = commitments.filter(organisation_id=organisation)
    if sdg:
        commitments = _having(commitments, "sdgs__pk", sdg)
    if country:
        commitments = _having(commitments, "countries__pk", country)
    if state == Progress.STALE:
        commitments = commitments.filter(_stale_q(today))
    elif state == Progress.COMPLETED:
        commitments = commitments.filter(Q(has_open=False))
    elif state == Progress.ACTIVE:
        commitments = commitments.filter(_reporting_q(today))
    if text:
        commitments = filter_by_search(commitments, text)
    return commitments.select_related(
        "organisation", "un_entity", "initiative", "event"
    ).prefetch_related("deliverables", "sdgs")


def mark_staleness(
    commitments: Iterable[Commitment], *, today: datetime.date | None = None
) -> list[Commitment]:
    """Set `.stale` on each commitment of a page (annotated by a selector of this module, or
    with its deliverables and reports prefetched)."""
    today = today or timezone.localdate()
    marked = []
    for commitment in commitments:
        if hasattr(commitment, "last_report_on"):
            last = commitment.last_report_on
        else:
            last = max((r.reported_on for r in commitment.progress_reports.all()), default=None)
        stale = commitment.status == PUBLISHED and progress.is_stale(
            made_on=commitment.made_on,
            last_report_on=last,
            completed=commitment.is_completed,
            today=today,
        )
        commitment.stale = stale  # type: ignore[attr-defined]
        marked.append(commitment)
    return marked


def commitment_for_page(pk: int) -> Commitment | None:
    return (
        Commitment.objects.select_related("organisation", "un_entity", "initiative", "event")
        .prefetch_related(
            "deliverables",
            "sdg_targets",
            "sdgs",
            "countries",
            "initiative__convening_entities",
            "event__organising_entities",
            Prefetch(
                "progress_reports",
                queryset=ProgressReport.objects.select_related("submitted_by").prefetch_related(
                    Prefetch(
                        "marks",
                        queryset=DeliverableProgress.objects.select_related("deliverable"),
                    )
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def _commitments_of(user: Any, parent: str, other: str, value: Any) -> list[Commitment]:
    """The commitments `user` sees whose `parent` (initiative or event) is `value`, with the
    `other` parent read along."""
    commitments = (
        _annotated(commitments_visible_to(user))
        .filter(**{parent: value})
        .select_related("organisation", "un_entity", other)
        .prefetch_related("deliverables")
    )
    return mark_staleness(commitments)


def commitments_of_initiative(initiative: Initiative, user: Any) -> list[Commitment]:
    return _commitments_of(user, "initiative", "event", initiative)


def commitments_of_event(event: Event, user: Any) -> list[Commitment]:
    return _commitments_of(user, "event", "initiative", event)


# --- Events -----------------------------------------------------------------------------------


def events_visible_to(user: Any) -> QuerySet[Event]:
    return _published_or_own(Event, "organising_entities", user)


def events_search(
    user: Any,
    *,
    when: str = "upcoming",
    text: str = "",
    kind: str = "",
    today: datetime.date | None = None,
) -> QuerySet[Event]:
    """Upcoming (not yet ended, soonest first) or past (latest first) events."""
    today = today or timezone.localdate()
    events = events_visible_to(user)
    order = ("-starts_on", "-pk") if when == "past" else ("starts_on", "pk")
    if when == "past":
        events = events.filter(ends_on__lt=today)
    else:
        events = events.filter(ends_on__gte=today)
    if text:
        # The search restricts; events stay in date order.
        events = filter_by_search(events, text)
    events = events.order_by(*order)
    if kind:
        events = events.filter(kind=kind)
    return events.select_related("country", "initiative").prefetch_related("organising_entities")


def event_for_page(pk: int) -> Event | None:
    return (
        Event.objects.select_related("country", "initiative")
        .prefetch_related("organising_entities", "participants", "sessions")
        .filter(pk=pk)
        .first()
    )


# --- Open data ----------------------------------------------------------------------------------
# The rows of the open datasets (datasets.py), each starting from a public_* queryset above, with
# what the dataset's record reads prefetched. `filters` are already cleaned by the dataset.


def public_initiative_rows(filters: dict[str, Any]) -> QuerySet[Initiative]:
    initiatives = public_initiatives()
    if filters.get("entity"):
        initiatives = _having(initiatives, "convening_entities__slug", filters["entity"])
    if filters.get("sdg"):
        initiatives = _having(initiatives, "sdgs__pk", filters["sdg"])
    return initiatives.prefetch_related(
        Prefetch("convening_entities", queryset=UNEntity.objects.order_by("acronym")),
        "sdgs",
        Prefetch(
            "members",
            queryset=InitiativeMember.objects.select_related("organisation", "un_entity"),
        ),
    ).order_by("pk")


def public_commitment_rows(
    filters: dict[str, Any], *, today: datetime.date | None = None
) -> QuerySet[Commitment]:
    """Public commitments annotated with `last_report_on` and `has_open` (what staleness is
    computed from); `filters`: initiative (slug), sdg, country (ISO 3166-1 alpha-2), stale
    (True or False)."""
    today = today or timezone.localdate()
    commitments = _annotated(public_commitments())
    if filters.get("initiative"):
        commitments = commitments.filter(initiative__slug=filters["initiative"])
    if filters.get("sdg"):
        commitments = _having(commitments, "sdgs__pk", filters["sdg"])
    if filters.get("country"):
        commitments = _having(commitments, "countries__pk", filters["country"])
    if filters.get("stale") is True:
        commitments = commitments.filter(_stale_q(today))
    elif filters.get("stale") is False:
        commitments = commitments.exclude(pk__in=stale_commitments(today=today).values("pk"))
    return (
        commitments.select_related("organisation", "un_entity", "initiative")
        .prefetch_related(
            "deliverables",
            "sdgs",
            "sdg_targets",
            Prefetch("countries", queryset=Country.objects.order_by("iso2")),
        )
        .order_by("pk")
    )


def public_event_rows(
    filters: dict[str, Any], *, today: datetime.date | None = None
) -> QuerySet[Event]:
    """Public events; `filters`: when (upcoming: not yet ended; past: ended), kind, country,
    initiative (slug)."""
    today = today or timezone.localdate()
    events = public_events()
    if filters.get("when") == "upcoming":
        events = events.filter(ends_on__gte=today)
    elif filters.get("when") == "past":
        events = events.filter(ends_on__lt=today)
    if filters.get("kind"):
        events = events.filter(kind=filters["kind"])
    if filters.get("country"):
        events = events.filter(country_id=filters["country"])
    if filters.get("initiative"):
        events = events.filter(initiative__slug=filters["initiative"], initiative__status=PUBLISHED)
    return (
        events.select_related("initiative")
        .prefetch_related(
            Prefetch("organising_entities", queryset=UNEntity.objects.order_by("acronym")),
            Prefetch("participants", queryset=Organisation.objects.order_by("legal_name")),
            "sessions",
        )
        .order_by("starts_on", "pk")
    )
