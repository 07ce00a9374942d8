"""The public portfolio's search and filters, shared by the page and the CSV/JSON downloads."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from partnerhub.core.forms import StyledFormMixin
from partnerhub.entities.filters import SDGFilter
from partnerhub.entities.models import UNEntity
from partnerhub.partnerships.models import Partnership
from partnerhub.partnerships.selectors import PUBLIC_STATES, running_in_year
from partnerhub.vocabularies.models import Country, PartnershipType, Region, SDGGoal

SEARCH_MAX_LENGTH = 200
# "Current" partnerships are being implemented; "past" ones are closed.
STATE_CHOICES = [("current", _("Current")), ("past", _("Past"))]
STATES = {
    "current": (Partnership.Status.ACTIVE, Partnership.Status.CLOSING),
    "past": (Partnership.Status.CLOSED,),
}


class PortfolioFilterForm(StyledFormMixin, forms.Form):
    pass


class PortfolioFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("Words from the title, summary, partners or places, in any UN language"),
    )
    type = django_filters.ModelChoiceFilter(
        label=_("Type of partnership"),
        field_name="partnership_type",
        queryset=PartnershipType.objects.all(),
        empty_label=_("All types"),
    )
    entity = django_filters.ModelChoiceFilter(
        label=_("UN entity"),
        queryset=UNEntity.objects.filter(led_partnerships__isnull=False).distinct(),
        to_field_name="slug",
        method="filter_entity",
        empty_label=_("All entities"),
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        field_name="countries",
        queryset=Country.objects.filter(
            pk__in=Partnership.countries.through.objects.filter(
                partnership__status__in=PUBLIC_STATES
            ).values("country_id")
        ).exclude(iso2="ZZ"),
        to_field_name="iso2",
        empty_label=_("All countries"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.filter(level=Region.Level.REGION),
        method="filter_region",
        empty_label=_("All regions"),
    )
    sdg = SDGFilter(
        label=_("SDG"),
        field_name="sdgs",
        queryset=SDGGoal.objects.order_by("number"),
        empty_label=_("All SDGs"),
    )
    year = django_filters.NumberFilter(
        label=_("Year"),
        method="filter_year",
        min_value=1945,
        max_value=2100,
        help_text=_("Partnerships running that year"),
    )
    state = django_filters.ChoiceFilter(
        label=_("Current or past"),
        choices=STATE_CHOICES,
        method="filter_state",
        empty_label=_("Current and past"),
    )

    class Meta:
        model = Partnership
        fields: list[str] = []
        form = PortfolioFilterForm

    def search(self, queryset: QuerySet[Partnership], name: str, value: str) -> Any:
        from partnerhub.search.selectors import filter_by_search

        if not value.strip():
            return queryset
        return filter_by_search(queryset, value)

    def filter_entity(self, queryset: QuerySet[Partnership], name: str, value: UNEntity) -> Any:
        if value is None:
            return queryset
        involved = Partnership.participating_entities.through.objects.filter(
            unentity_id=value.pk
        ).values("partnership_id")
        return queryset.filter(Q(lead_entity_id=value.pk) | Q(pk__in=involved))

    def filter_region(self, queryset: QuerySet[Partnership], name: str, value: Region) -> Any:
        if value is None:
            return queryset
        located = Partnership.countries.through.objects.filter(country__region_id=value.pk).values(
            "partnership_id"
        )
        return queryset.filter(pk__in=located)

    def filter_year(self, queryset: QuerySet[Partnership], name: str, value: Any) -> Any:
        if value is None:
            return queryset
        return queryset.filter(running_in_year(int(value)))

    def filter_state(self, queryset: QuerySet[Partnership], name: str, value: str) -> Any:
        if value not in STATES:
            return queryset
        return queryset.filter(status__in=STATES[value])
