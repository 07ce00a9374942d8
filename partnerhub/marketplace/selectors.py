"""Reads of the marketplace: what each user may see, inboxes and response-time figures."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from partnerhub.accounts.predicates import (
    entity_ids_for,
    is_administrator,
    is_system_coordinator,
    is_un_staff,
    organisation_ids_for,
)
from partnerhub.entities.models import UNEntity
from partnerhub.marketplace import workflows
from partnerhub.marketplace.filters import FILTERS
from partnerhub.marketplace.models import Interest, Need, Offer, OfferRoute, SavedSearch
from partnerhub.marketplace.workdays import working_days_between

PUBLISHED_NEED_STATES = ["open", "in_discussion", "filled", "closed"]
# Needs still looking for partners: open, or in discussion with some but not yet filled.
OPEN_NEED_STATES = ("open", "in_discussion")


def needs_visible_to(user: Any) -> QuerySet[Need]:
    needs = Need.objects.select_related("entity")
    if is_administrator(user) or is_system_coordinator(user):
        return needs
    visible = Q(visibility="public", status__in=PUBLISHED_NEED_STATES)
    if is_un_staff(user):
        visible |= Q(status__in=PUBLISHED_NEED_STATES)
    own = entity_ids_for(user)
    if own:
        visible |= Q(entity_id__in=own)
    return needs.filter(visible)


def public_open_needs() -> QuerySet[Need]:
    """The open needs anyone may see: the home page, country pages, open data and the
    newsletter all count these."""
    from django.contrib.auth.models import AnonymousUser

    return needs_visible_to(AnonymousUser()).filter(status__in=OPEN_NEED_STATES)


def offers_visible_to(user: Any) -> QuerySet[Offer]:
    offers = Offer.objects.select_related("organisation")
    visible = Q(pk__in=[])
    if is_un_staff(user):
        visible |= ~Q(status=Offer.Status.DRAFT)
    own = organisation_ids_for(user)
    if own:
        visible |= Q(organisation_id__in=own)
    return offers.filter(visible)


def listing_matches_saved_search(search: SavedSearch, listing: Need | Offer) -> bool:
    filterset_class = FILTERS[search.kind]
    model = type(listing)
    filterset = filterset_class(search.query, queryset=model.objects.filter(pk=listing.pk))
    if not filterset.is_valid():
        return False
    return filterset.qs.filter(pk=listing.pk).exists()


def interests_for_need(need: Need) -> QuerySet[Interest]:
    return need.interests.select_related("organisation", "created_by", "proposed_offer")


def interests_for_offer(offer: Offer) -> QuerySet[Interest]:
    return offer.interests.select_related("entity", "created_by")


def interests_of_organisations(organisation_ids: set[int]) -> QuerySet[Interest]:
    return Interest.objects.filter(organisation_id__in=organisation_ids).select_related(
        "need", "offer", "entity", "organisation"
    )


def routes_of_offer(offer: Offer) -> QuerySet[OfferRoute]:
    return offer.routes.select_related("entity", "forwarded_from__entity").order_by(
        "received_at", "rank", "pk"
    )


def inbox(entity: UNEntity, *, status: str = "") -> QuerySet[OfferRoute]:
    routes = OfferRoute.objects.filter(entity=entity).select_related(
        "offer__organisation", "forwarded_from__entity"
    )
    if status == "open":
        routes = routes.filter(status__in=workflows.OPEN_ROUTE_STATES)
    elif status:
        routes = routes.filter(status=status)
    return routes.order_by("acknowledged_at", "acknowledge_due_at", "-pk")


def inbox_entities_for(user: Any) -> QuerySet[UNEntity]:
    if is_administrator(user) or is_system_coordinator(user):
        return UNEntity.objects.filter(offer_routes__isnull=False).distinct().order_by("acronym")
    return UNEntity.objects.filter(pk__in=entity_ids_for(user)).order_by("acronym")


def overdue_routes() -> QuerySet[OfferRoute]:
    return OfferRoute.objects.filter(
        status=OfferRoute.Status.RECEIVED, acknowledge_due_at__lt=timezone.now()
    ).select_related("offer__organisation", "entity")


@dataclass(frozen=True)
class ResponseTimes:
    entity: UNEntity
    received: int
    acknowledged: int
    acknowledged_in_time: int
    waiting: int
    overdue: int
    median_working_days_to_acknowledge: float | None
    accepted: int
    declined: int
    forwarded: int

    @property
    def share_in_time(self) -> float | None:
        return self.acknowledged_in_time / self.acknowledged if self.acknowledged else None


def response_times(*, entity_ids: set[int] | None = None) -> list[ResponseTimes]:
    """Per entity: offers received, acknowledged (and in time), waiting, overdue, and the
    median working days from receipt to acknowledgement."""
    now = timezone.now()
    routes = OfferRoute.objects.select_related("entity").order_by("entity__acronym", "pk")
    if entity_ids is not None:
        routes = routes.filter(entity_id__in=entity_ids)
    grouped: dict[int, list[OfferRoute]] = {}
    for route in routes:
        grouped.setdefault(route.entity_id, []).append(route)
    rows = []
    for group in grouped.values():
        acknowledged = [r for r in group if r.acknowledged_at is not None]
        delays = [working_days_between(r.received_at, r.acknowledged_at) for r in acknowledged]  # type: ignore[arg-type]
        waiting = [r for r in group if r.acknowledged_at is None and r.status == "received"]
        rows.append(
            ResponseTimes(
                entity=group[0].entity,
                received=len(group),
                acknowledged=len(acknowledged),
                acknowledged_in_time=sum(
                    1
                    for r in acknowledged
                    if r.acknowledged_at is not None and r.acknowledged_at <= r.acknowledge_due_at
                ),
                waiting=len(waiting),
                overdue=sum(1 for r in waiting if r.acknowledge_due_at < now),
                median_working_days_to_acknowledge=(
                    round(statistics.median(delays), 1) if delays else None
                ),
                accepted=sum(
                    1
                    for r in group
                    if r.status in {"in_discussion"}
                    or (r.status == "closed" and r.responded_at is not None)
                ),
                declined=sum(1 for r in group if r.status == "declined"),
                forwarded=sum(1 for r in group if r.status == "forwarded"),
            )
        )
    return rows


def unrouted_offers() -> QuerySet[Offer]:
    """Submitted offers that no entity has open in its inbox: routing found no fit, or every
    entity declined or forwarded it away."""
    return (
        Offer.objects.filter(status__in=workflows.OPEN_OFFER_STATES)
        .exclude(routes__status__in=workflows.OPEN_ROUTE_STATES)
        .select_related("organisation")
        .order_by("published_at", "pk")
    )


def saved_searches_of(user: Any) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user)


def need_with_related(pk: int) -> Need:
    return (
        Need.objects.select_related("entity", "created_by")
        .prefetch_related("resource_types", "sdgs", "sdg_targets", "countries", "regions")
        .get(pk=pk)
    )


def offer_with_related(pk: int) -> Offer:
    return (
        Offer.objects.select_related("organisation", "created_by")
        .prefetch_related(
            "resource_types",
            "sdgs",
            "sdg_targets",
            "countries",
            "regions",
            "themes",
            Prefetch("routes", queryset=OfferRoute.objects.select_related("entity")),
        )
        .get(pk=pk)
    )


# --- Pages (web UI) ---------------------------------------------------------------------------


def listing_counts_for(user: Any) -> dict[str, int | None]:
    """Open needs and offers the user may see; offers are None for those who may see none."""
    needs = needs_visible_to(user).filter(status__in=workflows.OPEN_NEED_STATES).count()
    offers = None
    if is_un_staff(user) or organisation_ids_for(user):
        offers = offers_visible_to(user).filter(status__in=workflows.OPEN_OFFER_STATES).count()
    return {"needs": needs, "offers": offers}


def inbox_entities_with_counts(user: Any) -> QuerySet[UNEntity]:
    """The inboxes the user may open, each with its open and overdue offers."""
    now = timezone.now()
    open_routes = Q(offer_routes__status__in=workflows.OPEN_ROUTE_STATES)
    overdue = Q(
        offer_routes__status=OfferRoute.Status.RECEIVED,
        offer_routes__acknowledge_due_at__lt=now,
    )
    return inbox_entities_for(user).annotate(
        open_count=Count("offer_routes", filter=open_routes, distinct=True),
        overdue_count=Count("offer_routes", filter=overdue, distinct=True),
    )


def offers_of_organisations(organisation_ids: set[int]) -> QuerySet[Offer]:
    """A company's own offers in every status, each with where it went."""
    return (
        Offer.objects.filter(organisation_id__in=organisation_ids)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "routes",
                queryset=OfferRoute.objects.select_related("entity").order_by("received_at", "pk"),
            )
        )
        .order_by("-updated_at", "-pk")
    )


def needs_of_entities(entity_ids: set[int]) -> QuerySet[Need]:
    """An entity's needs still in play, each with its open expressions of interest."""
    return (
        Need.objects.filter(entity_id__in=entity_ids, status__in=["draft", "open", "in_discussion"])
        .select_related("entity")
        .annotate(
            open_interests=Count(
                "interests", filter=Q(interests__status=Interest.Status.OPEN), distinct=True
            )
        )
        .order_by("-updated_at", "-pk")
    )


def dashboard_panels(user: Any) -> dict[str, Any]:
    """The marketplace on a user's dashboard: a focal point's inboxes and needs, a company
    representative's offers, the coordinator's overdue offers."""
    from partnerhub.accounts.models import Role

    panels: dict[str, Any] = {"inboxes": [], "needs": [], "offers": [], "overdue": None}
    focal_entities = entity_ids_for(user, Role.FOCAL_POINT)
    if focal_entities:
        panels["inboxes"] = list(inbox_entities_with_counts(user).filter(pk__in=focal_entities))
        panels["needs"] = list(needs_of_entities(focal_entities)[:10])
    organisation_ids = organisation_ids_for(user)
    if organisation_ids:
        panels["offers"] = list(offers_of_organisations(organisation_ids)[:10])
    if is_administrator(user) or is_system_coordinator(user):
        overdue = overdue_routes().order_by("acknowledge_due_at", "pk")
        panels["overdue"] = {"count": overdue.count(), "routes": list(overdue[:5])}
    return panels
