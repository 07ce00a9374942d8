"""The engagement registry: which UN entity is engaging which organisation, read live from the
records that say so. There is no copy to keep in step, so the registry cannot drift.

What counts as an open engagement, and why:

- **Interest** (marketplace) in status open or accepted: someone has said "let's talk" and the
  other side has not said no. An interest whose need or offer was closed or withdrawn has
  ended with its listing, even though the interest row keeps its status.
- **Offer route** acknowledged or in discussion: the entity has looked at the company's offer
  and kept it. A route merely *received* by automatic routing is not yet anyone's decision
  (routing sends one offer to several entities at once, so counting it would alert every
  routed offer); a route *assigned* by the system coordinator is, and counts from receipt.
- **Screening** requested by an entity and still in review or awaiting co-signature: the
  entity is doing due diligence on the organisation right now. A completed screening is a
  result shared with all UN staff and reused by any entity, not an ongoing engagement.
- **Partnership** not in a final state (rejected, withdrawn, terminated, closed), drafts
  included: a draft proposal is exactly the moment two entities should learn of each other,
  before either has invested in due diligence. Each partner organisation is engaged by the
  lead entity and by every participating entity. A draft stays confidential to the entities
  involved and its author (partnerships/rules.py): other viewers see that it exists, not
  its title or link.

Organisations whose names match after normalisation count as one organisation for the
"shared" flag (same normalised name) and for coordination alerts (see `other_entities_engaging`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from partnerhub.accounts.predicates import (
    entity_ids_for,
    is_administrator,
    is_system_coordinator,
)
from partnerhub.coordination.models import CoordinationAlert, EngagementKind
from partnerhub.entities.models import UNEntity
from partnerhub.marketplace.models import Interest, Need, Offer, OfferRoute
from partnerhub.organisations import names
from partnerhub.organisations.models import Organisation
from partnerhub.organisations.selectors import similar_organisations
from partnerhub.partnerships.models import Partnership, PartnershipPartner
from partnerhub.partnerships.workflows import FINAL_STATES
from partnerhub.screening.models import Screening

# Two records whose names score at least this are treated as one organisation for alerts.
# Much stricter than the duplicate warning on registration (names.DEFAULT_THRESHOLD, 82),
# which favours recall because a user dismisses a false warning with one tick: an alert goes
# to two entities' focal points and the system coordinator. On the labelled pairs of
# organisations/names_evaluation.py, *different* organisations score up to 92 ("Bidco Africa"
# / "Bico Africa"; "Nation Media Group" / "National Media Group", 90) while one-letter typos
# of the same one score 89-93 ("Safaricom" / "Safaricon", "Ericsson" / "Ericson"): spelling
# alone cannot tell them apart there, so only scores above that band count: names equal after
# normalisation (100: legal forms, case, accents, punctuation, "Intl"), equal apart from
# spacing (98), and near-identical spellings of longer names. Typos are for the registration
# warning to catch, where the records can be merged. tests/test_name_matching.py pins pairs.
STRICT_NAME_THRESHOLD = 95

OPEN_INTEREST_STATES = (Interest.Status.OPEN, Interest.Status.ACCEPTED)
ENDED_NEED_STATES = (Need.Status.CLOSED, Need.Status.WITHDRAWN)
ENDED_OFFER_STATES = (Offer.Status.CLOSED, Offer.Status.WITHDRAWN)
OPEN_ROUTE_STATES = (OfferRoute.Status.ACKNOWLEDGED, OfferRoute.Status.IN_DISCUSSION)
OPEN_SCREENING_STATES = (Screening.Status.IN_REVIEW, Screening.Status.AWAITING_COSIGN)


@dataclass(frozen=True)
class Engagement:
    """One entity's engagement with one organisation, as the registry shows it."""

    entity: UNEntity
    organisation: Organisation
    kind: str
    label: str
    url: str
    since: datetime.datetime
    status: str
    status_label: str
    is_open: bool
    target_id: int
    # Partnerships only: every entity taking part, and who wrote it (for draft confidentiality).
    involved_entity_ids: frozenset[int] = frozenset()
    author_id: int | None = None
    restricted: bool = False
    shared: bool = False

    @property
    def kind_label(self) -> str:
        return str(EngagementKind(self.kind).label)

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.target_id)


@dataclass(frozen=True)
class OtherEngagement:
    """Another entity's open engagement found for a new one, with the name match if the
    record differs from the organisation engaged."""

    engagement: Engagement
    match: Any = None  # organisations.selectors.SimilarOrganisation


def _organisation_q(
    prefix: str,
    *,
    organisation_ids: Iterable[int] | None = None,
    q: str = "",
    country: str = "",
) -> Q:
    condition = Q()
    if organisation_ids is not None:
        condition &= Q(**{f"{prefix}__in": list(organisation_ids)})
    search = names.search_key(q[:300]) if q else ""
    if search:
        condition &= Q(**{f"{prefix}__search_text__contains": search})
    if country:
        condition &= Q(**{f"{prefix}__country_id": country.upper()})
    return condition


def _interests(condition: Q, open_only: bool) -> Iterable[Engagement]:
    interests = Interest.objects.filter(condition).select_related(
        "entity", "organisation__country", "need", "offer"
    )
    listing_live = (Q(need__isnull=True) | ~Q(need__status__in=ENDED_NEED_STATES)) & (
        Q(offer__isnull=True) | ~Q(offer__status__in=ENDED_OFFER_STATES)
    )
    if open_only:
        interests = interests.filter(listing_live, status__in=OPEN_INTEREST_STATES)
    for interest in interests:
        listing = interest.listing
        yield Engagement(
            entity=interest.entity,
            organisation=interest.organisation,
            kind=EngagementKind.INTEREST,
            label=listing.title,
            url=listing.get_absolute_url(),
            since=interest.created_at,
            status=interest.status,
            status_label=interest.get_status_display(),
            is_open=interest.status in OPEN_INTEREST_STATES
            and listing.status not in (*ENDED_NEED_STATES, *ENDED_OFFER_STATES),
            target_id=interest.pk,
        )


def _route_is_open(route: OfferRoute) -> bool:
    return route.status in OPEN_ROUTE_STATES or (
        route.status == OfferRoute.Status.RECEIVED and route.origin == OfferRoute.Origin.ASSIGNED
    )


def _routes(condition: Q, open_only: bool) -> Iterable[Engagement]:
    routes = OfferRoute.objects.filter(condition).select_related(
        "entity", "offer__organisation__country"
    )
    if open_only:
        routes = routes.filter(
            Q(status__in=OPEN_ROUTE_STATES)
            | Q(status=OfferRoute.Status.RECEIVED, origin=OfferRoute.Origin.ASSIGNED)
        )
    for route in routes:
        yield Engagement(
            entity=route.entity,
            organisation=route.offer.organisation,
            kind=EngagementKind.OFFER,
            label=route.offer.title,
            # The offer, not the route: every UN staff member may read a submitted offer, while
            # a route is the receiving entity's inbox.
            url=route.offer.get_absolute_url(),
            since=route.acknowledged_at or route.received_at,
            status=route.status,
            status_label=route.get_status_display(),
            is_open=_route_is_open(route),
            target_id=route.pk,
        )


def _screenings(condition: Q, open_only: bool) -> Iterable[Engagement]:
    screenings = Screening.objects.filter(condition).select_related(
        "requesting_entity", "organisation__country"
    )
    if open_only:
        screenings = screenings.filter(status__in=OPEN_SCREENING_STATES)
    for screening in screenings:
        label = _("Due diligence screening")
        if screening.decision:
            label = _("Due diligence screening: %(decision)s") % {
                "decision": screening.get_decision_display().lower()
            }
        yield Engagement(
            entity=screening.requesting_entity,
            organisation=screening.organisation,
            kind=EngagementKind.SCREENING,
            label=label,
            url=screening.get_absolute_url(),
            since=screening.created_at,
            status=screening.status,
            status_label=screening.get_status_display(),
            is_open=screening.status in OPEN_SCREENING_STATES,
            target_id=screening.pk,
        )


def _partnerships(condition: Q, open_only: bool) -> Iterable[Engagement]:
    partners = (
        PartnershipPartner.objects.filter(condition)
        .select_related("organisation__country", "partnership__lead_entity")
        .prefetch_related("partnership__participating_entities")
    )
    if open_only:
        partners = partners.exclude(partnership__status__in=FINAL_STATES)
    for partner in partners:
        partnership = partner.partnership
        entities = [partnership.lead_entity, *partnership.participating_entities.all()]
        involved = frozenset(e.pk for e in entities)
        seen: set[int] = set()
        for entity in entities:
            if entity.pk in seen:
                continue
            seen.add(entity.pk)
            yield Engagement(
                entity=entity,
                organisation=partner.organisation,
                kind=EngagementKind.PARTNERSHIP,
                label=partnership.title,
                url=partnership.get_absolute_url(),
                since=partner.added_at,
                status=partnership.status,
                status_label=partnership.get_status_display(),
                is_open=partnership.status not in FINAL_STATES,
                target_id=partnership.pk,
                involved_entity_ids=involved,
                author_id=partnership.created_by_id,
            )


def _collect(
    *,
    organisation_ids: Iterable[int] | None = None,
    q: str = "",
    country: str = "",
    open_only: bool = True,
) -> list[Engagement]:
    """Engagements of the organisations that pass the filters: one query per kind (plus one
    for partnerships' participating entities), whatever the number of rows."""

    def where(prefix: str) -> Q:
        return _organisation_q(prefix, organisation_ids=organisation_ids, q=q, country=country)

    return [
        *_interests(where("organisation"), open_only),
        *_routes(where("offer__organisation"), open_only),
        *_screenings(where("organisation"), open_only),
        *_partnerships(where("organisation"), open_only),
    ]


def same_organisation_key(row: Engagement) -> str:
    """Records whose names are equal after normalisation count as one organisation."""
    return row.organisation.normalised_name or f"#{row.organisation.pk}"


def _mark_shared(rows: list[Engagement]) -> list[Engagement]:
    """Flag the open engagements of organisations (or names equal after normalisation) that
    two or more entities are engaging."""
    entities: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        if row.is_open:
            entities[same_organisation_key(row)].add(row.entity.pk)
    return [
        replace(row, shared=True)
        if row.is_open and len(entities[same_organisation_key(row)]) > 1
        else row
        for row in rows
    ]


def _redact_for(viewer: Any, rows: list[Engagement]) -> list[Engagement]:
    """Hide the title and link of draft partnerships the viewer may not read."""
    if viewer is None or is_administrator(viewer) or is_system_coordinator(viewer):
        return rows
    mine = entity_ids_for(viewer)
    redacted = []
    for row in rows:
        hidden = (
            row.kind == EngagementKind.PARTNERSHIP
            and row.status == Partnership.Status.DRAFT
            and not (row.involved_entity_ids & mine)
            and row.author_id != viewer.pk
        )
        redacted.append(
            replace(row, label=_("Draft partnership proposal"), url="", restricted=True)
            if hidden
            else row
        )
    return redacted


def _newest_first(rows: list[Engagement]) -> list[Engagement]:
    return sorted(rows, key=lambda row: (row.since, row.kind, row.target_id), reverse=True)


def engagements(
    *,
    viewer: Any = None,
    entity: UNEntity | None = None,
    kind: str = "",
    q: str = "",
    country: str = "",
    shared_only: bool = False,
) -> list[Engagement]:
    """The open engagements of the registry page, newest first.

    `q` searches organisation names (legal and other names, ignoring case, accents and
    punctuation), `country` is the organisation's country (ISO alpha-2). The "shared" flag is
    computed over every entity, so filtering by one entity still shows which of its
    organisations others are engaging too.
    """
    rows = _mark_shared(_collect(q=q, country=country))
    if entity is not None:
        rows = [row for row in rows if row.entity.pk == entity.pk]
    if kind:
        rows = [row for row in rows if row.kind == kind]
    if shared_only:
        rows = [row for row in rows if row.shared]
    return _redact_for(viewer, _newest_first(rows))


def engagements_of_organisation(
    organisation: Organisation, *, viewer: Any = None, open_only: bool = False
) -> list[Engagement]:
    """Everything the UN system has had to do with one organisation, open and past, newest
    first (the organisation page groups them by entity)."""
    rows = _collect(organisation_ids=[organisation.pk], open_only=open_only)
    return _redact_for(viewer, _newest_first(rows))


def group_by_entity(rows: Iterable[Engagement]) -> list[tuple[UNEntity, list[Engagement]]]:
    """Rows grouped by entity: entities with an open engagement first, then by acronym."""
    groups: dict[int, list[Engagement]] = defaultdict(list)
    entities: dict[int, UNEntity] = {}
    for row in rows:
        groups[row.entity.pk].append(row)
        entities[row.entity.pk] = row.entity
    order = sorted(
        groups,
        key=lambda pk: (not any(r.is_open for r in groups[pk]), entities[pk].acronym.casefold()),
    )
    return [(entities[pk], groups[pk]) for pk in order]


def other_entities_engaging(
    organisation: Organisation, excluding_entity: UNEntity
) -> list[OtherEngagement]:
    """Open engagements of other entities with this organisation or with a record whose name
    matches it (equal after normalisation, or at least STRICT_NAME_THRESHOLD), oldest first.

    Entities that take part with `excluding_entity` in an open partnership with the
    organisation are left out: they are already working together, not competing.
    """
    matches = {
        similar.organisation.pk: similar
        for similar in similar_organisations(
            organisation.all_names, exclude_pk=organisation.pk, threshold=STRICT_NAME_THRESHOLD
        )
    }
    rows = _collect(organisation_ids=[organisation.pk, *matches])
    partners_in_arms: set[int] = set()
    for row in rows:
        if (
            row.kind == EngagementKind.PARTNERSHIP
            and excluding_entity.pk in row.involved_entity_ids
        ):
            partners_in_arms |= row.involved_entity_ids
    others = [
        OtherEngagement(engagement=row, match=matches.get(row.organisation.pk))
        for row in rows
        if row.entity.pk != excluding_entity.pk and row.entity.pk not in partners_in_arms
    ]
    return sorted(others, key=lambda other: (other.engagement.since, other.engagement.target_id))


# --- Alerts -----------------------------------------------------------------------------------


def alerts_visible_to(user: Any) -> QuerySet[CoordinationAlert]:
    """Alerts concerning the user's entities; every alert for the system coordinator and
    administrators."""
    alerts = CoordinationAlert.objects.select_related(
        "organisation", "matched_organisation", "first_entity", "second_entity"
    )
    if is_administrator(user) or is_system_coordinator(user):
        return alerts
    mine = entity_ids_for(user)
    return alerts.filter(Q(first_entity_id__in=mine) | Q(second_entity_id__in=mine))


def open_alerts(alerts: QuerySet[CoordinationAlert]) -> QuerySet[CoordinationAlert]:
    return alerts.filter(coordinator_acknowledged_at__isnull=True).filter(
        Q(first_acknowledged_at__isnull=True) | Q(second_acknowledged_at__isnull=True)
    )
