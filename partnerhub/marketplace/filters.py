"""Search and filters over needs and offers, shared by the pages, the API and saved searches."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from partnerhub.core.forms import StyledFormMixin
from partnerhub.entities.filters import SDGFilter
from partnerhub.entities.models import UNEntity
from partnerhub.marketplace.models import Need, Offer
from partnerhub.vocabularies.models import Country, Region, ResourceType, SDGGoal

SEARCH_MAX_LENGTH = 200


class ListingFilterForm(StyledFormMixin, forms.Form):
    pass


def _text_search(queryset: QuerySet[Any], value: str) -> QuerySet[Any]:
    """Every word must appear in the title or the description (any case)."""
    for word in value.split()[:12]:
        queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return queryset


def _in_region(queryset: QuerySet[Any], region: Region | None) -> QuerySet[Any]:
    """A listing is in a region when it names the region (or a sub-region of it) or a country
    of it."""
    if region is None:
        return queryset
    codes = {region.pk} | set(Region.objects.filter(parent=region).values_list("pk", flat=True))
    return queryset.filter(
        Q(regions__in=codes) | Q(countries__region__in=codes) | Q(countries__subregion__in=codes)
    ).distinct()


class ListingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=SEARCH_MAX_LENGTH)
    resource_type = django_filters.ModelChoiceFilter(
        label=_("Resource type"),
        field_name="resource_types",
        queryset=ResourceType.objects.all(),
        empty_label=_("All resource types"),
    )
    sdg = SDGFilter(
        label=_("SDG"),
        field_name="sdgs",
        queryset=SDGGoal.objects.order_by("number"),
        empty_label=_("All SDGs"),
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        field_name="countries",
        queryset=Country.objects.all(),
        empty_label=_("All countries"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.exclude(level="intermediate").order_by("level", "name"),
        empty_label=_("All regions"),
        method="filter_region",
    )

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return _text_search(queryset, value)

    def filter_region(self, queryset: QuerySet[Any], name: str, value: Region) -> QuerySet[Any]:
        return _in_region(queryset, value)


class NeedFilter(ListingFilter):
    entity = django_filters.ModelChoiceFilter(
        label=_("UN entity"),
        queryset=UNEntity.objects.filter(needs__isnull=False).distinct().order_by("acronym"),
        empty_label=_("All entities"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Need.Status.choices,
        empty_label=_("Open and in discussion"),
        method="filter_status",
    )

    class Meta:
        model = Need
        fields: list[str] = []
        form = ListingFilterForm

    def filter_status(self, queryset: QuerySet[Need], name: str, value: str) -> QuerySet[Need]:
        return queryset.filter(status=value)

    @property
    def qs(self) -> QuerySet[Need]:
        queryset: QuerySet[Need] = super().qs
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status__in=["open", "in_discussion"])
        return queryset


class OfferFilter(ListingFilter):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Offer.Status.choices,
        empty_label=_("Submitted and in discussion"),
        method="filter_status",
    )
    entity = django_filters.ModelChoiceFilter(
        label=_("Routed to"),
        queryset=UNEntity.objects.filter(offer_routes__isnull=False).distinct().order_by("acronym"),
        empty_label=_("Any entity"),
        field_name="routes__entity",
        distinct=True,
    )

    class Meta:
        model = Offer
        fields: list[str] = []
        form = ListingFilterForm

    def filter_status(self, queryset: QuerySet[Offer], name: str, value: str) -> QuerySet[Offer]:
        return queryset.filter(status=value)

    @property
    def qs(self) -> QuerySet[Offer]:
        queryset: QuerySet[Offer] = super().qs
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status__in=["submitted", "in_discussion"])
        return queryset


FILTERS: dict[str, type[ListingFilter]] = {"needs": NeedFilter, "offers": OfferFilter}
SAVED_QUERY_KEYS = ("q", "resource_type", "sdg", "country", "region", "entity", "status")
