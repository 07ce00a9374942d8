"""The bridge between stored listings and the plain-Python ranking package: builds the match
indexes (open offers, open needs) and the offer router, caches each per process until its data
changes, and turns results into plain values the services and pages use."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from partnerhub.entities.models import UNEntity
from partnerhub.marketplace import workflows
from partnerhub.marketplace.models import Need, Offer, OfferRoute, RoutingProfile
from partnerhub.marketplace.ranking.matching import Listing, Match, MatchIndex
from partnerhub.marketplace.ranking.routing import EntityProfile, Router
from partnerhub.vocabularies.models import Country

_lock = threading.Lock()
_cache: dict[str, tuple[Any, Any]] = {}


def _cached(name: str, key: Any, build: Callable[[], Any]) -> Any:
    with _lock:
        cached = _cache.get(name)
        if cached is not None and cached[0] == key:
            return cached[1]
    value = build()
    with _lock:
        _cache[name] = (key, value)
    return value


def forget() -> None:
    """Drop every cached index (tests, and after bulk loads)."""
    with _lock:
        _cache.clear()


# --- Listings -----------------------------------------------------------------------------------


def _country_regions() -> dict[str, tuple[str, ...]]:
    return {
        iso2: tuple(code for code in (region, subregion) if code)
        for iso2, region, subregion in Country.objects.values_list(
            "iso2", "region_id", "subregion_id"
        )
    }


def _m2m_map(
    model: type[Need] | type[Offer], field: str, ids: Iterable[int]
) -> dict[int, set[Any]]:
    """{listing id: {related pk}} for one many-to-many field, in one query."""
    through = getattr(model, field).through
    source = f"{model._meta.model_name}_id"
    target = next(f.attname for f in through._meta.fields if f.attname not in {"id", source})
    result: dict[int, set[Any]] = {}
    for listing_id, related in through.objects.filter(**{f"{source}__in": list(ids)}).values_list(
        source, target
    ):
        result.setdefault(listing_id, set()).add(related)
    return result


def _suggested_goals(row: Need | Offer) -> set[int]:
    """Until the author has chosen SDGs, match on the ones the tagger suggested."""
    return {s["goal"] for s in row.sdg_suggestions or [] if "goal" in s}


def to_listings(queryset: QuerySet[Need] | QuerySet[Offer]) -> list[Listing]:
    """Plain listings for the ranking package, in a fixed number of queries."""
    model = queryset.model
    rows: list[Need | Offer] = list(queryset)
    ids = [r.pk for r in rows]
    regions_of = _country_regions()
    related: dict[str, dict[int, set[Any]]] = {}
    chunk = 5000  # keeps IN lists within SQLite's variable limit
    for field in ("resource_types", "sdgs", "countries", "regions"):
        merged: dict[int, set[Any]] = {}
        for start in range(0, len(ids), chunk):
            merged.update(_m2m_map(model, field, ids[start : start + chunk]))
        related[field] = merged
    listings = []
    for row in rows:
        countries = frozenset(related["countries"].get(row.pk, set()))
        regions = set(related["regions"].get(row.pk, set()))
        for iso2 in countries:
            regions.update(regions_of.get(iso2, ()))
        value = row.value_usd
        listings.append(
            Listing(
                id=row.pk,
                text=f"{row.title}\n{row.description}",
                resource_types=frozenset(related["resource_types"].get(row.pk, set())),
                sdgs=frozenset(related["sdgs"].get(row.pk, set()) or _suggested_goals(row)),
                countries=countries,
                regions=frozenset(regions),
                value_usd=float(value) if value is not None else None,
                starts=row.starts_on,
                ends=row.ends_on,
            )
        )
    return listings


def to_listing(listing: Need | Offer) -> Listing:
    model = type(listing)
    return to_listings(model.objects.filter(pk=listing.pk))[0]


def open_offers() -> QuerySet[Offer]:
    return Offer.objects.filter(status__in=workflows.OPEN_OFFER_STATES)


def open_needs() -> QuerySet[Need]:
    return Need.objects.filter(status__in=workflows.OPEN_NEED_STATES)


def _version(model: type[Need] | type[Offer]) -> tuple[Any, ...]:
    """What identifies the indexed data, in two index lookups (a COUNT over 50,000 rows
    would cost more than the ranking itself).

    Every change to a listing goes through a service that saves it, so `updated_at` moves:
    edits, many-to-many changes (saved first), and status changes that take a listing into or
    out of the open set. Taken over all rows, not only open ones, so that a listing leaving
    the open set moves it too. A listing deleted outside the services can stay in the index
    until the next change; `_rank` loads results from the open set, so it is never shown.
    """
    latest = model.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    top = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (latest, top)


def offer_index() -> MatchIndex:
    return _cached("offers", _version(Offer), lambda: MatchIndex(to_listings(open_offers())))


def need_index() -> MatchIndex:
    return _cached("needs", _version(Need), lambda: MatchIndex(to_listings(open_needs())))


@dataclass(frozen=True)
class Ranked:
    """One ranked result as pages and the API show it."""

    object: Any
    score: float
    components: list[dict[str, Any]]


def _components(match: Any) -> list[dict[str, Any]]:
    return [
        {
            "name": c.name,
            "value": round(float(c.value), 3),
            "weight": round(float(c.weight), 3),
            "contribution": round(float(c.contribution), 3),
            "reason": c.reason,
        }
        for c in match.components
    ]


def _rank(
    index: MatchIndex,
    query: Listing,
    queryset: QuerySet[Any],
    *,
    limit: int,
    allowed_ids: set[int] | None,
) -> list[Ranked]:
    # The query comes from the other side (a need against offers, or back), so no candidate is
    # the query itself even when the ids coincide: nothing to exclude.
    matches: list[Match] = index.search(query, limit=limit, allow_ids=allowed_ids)
    objects = queryset.in_bulk([m.id for m in matches])
    return [
        Ranked(object=objects[m.id], score=round(float(m.score), 4), components=_components(m))
        for m in matches
        if m.id in objects
    ]


def matching_offers(need: Need, *, limit: int = 10) -> list[Ranked]:
    queryset = open_offers().select_related("organisation")
    return _rank(offer_index(), to_listing(need), queryset, limit=limit, allowed_ids=None)


def matching_needs(offer: Offer, *, limit: int = 10, public_only: bool) -> list[Ranked]:
    queryset = open_needs().select_related("entity")
    allowed = None
    if public_only:
        allowed = set(queryset.filter(visibility="public").values_list("pk", flat=True))
    return _rank(need_index(), to_listing(offer), queryset, limit=limit, allowed_ids=allowed)


# --- Routing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RouteChoice:
    entity_id: int
    acronym: str
    score: float
    reasons: tuple[str, ...]
    components: list[dict[str, Any]]


def _accepted_texts() -> dict[int, list[str]]:
    texts: dict[int, list[str]] = {}
    for entity_id, title, description in OfferRoute.objects.filter(
        # A closed route with a response was in discussion when the company closed the offer:
        # declining and forwarding are final, and closing by the company records no response.
        Q(status=OfferRoute.Status.IN_DISCUSSION)
        | Q(status=OfferRoute.Status.CLOSED, responded_at__isnull=False)
    ).values_list("entity_id", "offer__title", "offer__description"):
        texts.setdefault(entity_id, []).append(f"{title}\n{description}")
    return texts


def _receives_offers(entity: UNEntity, profile: RoutingProfile | None) -> bool:
    """Offers go to entities with a partnership profile (a mandate and how to partner, written
    by partnerhub or the entity's focal points), or that the system coordinator switched
    routing on for. Governing bodies, courts, committees and offices with only the System
    Chart's one-line description never get offers by default."""
    if profile is not None:
        return profile.accepts_offers
    return bool(entity.mandate.strip() or entity.how_to_partner.strip())


def entity_profiles() -> tuple[list[EntityProfile], dict[str, int]]:
    """The routing profile of every entity that receives offers: mandate text, SDGs, themes,
    countries, and the offers it accepted before."""
    profiles_by_entity = {
        p.entity_id: p
        for p in RoutingProfile.objects.prefetch_related("sdgs", "themes", "countries")
    }
    accepted = _accepted_texts()
    profiles = []
    ids: dict[str, int] = {}
    for entity in UNEntity.objects.prefetch_related("sdgs", "countries"):
        extra = profiles_by_entity.get(entity.pk)
        if not _receives_offers(entity, extra):
            continue
        sdgs = {g.pk for g in entity.sdgs.all()}
        themes: set[str] = set()
        countries = {c.pk for c in entity.countries.all()}
        keywords = ""
        if extra is not None:
            sdgs = {g.pk for g in extra.sdgs.all()} or sdgs
            themes = {t.pk for t in extra.themes.all()}
            countries |= {c.pk for c in extra.countries.all()}
            keywords = extra.keywords
        text = "\n".join(
            part
            for part in (
                entity.name,
                entity.mandate,
                entity.description,
                entity.foundational_mandate,
                entity.how_to_partner,
                keywords,
            )
            if part
        )
        texts = tuple(accepted.get(entity.pk, ()))
        profiles.append(
            EntityProfile(
                acronym=entity.acronym,
                text=text,
                sdgs=frozenset(sdgs),
                themes=frozenset(themes),
                countries=frozenset(countries),
                accepted_texts=texts,
            )
        )
        ids[entity.acronym] = entity.pk
    return profiles, ids


def _routing_version() -> tuple[Any, ...]:
    return (
        UNEntity.objects.aggregate(latest=Max("updated_at"), n=Count("id"))["latest"],
        RoutingProfile.objects.aggregate(latest=Max("updated_at"))["latest"],
        OfferRoute.objects.filter(responded_at__isnull=False).aggregate(
            n=Count("id"), latest=Max("responded_at")
        )["latest"],
        OfferRoute.objects.filter(status=OfferRoute.Status.IN_DISCUSSION).count(),
    )


def _build_router() -> tuple[Router, dict[str, int]]:
    profiles, ids = entity_profiles()
    return Router(profiles), ids


def current_router() -> tuple[Router, dict[str, int]]:
    router: tuple[Router, dict[str, int]] = _cached("router", _routing_version(), _build_router)
    return router


# Below this total an entity is not sent the offer; set by looking at the demo routes (the
# journey's logistics offer scores 0.80 at WFP; "Test offer" 0.45 at best on no shared words).
MIN_ROUTE_SCORE = 0.3
# A route needs a reason of substance: words of the mandate, a theme, or offers accepted before.
# SDGs or a country alone are too broad (every SDG 2 entity for any food offer).
INFORMATIVE_COMPONENTS = frozenset({"mandate_text", "theme", "history"})


def route_text(
    *,
    text: str,
    sdgs: Iterable[int] = (),
    countries: Iterable[str] = (),
    resource_types: Iterable[str] = (),
    themes: Iterable[str] = (),
    limit: int = 3,
) -> list[RouteChoice]:
    router, ids = current_router()
    routes = router.route(
        text=text,
        sdgs=frozenset(sdgs),
        themes=frozenset(themes),
        countries=frozenset(countries),
        resource_types=frozenset(resource_types),
        limit=limit,
    )
    # An offer goes nowhere rather than to an entity it does not fit: the router ranks
    # relative to the best candidate, so some entity always comes first, even for "Test offer".
    routes = [
        r
        for r in routes
        if r.score >= MIN_ROUTE_SCORE
        and any(
            c.contribution > 0
            and c.name in INFORMATIVE_COMPONENTS
            and not c.reason.startswith("no ")
            for c in r.components
        )
    ]
    return [
        RouteChoice(
            entity_id=ids[r.acronym],
            acronym=r.acronym,
            score=round(float(r.score), 4),
            reasons=tuple(r.reasons),
            components=_components(r),
        )
        for r in routes
    ]


def route_offer(offer: Offer, *, limit: int = 3) -> list[RouteChoice]:
    return route_text(
        text=f"{offer.title}\n{offer.description}",
        sdgs=set(offer.sdgs.values_list("pk", flat=True)) or _suggested_goals(offer),
        countries=offer.countries.values_list("pk", flat=True),
        resource_types=offer.resource_types.values_list("pk", flat=True),
        themes=offer.themes.values_list("pk", flat=True),
        limit=limit,
    )
