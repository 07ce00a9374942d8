"""Reads of the public portal. Everything here is what an anonymous visitor may see: public
partnerships come only from partnerhub.partnerships.selectors.public_partnerships(), needs
only when public and open, lessons only when public."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.entities.models import UNEntity
from partnerhub.knowledge.models import Lesson
from partnerhub.marketplace.models import Need
from partnerhub.marketplace.selectors import public_open_needs
from partnerhub.partnerships.models import Partnership, PartnershipPartner
from partnerhub.partnerships.selectors import (
    contribution_totals,
    contributions_of,
    documents_of,
    public_partnerships,
)
from partnerhub.portal.filters import PortfolioFilter
from partnerhub.portal.models import CountryProfile
from partnerhub.results.models import ProgressReport
from partnerhub.results.selectors import KPIRow, evaluations_of, kpi_rows
from partnerhub.vocabularies.models import Country, SDGGoal

WHATS_NEW_LIMIT = 5
UPCOMING_DAYS = 183
# The demo's "Country not stated" (ZZ, the ISO user-assigned code) is no country to show.
NOT_A_COUNTRY = "ZZ"
COUNTRY_PAGE_LIMIT = 10


def _with_listing_relations(partnerships: QuerySet[Partnership]) -> QuerySet[Partnership]:
    return partnerships.select_related("lead_entity", "partnership_type").prefetch_related(
        Prefetch("partners", queryset=PartnershipPartner.objects.select_related("organisation")),
        Prefetch("sdgs", queryset=SDGGoal.objects.order_by("number")),
        Prefetch("countries", queryset=Country.objects.order_by("name")),
    )


def portfolio_filter(data: Any) -> PortfolioFilter:
    """The public list's filters over public partnerships. `.qs` is ordered by relevance when
    there is a search, else newest first; invalid filter values are listed in `.errors`."""
    return PortfolioFilter(data, queryset=public_partnerships())


def portfolio(portfolio: PortfolioFilter) -> QuerySet[Partnership]:
    partnerships = portfolio.qs
    if not (portfolio.is_bound and portfolio.form.is_valid() and portfolio.form.cleaned_data["q"]):
        partnerships = partnerships.order_by(
            F("signed_on").desc(nulls_last=True), F("starts_on").desc(nulls_last=True), "-id"
        )
    return _with_listing_relations(partnerships)


def open_needs() -> QuerySet[Need]:
    return public_open_needs()


def public_lessons() -> QuerySet[Lesson]:
    return Lesson.objects.filter(visibility=Lesson.Visibility.PUBLIC)


def public_partnership(pk: int) -> Partnership:
    partnership = (
        public_partnerships()
        .select_related("lead_entity", "partnership_type")
        .prefetch_related("participating_entities", "countries", "sdgs", "sdg_targets")
        .filter(pk=pk)
        .first()
    )
    if partnership is None:
        raise Http404(_("No public partnership has this number."))
    return partnership


@dataclass
class PublicPartnershipPage:
    partnership: Partnership
    partners: list[PartnershipPartner]
    contributions: list[Any]
    totals: list[dict[str, Any]]
    kpis: list[KPIRow]
    evaluations: list[Any]
    lessons: list[Lesson]
    documents: list[Any]


def public_partnership_page(
    partnership: Partnership, *, today: datetime.date
) -> PublicPartnershipPage:
    """What the public page shows. Results count only ACCEPTED progress reports: a report the
    UN has not reviewed yet is not published."""
    contributions = list(contributions_of(partnership))
    return PublicPartnershipPage(
        partnership=partnership,
        partners=list(partnership.partners.select_related("organisation")),
        contributions=contributions,
        totals=contribution_totals(contributions),
        kpis=kpi_rows(partnership, today=today, counted_states=(ProgressReport.Status.ACCEPTED,)),
        evaluations=list(evaluations_of(partnership)),
        lessons=list(public_lessons().filter(partnership=partnership)),
        documents=documents_of(partnership, public_only=True),
    )


@dataclass
class WhatsNew:
    partnerships: list[Partnership]
    needs: list[Need]
    lessons: list[Lesson]
    events: list[Any]
    figures: dict[str, int]


def whats_new(limit: int = WHATS_NEW_LIMIT, *, today: datetime.date | None = None) -> WhatsNew:
    """The home page: newest public partnerships (by signature, else start), open needs,
    public knowledge and the events of the coming months, with headline counts."""
    from partnerhub.initiatives.selectors import public_events_between

    today = today or timezone.localdate()
    partnerships = (
        public_partnerships()
        .select_related("lead_entity")
        .order_by(F("signed_on").desc(nulls_last=True), F("starts_on").desc(nulls_last=True), "-id")
    )
    needs = (
        open_needs()
        .select_related("entity")
        .order_by(F("published_at").desc(nulls_last=True), "-id")
    )
    return WhatsNew(
        partnerships=list(partnerships[:limit]),
        needs=list(needs[:limit]),
        lessons=list(public_lessons().order_by("-created_at", "-id")[:limit]),
        events=list(
            public_events_between(today, today + datetime.timedelta(days=UPCOMING_DAYS)).order_by(
                "starts_on", "pk"
            )[:limit]
        ),
        figures={
            "partnerships": public_partnerships().count(),
            "current": public_partnerships()
            .filter(status__in=(Partnership.Status.ACTIVE, Partnership.Status.CLOSING))
            .count(),
            "needs": open_needs().count(),
            "entities": UNEntity.objects.count(),
        },
    )


# --- Countries --------------------------------------------------------------------------------


def _count_per_country(through: Any, column: str, ids: QuerySet[Any]) -> Any:
    counted = (
        through.objects.filter(country_id=OuterRef("pk"), **{f"{column}__in": ids})
        .order_by()
        .values("country_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def country_index(query: str = "") -> list[Any]:
    """Countries where there is something to show (public partnerships, open needs, a UN
    entity present or contacts recorded), with their counts, by region then name."""
    countries = Country.objects.select_related("region").annotate(
        partnership_count=_count_per_country(
            Partnership.countries.through, "partnership_id", public_partnerships().values("pk")
        ),
        need_count=_count_per_country(Need.countries.through, "need_id", open_needs().values("pk")),
        entity_count=Count("un_entities", distinct=True),
        has_profile=Exists(CountryProfile.objects.filter(country_id=OuterRef("pk"))),
    )
    countries = countries.exclude(iso2=NOT_A_COUNTRY).filter(
        Q(partnership_count__gt=0)
        | Q(need_count__gt=0)
        | Q(entity_count__gt=0)
        | Q(has_profile=True)
    )
    term = query.strip()
    if term:
        countries = countries.filter(
            Q(name__icontains=term) | Q(names__icontains=term) | Q(iso2__iexact=term)
        )
    rows = list(countries.order_by("region__name", "name"))
    # Present: the entities that say they work there, and those leading a public partnership
    # there (as the country page counts them).
    present: dict[str, set[int]] = {}
    for country_id, entity_id in UNEntity.countries.through.objects.filter(
        country_id__in=[row.pk for row in rows]
    ).values_list("country_id", "unentity_id"):
        present.setdefault(country_id, set()).add(entity_id)
    for country_id, entity_id in Partnership.countries.through.objects.filter(
        country_id__in=[row.pk for row in rows], partnership__in=public_partnerships()
    ).values_list("country_id", "partnership__lead_entity_id"):
        present.setdefault(country_id, set()).add(entity_id)
    for row in rows:
        row.entity_count = len(present.get(row.pk, ()))
    return rows


def country_or_404(iso2: str) -> Country:
    country = (
        Country.objects.select_related("region", "subregion")
        .filter(iso2=iso2.upper())
        .exclude(iso2=NOT_A_COUNTRY)
        .first()
    )
    if country is None:
        raise Http404(_("No country has the code “%(code)s”.") % {"code": iso2})
    return country


@dataclass
class CountryPage:
    country: Country
    profile: CountryProfile | None
    entities: list[UNEntity]
    partnerships: list[Partnership]
    partnership_count: int
    needs: list[Need]
    need_count: int
    lessons: list[Lesson]


def country_page(country: Country) -> CountryPage:
    """The UN presence (entities working in the country or leading its public partnerships),
    the contacts, open needs and public partnerships there, and lessons tagged with it."""
    partnerships = public_partnerships().filter(
        pk__in=Partnership.countries.through.objects.filter(country_id=country.pk).values(
            "partnership_id"
        )
    )
    needs = open_needs().filter(countries=country)
    present = UNEntity.objects.filter(
        Q(countries=country) | Q(led_partnerships__in=partnerships)
    ).distinct()
    return CountryPage(
        country=country,
        profile=CountryProfile.objects.filter(country=country).first(),
        entities=list(present.order_by("acronym")),
        partnerships=list(
            _with_listing_relations(partnerships).order_by(
                F("signed_on").desc(nulls_last=True), "-id"
            )[:COUNTRY_PAGE_LIMIT]
        ),
        partnership_count=partnerships.count(),
        needs=list(
            needs.select_related("entity").order_by("-published_at", "-id")[:COUNTRY_PAGE_LIMIT]
        ),
        need_count=needs.count(),
        lessons=list(public_lessons().filter(countries=country).order_by("-created_at")[:5]),
    )


@dataclass
class EntityPublicWork:
    partnerships: list[Partnership]
    partnership_count: int
    needs: list[Need]
    need_count: int


def entity_public_work(entity: UNEntity, limit: int = COUNTRY_PAGE_LIMIT) -> EntityPublicWork:
    """An entity's public partnerships (led or joined) and open needs, for its directory page."""
    joined = Partnership.participating_entities.through.objects.filter(
        unentity_id=entity.pk
    ).values("partnership_id")
    partnerships = public_partnerships().filter(Q(lead_entity=entity) | Q(pk__in=joined))
    needs = open_needs().filter(entity=entity)
    return EntityPublicWork(
        partnerships=list(
            partnerships.order_by(F("signed_on").desc(nulls_last=True), "-id")[:limit]
        ),
        partnership_count=partnerships.count(),
        needs=list(needs.order_by(F("published_at").desc(nulls_last=True), "-id")[:limit]),
        need_count=needs.count(),
    )
