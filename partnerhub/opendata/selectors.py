"""Reads behind the open data: the public rows of each dataset and the filters of the public
partnership list. Every query starts from the owning app's public selector
(`partnerships.selectors.public_partnerships`, the marketplace's and knowledge base's
anonymous visibility), so nothing here can widen what the public sees."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.entities.models import UNEntity
from partnerhub.knowledge.models import Lesson
from partnerhub.knowledge.selectors import lessons_visible_to
from partnerhub.marketplace.models import Need
from partnerhub.marketplace.selectors import (
    public_open_needs,
)
from partnerhub.opendata import registry
from partnerhub.partnerships.models import Contribution, Partnership, PartnershipPartner
from partnerhub.partnerships.selectors import (
    PUBLIC_STATES,
    public_partnerships,
    running_in_year,
)
from partnerhub.results.models import KPI, KPIActual, ProgressReport
from partnerhub.vocabularies.models import Country, PartnershipType, Region

# The public list's "current" and "past" (partnerhub.portal.filters) are accepted too.
STATE_ALIASES = {
    "current": (Partnership.Status.ACTIVE, Partnership.Status.CLOSING),
    "past": (Partnership.Status.CLOSED,),
}
PARTNERSHIP_FILTERS = ("q", "type", "entity", "country", "region", "sdg", "year", "state")
QUERY_MAX_LENGTH = 200
MIN_YEAR, MAX_YEAR = 1945, 2100


def clean_partnership_filters(
    parameters: Mapping[str, str], *, allowed: tuple[str, ...] = PARTNERSHIP_FILTERS
) -> dict[str, Any]:
    """The public partnership list's filters from request parameters: q (words to search, as
    on the public list), type (a partnership type's
    slug), entity (a UN entity's slug: lead or participating), country (ISO 3166-1 alpha-2),
    region (UN M49 code of a region or sub-region), sdg (1-17), year (running that year) and
    state (active, closing or closed). Empty values are ignored; parameters not in `allowed`
    are not read. Raises ValidationError naming every bad value."""
    values = registry.filter_values(parameters, allowed)
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if "q" in values:
        if len(values["q"]) > QUERY_MAX_LENGTH:
            errors["q"] = _("The search is longer than 200 characters.")
        else:
            cleaned["q"] = values["q"]
    if "type" in values:
        if PartnershipType.objects.filter(slug=values["type"]).exists():
            cleaned["type"] = values["type"]
        else:
            errors["type"] = _("No type of partnership is called “%(value)s”.")
    registry.clean_entity(values, cleaned, errors)
    registry.clean_country(values, cleaned, errors)
    if "region" in values:
        if Region.objects.filter(m49=values["region"]).exists():
            cleaned["region"] = values["region"]
        else:
            errors["region"] = _("“%(value)s” is not the UN M49 code of a region.")
    registry.clean_sdg(values, cleaned, errors)
    if "year" in values:
        year = registry.clean_integer(values["year"], MIN_YEAR, MAX_YEAR)
        if year is None:
            errors["year"] = _("“%(value)s” is not a year between 1945 and 2100.")
        else:
            cleaned["year"] = year
    if "state" in values:
        if values["state"] in PUBLIC_STATES or values["state"] in STATE_ALIASES:
            cleaned["state"] = values["state"]
        else:
            errors["state"] = _("“%(value)s” is not a public state: use %(states)s.")
    registry.raise_filter_errors(errors, values, states=", ".join([*PUBLIC_STATES, *STATE_ALIASES]))
    return cleaned


def filtered_public_partnerships(filters: Mapping[str, Any]) -> QuerySet[Partnership]:
    """Public partnerships matching every cleaned filter, by id."""
    conditions = Q()
    if filters.get("type"):
        conditions &= Q(partnership_type_id=filters["type"])
    if filters.get("entity"):
        conditions &= Q(lead_entity__slug=filters["entity"]) | Q(
            participating_entities__slug=filters["entity"]
        )
    if filters.get("lead_entity"):
        conditions &= Q(lead_entity__slug=filters["lead_entity"])
    if filters.get("country"):
        conditions &= Q(countries__iso2=filters["country"])
    if filters.get("region"):
        conditions &= Q(countries__region_id=filters["region"]) | Q(
            countries__subregion_id=filters["region"]
        )
    if filters.get("sdg"):
        conditions &= Q(sdgs__number=filters["sdg"])
    if filters.get("year"):
        # Running that year: started (or, without a start date, signed) by its end, and not
        # ended before it began.
        conditions &= running_in_year(filters["year"])
    if filters.get("state"):
        conditions &= Q(status__in=STATE_ALIASES.get(filters["state"], (filters["state"],)))
    partnerships = public_partnerships()
    if conditions:
        matching = Partnership.objects.filter(conditions).values("pk")
        partnerships = partnerships.filter(pk__in=matching)
    if filters.get("q"):
        from partnerhub.search.selectors import filter_by_search

        partnerships = filter_by_search(partnerships, filters["q"])
    return partnerships.order_by("pk")


def partnership_rows(filters: Mapping[str, Any]) -> QuerySet[Partnership]:
    """Filtered public partnerships with everything the dataset's records read."""
    return (
        filtered_public_partnerships(filters)
        .select_related("lead_entity", "partnership_type")
        .prefetch_related(
            Prefetch("participating_entities", queryset=UNEntity.objects.order_by("acronym")),
            Prefetch("countries", queryset=Country.objects.order_by("iso2")),
            "sdgs",
            "sdg_targets",
            Prefetch(
                "partners",
                queryset=PartnershipPartner.objects.select_related("organisation").order_by(
                    "organisation__legal_name", "pk"
                ),
            ),
            Prefetch(
                "contributions",
                queryset=Contribution.objects.select_related(
                    "entity", "partner__organisation"
                ).order_by("pk"),
            ),
        )
    )


def open_need_rows(filters: Mapping[str, Any]) -> QuerySet[Need]:
    """Needs an anonymous visitor may see that are still open (open or in discussion)."""
    return (
        public_open_needs()
        .prefetch_related("resource_types", "sdgs", "sdg_targets", "countries", "regions")
        .order_by("pk")
    )


def entity_rows(filters: Mapping[str, Any]) -> QuerySet[UNEntity]:
    """The directory of UN-system entities (public in full)."""
    return UNEntity.objects.prefetch_related(
        "sdgs", Prefetch("countries", queryset=Country.objects.order_by("iso2"))
    ).order_by("acronym")


def public_lesson_rows(filters: Mapping[str, Any]) -> QuerySet[Lesson]:
    """Lessons an anonymous visitor may see; `partnership_is_public` says whether the lesson's
    partnership may be named."""
    return (
        lessons_visible_to(AnonymousUser())
        .annotate(
            partnership_is_public=Exists(
                public_partnerships().filter(pk=OuterRef("partnership_id"))
            )
        )
        .prefetch_related("partnership_types", "sdgs", "countries", "themes")
        .order_by("pk")
    )


def iati_partnership_rows(filters: Mapping[str, Any]) -> QuerySet[Partnership]:
    """What the IATI export reads: the partnership rows plus KPIs with their targets and the
    actuals of accepted progress reports only (a report still in review is not a result)."""
    return partnership_rows(filters).prefetch_related(
        Prefetch(
            "kpis",
            queryset=KPI.objects.order_by("result_level", "pk").prefetch_related(
                "targets",
                Prefetch(
                    "actuals",
                    queryset=KPIActual.objects.filter(report__status=ProgressReport.Status.ACCEPTED)
                    .select_related("report")
                    .order_by("report__period_start", "report__period_end", "pk"),
                ),
            ),
        ),
    )


def status_dates(partnership_ids: list[int]) -> dict[int, dict[str, datetime.date]]:
    """For each partnership, the first day it was in each status, from its history (one
    query): when it became active, when it was closed."""
    history = Partnership.history.model.objects
    rows = (
        history.filter(id__in=partnership_ids, status__in=("active", "closed"))
        .values("id", "status")
        .annotate(first=Min("history_date"))
    )
    dates: dict[int, dict[str, datetime.date]] = {}
    for row in rows:
        dates.setdefault(row["id"], {})[row["status"]] = timezone.localtime(row["first"]).date()
    return dates
