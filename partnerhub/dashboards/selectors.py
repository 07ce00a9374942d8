"""Reads behind the dashboards: one function per figure, each taking a Scope and returning
plain rows (dicts with fixed keys) or a plain summary. The docstring of each function is the
figure's definition; the page prints the same definition under the figure (tables.py).

Every function runs a fixed number of queries whatever the number of partnerships, routes or
screenings: counting happens in the database or over one flat list of values.

Common ground for the partnership figures:
- Drafts are never counted: they are private to the entities writing them.
- The year of a partnership is the year of its start date, else of its signature date, else of
  the day its record was created. The optional year range filters partnerships by that year,
  offer routes by the year they were received and screenings by the year they were decided.
- Entity scope: partnerships the entity leads or participates in, offers routed to it and
  screenings it requested. Country scope: partnerships in that country, offers for it and
  screenings of organisations based there.
- Public scope (the system-wide report anyone may read): only the partnerships of
  `partnerships.selectors.public_partnerships()` (signed, not UN-only) are counted, so no figure
  reveals a UN-only or unsigned partnership, not even as a count. Screening outcomes and offer
  routing carry no partnership detail and stay whole, as aggregates.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    CharField,
    Count,
    DateField,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear, TruncDate
from django.utils import timezone
from django.utils.translation import gettext

from partnerhub.agreements import selectors as agreement_selectors
from partnerhub.core.models import AuditEvent
from partnerhub.dashboards import figures
from partnerhub.entities.models import UNEntity
from partnerhub.marketplace.models import Need, Offer, OfferRoute
from partnerhub.marketplace.workdays import working_days_between
from partnerhub.partnerships.models import Contribution, Partnership
from partnerhub.partnerships.selectors import public_partnerships
from partnerhub.results.models import KPI, Evaluation, ProgressReport
from partnerhub.results.selectors import HIGHER_LEVELS, OPEN_REPORT_STATES, REPORTING_STATES
from partnerhub.screening.models import Screening
from partnerhub.vocabularies.models import Country, PartnershipType, Region, SDGGoal

Status = Partnership.Status

# Reached agreement or went further (terminated partnerships had been active).
REACHED_AGREEMENT = (
    Status.AGREEMENT,
    Status.ACTIVE,
    Status.SUSPENDED,
    Status.CLOSING,
    Status.CLOSED,
    Status.TERMINATED,
)
# Became active at some point: signed and started.
STARTED = (Status.ACTIVE, Status.SUSPENDED, Status.CLOSING, Status.CLOSED, Status.TERMINATED)
# Implementation over: an evaluation is expected.
ENDED = (Status.CLOSING, Status.CLOSED, Status.TERMINATED)
# A KPI defined in one of these states was not "at design": the partnership had started.
AFTER_ACTIVATION = STARTED
# A partnership running this long is expected to have had at least a mid-term evaluation.
EVALUATION_EXPECTED_AFTER_DAYS = 730
SCREENING_WINDOW_DAYS = 365
# Sums come back as 2000 from SQLite and 2000.00 from PostgreSQL; quantising makes them agree.
CENTS = Decimal("0.01")

STATE_ORDER = [s for s in Status.values if s != Status.DRAFT]

PARTNERSHIP_YEAR = Coalesce(
    "starts_on", "signed_on", TruncDate("created_at"), output_field=DateField()
)


@dataclass(frozen=True)
class Scope:
    """What a dashboard covers: the whole system, one entity or one country, optionally
    within a range of years (inclusive); `public` keeps to the partnerships anyone may read."""

    entity: UNEntity | None = None
    country: Country | None = None
    year_from: int | None = None
    year_to: int | None = None
    public: bool = False

    @property
    def kind(self) -> str:
        if self.entity is not None:
            return "entity"
        if self.country is not None:
            return "country"
        return "system"

    def in_years(self, field: str) -> Q:
        condition = Q()
        if self.year_from is not None:
            condition &= Q(**{f"{field}__year__gte": self.year_from})
        if self.year_to is not None:
            condition &= Q(**{f"{field}__year__lte": self.year_to})
        return condition


def _partnership_ids(scope: Scope) -> QuerySet[Partnership, Any]:
    """The counted partnerships of the scope, as a subquery of primary keys."""
    if scope.public:
        partnerships = public_partnerships()
    else:
        partnerships = Partnership.objects.exclude(status=Status.DRAFT)
    if scope.entity is not None:
        participating = Partnership.participating_entities.through.objects.filter(
            unentity_id=scope.entity.pk
        ).values("partnership_id")
        partnerships = partnerships.filter(
            Q(lead_entity_id=scope.entity.pk) | Q(pk__in=participating)
        )
    if scope.country is not None:
        located = Partnership.countries.through.objects.filter(country_id=scope.country.pk).values(
            "partnership_id"
        )
        partnerships = partnerships.filter(pk__in=located)
    if scope.year_from is not None or scope.year_to is not None:
        partnerships = partnerships.annotate(year=ExtractYear(PARTNERSHIP_YEAR))
        if scope.year_from is not None:
            partnerships = partnerships.filter(year__gte=scope.year_from)
        if scope.year_to is not None:
            partnerships = partnerships.filter(year__lte=scope.year_to)
    return partnerships.values("pk")


def _partnerships(scope: Scope, states: tuple[str, ...] | None = None) -> QuerySet[Partnership]:
    partnerships = Partnership.objects.filter(pk__in=_partnership_ids(scope))
    if states is not None:
        partnerships = partnerships.filter(status__in=states)
    return partnerships.order_by()


# --- Counts of partnerships -------------------------------------------------------------------


def partnerships_by_type(scope: Scope) -> list[dict[str, Any]]:
    """Partnerships past draft by type of partnership (A/66/320), most frequent first; those
    without a type form a row with an empty `type`. Each partnership counts once."""
    counts = dict(
        _partnerships(scope).values_list("partnership_type").annotate(n=Count("pk")).order_by()
    )
    types = {t.slug: t for t in PartnershipType.objects.filter(slug__in=[k for k in counts if k])}
    rows = [
        {
            "type": slug or "",
            "label": types[slug].label if slug in types else "",
            "partnerships": count,
        }
        for slug, count in counts.items()
    ]
    return sorted(rows, key=lambda r: (-r["partnerships"], r["type"] == "", r["label"]))


def partnerships_by_state(scope: Scope) -> list[dict[str, Any]]:
    """Partnerships past draft by their current state, in lifecycle order, every state listed
    (zero included). Each partnership counts once."""
    counts = dict(_partnerships(scope).values_list("status").annotate(n=Count("pk")).order_by())
    labels = dict(Status.choices)
    return [
        {"state": state, "label": str(labels[state]), "partnerships": counts.get(state, 0)}
        for state in STATE_ORDER
    ]


def partnerships_by_sdg(scope: Scope) -> list[dict[str, Any]]:
    """Partnerships past draft tagged with each of the 17 SDGs (zero included). A partnership
    tagged with several goals counts once under each, so the rows add up to more than the
    number of partnerships."""
    through = Partnership.sdgs.through.objects.filter(partnership_id__in=_partnership_ids(scope))
    counts = dict(
        through.values_list("sdggoal_id").annotate(n=Count("partnership_id", distinct=True))
    )
    return [
        {
            "sdg": goal.number,
            "label": gettext(goal.short_title),
            "colour": goal.colour,
            "partnerships": counts.get(goal.number, 0),
        }
        for goal in SDGGoal.objects.order_by("number")
    ]


def partnerships_by_country(scope: Scope) -> list[dict[str, Any]]:
    """Partnerships past draft in each country where there is at least one, most first. A
    partnership in several countries counts once under each."""
    through = Partnership.countries.through.objects.filter(
        partnership_id__in=_partnership_ids(scope)
    )
    counts = dict(
        through.values_list("country_id").annotate(n=Count("partnership_id", distinct=True))
    )
    countries = Country.objects.filter(iso2__in=counts).select_related("region")
    rows = [
        {
            "iso2": country.iso2,
            "country": country.label,
            "region": country.region.label if country.region else "",
            "partnerships": counts[country.iso2],
        }
        for country in countries
    ]
    return sorted(rows, key=lambda r: (-r["partnerships"], r["country"]))


def partnerships_by_region(scope: Scope) -> list[dict[str, Any]]:
    """Partnerships past draft in each UN M49 region, most first. A partnership in several
    countries of one region counts once there; one in several regions counts in each. A final
    row with an empty `m49` counts the partnerships with no country recorded (global ones)."""
    ids = _partnership_ids(scope)
    through = Partnership.countries.through.objects.filter(partnership_id__in=ids)
    counts = dict(
        through.values_list("country__region_id").annotate(n=Count("partnership_id", distinct=True))
    )
    regions = {r.m49: r for r in Region.objects.filter(m49__in=[k for k in counts if k])}
    rows = [
        {
            "m49": m49 or "",
            "region": regions[m49].label if m49 in regions else "",
            "partnerships": count,
        }
        for m49, count in counts.items()
    ]
    rows.sort(key=lambda r: (-r["partnerships"], r["region"]))
    without_country = (
        Partnership.objects.filter(pk__in=ids).filter(countries__isnull=True).order_by().count()
    )
    if without_country:
        rows.append({"m49": "", "region": "", "partnerships": without_country})
    return rows


def partnerships_started_by_year(scope: Scope) -> list[dict[str, Any]]:
    """Partnerships that became active (now active, suspended, closing, closed or terminated)
    by the year they started (see the module's definition of a partnership's year), from the
    first year to the last with every year in between (zero included)."""
    counts = dict(
        _partnerships(scope, STARTED)
        .annotate(year=ExtractYear(PARTNERSHIP_YEAR))
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    if not counts:
        return []
    first, last = min(counts), max(counts)
    return [{"year": year, "partnerships": counts.get(year, 0)} for year in range(first, last + 1)]


# --- Contributions ----------------------------------------------------------------------------


def contributions(scope: Scope) -> list[dict[str, Any]]:
    """Contributions recorded on partnerships that reached agreement or went further, summed
    by kind and currency, partners' and UN entities' apart. Pro bono hours have no currency
    (`currency` empty; amounts are hours). Amounts in different currencies are never added."""
    totals = (
        Contribution.objects.filter(
            partnership_id__in=_partnerships(scope, REACHED_AGREEMENT).values("pk")
        )
        .values_list("kind", "currency")
        .annotate(
            partner_total=Sum("amount", filter=Q(partner__isnull=False)),
            un_total=Sum("amount", filter=Q(entity__isnull=False)),
            partnerships=Count("partnership", distinct=True),
        )
        .order_by("kind", "currency")
    )
    labels = dict(Contribution.Kind.choices)
    return [
        {
            "kind": kind,
            "label": str(labels.get(kind, kind)),
            "currency": currency,
            "partner_total": (partner or Decimal(0)).quantize(CENTS),
            "un_total": (un or Decimal(0)).quantize(CENTS),
            "partnerships": partnerships,
        }
        for kind, currency, partner, un, partnerships in totals
    ]


def leverage(scope: Scope) -> list[dict[str, Any]]:
    """Per currency: partners' cash and in-kind contributions ÷ UN entities' cash and in-kind
    contributions, on partnerships that reached agreement or went further. Empty ratio when
    the UN brought nothing in that currency. Hours are left out (they have no currency)."""
    partner: dict[str, Decimal] = {}
    un: dict[str, Decimal] = {}
    for row in contributions(scope):
        if not row["currency"]:
            continue
        partner[row["currency"]] = partner.get(row["currency"], Decimal(0)) + row["partner_total"]
        un[row["currency"]] = un.get(row["currency"], Decimal(0)) + row["un_total"]
    return [
        {
            "currency": item.currency,
            "partner_total": item.partner_total,
            "un_total": item.un_total,
            "leverage": item.ratio,
        }
        for item in figures.leverage_per_currency(partner, un)
    ]


# --- Shares -----------------------------------------------------------------------------------


def _by_lead_entity(
    eligible: QuerySet[Partnership], counted: QuerySet[Partnership]
) -> list[dict[str, Any]]:
    """Rows per lead entity (acronym order) and a final total row (`entity` empty)."""
    denominators = dict(eligible.values_list("lead_entity__acronym").annotate(n=Count("pk")))
    numerators = dict(counted.values_list("lead_entity__acronym").annotate(n=Count("pk")))
    rows = []
    for acronym in sorted(denominators):
        share = figures.Share(numerators.get(acronym, 0), denominators[acronym])
        rows.append(
            {
                "entity": acronym,
                "counted": share.numerator,
                "eligible": share.denominator,
                "percent": share.percent,
            }
        )
    total = figures.Share(sum(numerators.values()), sum(denominators.values()))
    rows.append(
        {
            "entity": "",
            "counted": total.numerator,
            "eligible": total.denominator,
            "percent": total.percent,
        }
    )
    return rows


def share_with_kpis_at_design(scope: Scope) -> list[dict[str, Any]]:
    """Partnerships that reached agreement or went further whose results framework had, before
    activation, at least one outcome- or impact-level KPI with a baseline (a value and year,
    or a qualitative description) and at least one target (a value or a description): KPIs
    defined while the partnership was active, suspended, closing, closed or terminated do not
    count. ÷ partnerships that reached agreement or went further. By lead entity, then total
    (`counted` = with KPIs at design, `eligible` = reached agreement)."""
    eligible = _partnerships(scope, REACHED_AGREEMENT)
    at_design = (
        KPI.objects.filter(partnership_id__in=eligible.values("pk"), result_level__in=HIGHER_LEVELS)
        .filter(
            Q(baseline_value__isnull=False, baseline_year__isnull=False) | ~Q(baseline_comment="")
        )
        .filter(Q(targets__value__isnull=False) | ~Q(targets__comment=""))
        .exclude(defined_at_status__in=AFTER_ACTIVATION)
        .values("partnership_id")
    )
    return _by_lead_entity(eligible, eligible.filter(pk__in=at_design))


def share_evaluated(scope: Scope) -> list[dict[str, Any]]:
    """Partnerships with at least one evaluation (mid-term or final, internal or independent)
    ÷ partnerships where one is expected: those whose implementation is over (closing, closed
    or terminated) and those active or suspended for at least two years (730 days since their
    signature date, else their start date). By lead entity, then total (`counted` =
    evaluated, `eligible` = evaluation expected)."""
    cutoff = timezone.localdate() - datetime.timedelta(days=EVALUATION_EXPECTED_AFTER_DAYS)
    running_since = Coalesce("signed_on", "starts_on", output_field=DateField())
    eligible = (
        _partnerships(scope)
        .annotate(running_since=running_since)
        .filter(
            Q(status__in=ENDED)
            | Q(
                status__in=(Status.ACTIVE, Status.SUSPENDED),
                running_since__lte=cutoff,
            )
        )
    )
    evaluated = Evaluation.objects.values("partnership_id")
    return _by_lead_entity(eligible, eligible.filter(pk__in=evaluated))


# --- Reporting --------------------------------------------------------------------------------


def overdue_reports(scope: Scope) -> list[dict[str, Any]]:
    """Progress reports (including final reports) of reporting partnerships (active or
    closing) still due or returned for changes after their due date, oldest due date first,
    with the days elapsed since it. The same definition as the results app's lists and
    reminders: a suspended partnership's reporting is paused, and one in a final state
    (closed, terminated, withdrawn, rejected) owes no more reports."""
    today = timezone.localdate()
    reports = (
        ProgressReport.objects.filter(
            partnership_id__in=_partnerships(scope, REPORTING_STATES).values("pk"),
            status__in=OPEN_REPORT_STATES,
            due_on__lt=today,
        )
        .select_related("partnership__lead_entity")
        .order_by("due_on", "pk")
    )
    labels = dict(ProgressReport.Status.choices)
    return [
        {
            "partnership_id": report.partnership_id,
            "partnership": report.partnership.title,
            "lead_entity": report.partnership.lead_entity.acronym,
            "period_start": report.period_start,
            "period_end": report.period_end,
            "final": report.is_final,
            "due_on": report.due_on,
            "days_overdue": (today - report.due_on).days,
            "status": str(labels[report.status]),
        }
        for report in reports
    ]


# --- Screening --------------------------------------------------------------------------------


def screening_outcomes(scope: Scope) -> list[dict[str, Any]]:
    """Completed screenings decided in the last 12 months (365 days; with a year range, decided
    in those years instead), by risk rating (low to high, every rating listed; an empty
    `rating` if none was given), with the number of each decision and the total. No rows when
    no screening was completed in the period."""
    screenings = Screening.objects.filter(status=Screening.Status.COMPLETED)
    if scope.year_from is None and scope.year_to is None:
        since = timezone.now() - datetime.timedelta(days=SCREENING_WINDOW_DAYS)
        screenings = screenings.filter(decided_at__gte=since)
    else:
        screenings = screenings.filter(scope.in_years("decided_at"))
    if scope.entity is not None:
        screenings = screenings.filter(requesting_entity_id=scope.entity.pk)
    if scope.country is not None:
        screenings = screenings.filter(organisation__country_id=scope.country.pk)
    counts = screenings.values_list("rating", "decision").annotate(n=Count("pk")).order_by()
    grid: dict[str, dict[str, int]] = defaultdict(dict)
    for rating, decision, count in counts:
        grid[rating][decision] = count
    if not grid:
        return []
    labels = dict(Screening.Rating.choices)
    rows = []
    for rating in [*Screening.Rating.values, ""]:
        if rating == "" and rating not in grid:
            continue
        decisions = grid.get(rating, {})
        row: dict[str, Any] = {"rating": rating, "label": str(labels.get(rating, ""))}
        for decision in Screening.Decision.values:
            row[decision] = decisions.get(decision, 0)
        row["total"] = sum(decisions.values())
        rows.append(row)
    return rows


# --- Marketplace ------------------------------------------------------------------------------


def listings_by_status(scope: Scope) -> list[dict[str, Any]]:
    """Needs and offers published on the marketplace (drafts left out) by current status,
    every status listed, needs first; with a year range, by the year they were published.
    Entity: its own needs and the offers routed to it; country: needs and offers naming it."""
    needs = Need.objects.exclude(status=Need.Status.DRAFT).filter(scope.in_years("published_at"))
    offers = Offer.objects.exclude(status=Offer.Status.DRAFT).filter(scope.in_years("published_at"))
    if scope.entity is not None:
        needs = needs.filter(entity_id=scope.entity.pk)
        routed = OfferRoute.objects.filter(entity_id=scope.entity.pk).values("offer_id")
        offers = offers.filter(pk__in=routed)
    if scope.country is not None:
        needs = needs.filter(
            pk__in=Need.countries.through.objects.filter(country_id=scope.country.pk).values(
                "need_id"
            )
        )
        offers = offers.filter(
            pk__in=Offer.countries.through.objects.filter(country_id=scope.country.pk).values(
                "offer_id"
            )
        )
    rows = []
    for kind, listings, statuses in (
        ("need", needs, Need.Status),
        ("offer", offers, Offer.Status),
    ):
        counts = dict(listings.order_by().values_list("status").annotate(n=Count("pk")))
        rows += [
            {"kind": kind, "status": value, "label": str(label), "listings": counts.get(value, 0)}
            for value, label in statuses.choices
            if value != "draft"
        ]
    return rows


# --- Offers routed ----------------------------------------------------------------------------


def _routes(scope: Scope) -> QuerySet[OfferRoute]:
    routes = OfferRoute.objects.filter(scope.in_years("received_at"))
    if scope.entity is not None:
        routes = routes.filter(entity_id=scope.entity.pk)
    if scope.country is not None:
        for_country = Offer.countries.through.objects.filter(country_id=scope.country.pk)
        routes = routes.filter(offer_id__in=for_country.values("offer_id"))
    return routes.order_by()


def routes_by_status(scope: Scope) -> list[dict[str, Any]]:
    """Offers routed to entities (one row per offer and entity, whether routed by mandate fit,
    forwarded or sent by the coordinator) by the route's current status, every status listed."""
    counts = dict(_routes(scope).values_list("status").annotate(n=Count("pk")))
    return [
        {"status": value, "label": str(label), "routes": counts.get(value, 0)}
        for value, label in OfferRoute.Status.choices
    ]


def acknowledgement_times(scope: Scope) -> list[dict[str, Any]]:
    """Per entity that received routed offers (acronym order), then a total row (`entity`
    empty): offers received; acknowledged, and of those acknowledged by their deadline (ten
    working days); the median and 90th percentile (nearest rank) of working days from receipt
    to acknowledgement (weekends excluded, as in the marketplace's deadlines); still waiting
    (received, not acknowledged) and overdue among them (deadline passed)."""
    now = timezone.now()
    values = _routes(scope).values_list(
        "entity__acronym", "status", "received_at", "acknowledged_at", "acknowledge_due_at"
    )
    grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in values:
        grouped[row[0]].append(row)

    def summary(entity: str, routes: list[tuple[Any, ...]]) -> dict[str, Any]:
        acknowledged = [r for r in routes if r[3] is not None]
        delays = [working_days_between(r[2], r[3]) for r in acknowledged]
        waiting = [r for r in routes if r[3] is None and r[1] == OfferRoute.Status.RECEIVED]
        median = figures.median(delays)
        p90 = figures.percentile(delays, 90)
        return {
            "entity": entity,
            "received": len(routes),
            "acknowledged": len(acknowledged),
            "in_time": sum(1 for r in acknowledged if r[3] <= r[4]),
            "median_working_days": None if median is None else round(median, 1),
            "p90_working_days": None if p90 is None else round(p90, 1),
            "waiting": len(waiting),
            "overdue": sum(1 for r in waiting if r[4] < now),
        }

    rows = [summary(acronym, grouped[acronym]) for acronym in sorted(grouped)]
    if rows:
        rows.append(summary("", [r for routes in grouped.values() for r in routes]))
    return rows


def overdue_routes(scope: Scope) -> list[dict[str, Any]]:
    """Offers waiting for acknowledgement beyond the target: routes still received (not
    acknowledged) whose deadline of ten working days after receipt has passed, longest
    waiting first, with the working days since receipt."""
    now = timezone.now()
    routes = (
        _routes(scope)
        .filter(status=OfferRoute.Status.RECEIVED, acknowledge_due_at__lt=now)
        .select_related("offer__organisation", "entity")
        .order_by("received_at", "pk")
    )
    return [
        {
            "route_id": route.pk,
            "offer": route.offer.title,
            "company": route.offer.organisation.legal_name,
            "entity": route.entity.acronym,
            "received_at": route.received_at,
            "due_at": route.acknowledge_due_at,
            "working_days_waiting": round(working_days_between(route.received_at, now), 1),
        }
        for route in routes
    ]


# --- Time to signature ------------------------------------------------------------------------


def time_to_signature(scope: Scope) -> list[dict[str, Any]]:
    """Partnerships that became active, each with the days from proposal to signature:
    proposal = the first move into "proposed" in the audit trail (else the day the record was
    created); signature = the signature date recorded with the agreement (else the first move
    into "active"). Partnerships whose recorded signature predates the proposal (history
    entered after the fact) are listed last with no `days` and `entered_after_signature`
    set: they are signed, but left out of the median and percentile. Longest first."""
    partnerships = list(
        _partnerships(scope, STARTED)
        .select_related("lead_entity")
        .only("pk", "title", "created_at", "signed_on", "lead_entity__acronym")
    )
    content_type = ContentType.objects.get_for_model(Partnership)
    pks = _partnerships(scope, STARTED).annotate(pk_text=Cast("pk", CharField())).values("pk_text")
    moves = (
        AuditEvent.objects.filter(
            verb="partnership.status_changed", target_type=content_type, target_id__in=pks
        )
        .order_by("created_at", "pk")
        .values_list("target_id", "details", "created_at")
    )
    proposed: dict[str, datetime.datetime] = {}
    activated: dict[str, datetime.datetime] = {}
    for target_id, details, created_at in moves:
        moved_to = details.get("to") if isinstance(details, dict) else None
        if moved_to == Status.PROPOSED:
            proposed.setdefault(target_id, created_at)
        elif moved_to == Status.ACTIVE:
            activated.setdefault(target_id, created_at)
    rows = []
    for partnership in partnerships:
        key = str(partnership.pk)
        start = timezone.localdate(proposed.get(key, partnership.created_at))
        if partnership.signed_on is not None:
            end = partnership.signed_on
        elif key in activated:
            end = timezone.localdate(activated[key])
        else:
            continue
        after_the_fact = end < start
        rows.append(
            {
                "partnership_id": partnership.pk,
                "partnership": partnership.title,
                "lead_entity": partnership.lead_entity.acronym,
                "proposed_on": start,
                "signed_on": end,
                "days": None if after_the_fact else (end - start).days,
                "entered_after_signature": after_the_fact,
            }
        )
    return sorted(
        rows,
        key=lambda r: (r["days"] is None, -(r["days"] or 0), r["partnership_id"]),
    )


def time_to_signature_summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Over the rows of `time_to_signature`: partnerships signed (every row), those measured
    (`partnerships`) and those left out because their record was entered after the
    signature (`excluded`); median and 90th percentile (nearest rank) of the measured days."""
    days = [row["days"] for row in rows if row["days"] is not None]
    return {
        "signed": len(rows),
        "partnerships": len(days),
        "excluded": len(rows) - len(days),
        "median_days": figures.median(days),
        "p90_days": figures.percentile(days, 90),
    }


# --- The system-wide report: figures it adds to the dashboards --------------------------------


def partnerships_by_entity(scope: Scope) -> list[dict[str, Any]]:
    """Partnerships past draft by UN entity: those it leads, those it takes part in without
    leading, and its total (each partnership once per entity), most first. A partnership
    with several entities counts under each, so the totals add up to more than the number of
    partnerships."""
    ids = _partnership_ids(scope)
    leads = list(Partnership.objects.filter(pk__in=ids).values_list("lead_entity_id", "pk"))
    takes_part = list(
        Partnership.participating_entities.through.objects.filter(
            partnership_id__in=ids
        ).values_list("unentity_id", "partnership_id")
    )
    led: dict[int, set[int]] = defaultdict(set)
    involved: dict[int, set[int]] = defaultdict(set)
    for entity_id, partnership_id in leads:
        led[entity_id].add(partnership_id)
        involved[entity_id].add(partnership_id)
    for entity_id, partnership_id in takes_part:
        involved[entity_id].add(partnership_id)
    acronyms = dict(UNEntity.objects.filter(pk__in=involved).values_list("pk", "acronym"))
    rows = [
        {
            "entity": acronyms[entity_id],
            "leads": len(led[entity_id]),
            "takes_part": len(partnerships - led[entity_id]),
            "partnerships": len(partnerships),
        }
        for entity_id, partnerships in involved.items()
    ]
    return sorted(rows, key=lambda r: (-r["partnerships"], r["entity"]))


def _every_year(counts: dict[int, Any], zero: Any) -> list[tuple[int, Any]]:
    if not counts:
        return []
    return [(year, counts.get(year, zero)) for year in range(min(counts), max(counts) + 1)]


def contributions_by_year(scope: Scope) -> list[dict[str, Any]]:
    """Cash and in-kind contributions recorded on partnerships that reached agreement or went
    further, by the partnership's year (its start date, else its signature date, else the day
    its record was created) and currency, partners' and UN entities' apart; every year from
    the first to the last listed for each currency. Pro bono hours are left out (they have no
    currency) and currencies are never added together."""
    year = ExtractYear(
        Coalesce(
            "partnership__starts_on",
            "partnership__signed_on",
            TruncDate("partnership__created_at"),
            output_field=DateField(),
        )
    )
    totals = (
        Contribution.objects.filter(
            partnership_id__in=_partnerships(scope, REACHED_AGREEMENT).values("pk")
        )
        .exclude(currency="")
        .annotate(year=year)
        .values_list("currency", "year")
        .annotate(
            partner_total=Sum("amount", filter=Q(partner__isnull=False)),
            un_total=Sum("amount", filter=Q(entity__isnull=False)),
        )
        .order_by()
    )
    by_currency: dict[str, dict[int, tuple[Decimal, Decimal]]] = defaultdict(dict)
    for currency, contribution_year, partner, un in totals:
        by_currency[currency][contribution_year] = (
            (partner or Decimal(0)).quantize(CENTS),
            (un or Decimal(0)).quantize(CENTS),
        )
    zero = (Decimal("0.00"), Decimal("0.00"))
    return [
        {
            "currency": currency,
            "year": year_,
            "partner_total": partner,
            "un_total": un,
            "total": partner + un,
        }
        for currency in sorted(by_currency)
        for year_, (partner, un) in _every_year(by_currency[currency], zero)
    ]


def evaluations_by_year(scope: Scope) -> list[dict[str, Any]]:
    """Evaluations (mid-term and final) of partnerships past draft by the year they were
    completed, with the number of partnerships evaluated that year; every year from the first
    to the last listed. With a year range: evaluations completed in those years (of any
    partnership of the scope, whatever its own year)."""
    ids = _partnership_ids(replace(scope, year_from=None, year_to=None))
    counts = (
        Evaluation.objects.filter(partnership_id__in=ids)
        .filter(scope.in_years("completed_on"))
        .annotate(year=ExtractYear("completed_on"))
        .values_list("year")
        .annotate(n=Count("pk"), partnerships=Count("partnership", distinct=True))
        .order_by()
    )
    by_year = {year: (count, partnerships) for year, count, partnerships in counts}
    return [
        {"year": year, "evaluations": count, "partnerships": partnerships}
        for year, (count, partnerships) in _every_year(by_year, (0, 0))
    ]


@dataclass(frozen=True)
class SignatureGroup:
    """The agreements' time-to-signature figures of one group (a kind of agreement, a lead
    entity, or all: `label` empty), restricted to the scope."""

    label: str
    agreements: int
    median_days: float | None
    mean_days: float | None
    p90_days: float | None
    median_sent_days: float | None


def _signature_group(figures_: agreement_selectors.SignatureFigures) -> SignatureGroup:
    days = figures_.draft_to_signature
    return SignatureGroup(
        label=figures_.label,
        agreements=figures_.count,
        median_days=figures_.median_days,
        mean_days=round(statistics.mean(days), 1) if days else None,
        p90_days=figures_.p90_days,
        median_sent_days=figures_.median_sent_days,
    )


def agreement_signature_times(scope: Scope) -> dict[str, list[SignatureGroup]]:
    """Signed agreements (agreements app, `time_to_signature_report`): calendar days from the
    first draft (the agreement's creation) to the date of signature; median, mean and 90th
    percentile (nearest rank), and the median from sending for signature to signature. By
    kind of agreement and by lead entity, then all. Only agreements of the scope's
    partnerships (in the public report: public partnerships); with a year range, agreements
    signed in those years. `{"by_template": [...], "by_entity": [...], "overall": [one]}`."""
    report = agreement_selectors.time_to_signature_report()
    allowed = set(
        _partnerships(replace(scope, year_from=None, year_to=None)).values_list("pk", flat=True)
    )
    kept = [
        row
        for row in report.rows
        if row["agreement"].partnership_id in allowed
        and (scope.year_from is None or row["signed_on"].year >= scope.year_from)
        and (scope.year_to is None or row["signed_on"].year <= scope.year_to)
    ]
    # The agreements report covers every signed agreement; the scope keeps some of them, so
    # the groups are rebuilt over the rows kept, with the report's own figures class.
    groups = _regroup(report, kept)
    return {name: [_signature_group(g) for g in items] for name, items in groups.items()}


def _regroup(
    report: agreement_selectors.SignatureReport, rows: list[dict[str, Any]]
) -> dict[str, list[agreement_selectors.SignatureFigures]]:
    by_template: dict[str, agreement_selectors.SignatureFigures] = {}
    by_entity: dict[str, agreement_selectors.SignatureFigures] = {}
    overall = agreement_selectors.SignatureFigures(label="")
    for row in rows:
        for figures_ in (
            by_template.setdefault(
                row["kind"], agreement_selectors.SignatureFigures(row["kind_label"])
            ),
            by_entity.setdefault(
                row["entity"], agreement_selectors.SignatureFigures(row["entity"])
            ),
            overall,
        ):
            figures_.count += 1
            figures_.draft_to_signature.append(row["draft_to_signature_days"])
            if row["sent_to_signature_days"] is not None:
                figures_.sent_to_signature.append(row["sent_to_signature_days"])
    template_order = [g.label for g in report.by_template]
    return {
        "by_template": sorted(
            by_template.values(),
            key=lambda g: template_order.index(g.label) if g.label in template_order else 99,
        ),
        "by_entity": [by_entity[e] for e in sorted(by_entity)],
        "overall": [overall] if rows else [],
    }
