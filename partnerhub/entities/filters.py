"""The directory's search and filters, shared by the web page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerhub.core.forms import StyledFormMixin
from partnerhub.entities.chart_csv import ORGAN_SEPARATOR
from partnerhub.entities.models import UNEntity
from partnerhub.vocabularies.models import SDGGoal

SEARCH_MAX_LENGTH = 100


def category_choices() -> list[tuple[str, str]]:
    values = (
        UNEntity.objects.exclude(category="")
        .order_by("category")
        .values_list("category", flat=True)
        .distinct()
    )
    return [(value, value) for value in values]


def principal_organ_choices() -> list[tuple[str, str]]:
    """Each organ once, also those that only appear in a two-organ value ("A; B")."""
    organs: set[str] = set()
    values = (
        UNEntity.objects.exclude(principal_organ="")
        .order_by("principal_organ")
        .values_list("principal_organ", flat=True)
        .distinct()
    )
    for value in values:
        organs.update(part.strip() for part in value.split(ORGAN_SEPARATOR.strip()) if part.strip())
    return [(organ, organ) for organ in sorted(organs)]


class SDGChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        # The official goal names are a sentence long: too long for a select. The short titles
        # are translated in the catalogue (vocabularies/data_files.SDG_SHORT_TITLES).
        return f"{obj.number}. {gettext(obj.short_title)}"


class SDGFilter(django_filters.ModelChoiceFilter):
    field_class = SDGChoiceField


class EntityFilterForm(StyledFormMixin, forms.Form):
    pass


class EntityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("Acronym, name, alias, description or mandate"),
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=category_choices, empty_label=_("All categories")
    )
    principal_organ = django_filters.ChoiceFilter(
        label=_("Principal organ"),
        choices=principal_organ_choices,
        empty_label=_("All principal organs"),
        method="filter_principal_organ",
    )
    sdg = SDGFilter(
        label=_("SDG focus"),
        field_name="sdgs",
        queryset=SDGGoal.objects.order_by("number"),
        empty_label=_("All SDGs"),
    )

    class Meta:
        model = UNEntity
        fields: list[str] = []
        form = EntityFilterForm

    def search(self, queryset: QuerySet[UNEntity], name: str, value: str) -> QuerySet[UNEntity]:
        term = value.strip()
        if not term:
            return queryset
        return queryset.filter(
            Q(acronym__icontains=term)
            | Q(name__icontains=term)
            | Q(aliases__icontains=term)
            | Q(description__icontains=term)
            | Q(mandate__icontains=term)
        )

    def filter_principal_organ(
        self, queryset: QuerySet[UNEntity], name: str, value: str
    ) -> QuerySet[UNEntity]:
        if not value:
            return queryset
        separator = ORGAN_SEPARATOR
        return queryset.filter(
            Q(principal_organ=value)
            | Q(principal_organ__startswith=value + separator)
            | Q(principal_organ__endswith=separator + value)
            | Q(principal_organ__contains=separator + value + separator)
        )
