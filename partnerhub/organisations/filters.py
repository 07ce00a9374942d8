"""The directory's search and filter parameters, shared by the page and the API.

The filter set reads and validates the parameters and renders the form; the filtering itself
is selectors.organisation_filter. A parameter with a bad value is left out of the filtering
(`cleaned_data` holds only valid values) and reported in `errors`: the page shows a message,
the API answers 400.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from partnerhub.core.forms import StyledFormMixin
from partnerhub.organisations import selectors
from partnerhub.organisations.forms import CountryChoiceField
from partnerhub.organisations.models import (
    GlobalCompactStatus,
    IsicSection,
    Organisation,
    OrganisationKind,
)
from partnerhub.vocabularies.models import Country


class FilterForm(StyledFormMixin, forms.Form):
    pass


class CountryFilter(django_filters.ModelChoiceFilter):
    field_class = CountryChoiceField


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search names"),
        max_length=selectors.MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Legal or trading name")}),
    )
    country = CountryFilter(
        label=_("Country"),
        queryset=Country.objects.all(),
        empty_label=_("All countries"),
        error_messages={
            "invalid_choice": _(
                "There is no country with the code “%(value)s”; use a two-letter ISO code."
            )
        },
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=OrganisationKind.choices,
        empty_label=_("All kinds"),
        error_messages={"invalid_choice": _("“%(value)s” is not a kind of organisation.")},
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"),
        choices=IsicSection.choices,
        empty_label=_("All sectors"),
        error_messages={"invalid_choice": _("“%(value)s” is not an ISIC section letter (A to U).")},
    )
    gc_status = django_filters.ChoiceFilter(
        label=_("Global Compact status"),
        choices=GlobalCompactStatus.choices,
        empty_label=_("Any status"),
        error_messages={"invalid_choice": _("“%(value)s” is not a Global Compact status.")},
    )

    class Meta:
        model = Organisation
        fields: list[str] = []
        form = FilterForm

    def filter_queryset(self, queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
        data = self.form.cleaned_data
        country = data.get("country")
        return selectors.organisation_filter(
            queryset,
            q=data.get("q") or "",
            country=country.pk if country else None,
            kind=data.get("kind") or None,
            sector=data.get("sector") or None,
            gc_status=data.get("gc_status") or None,
        )

    def problems(self) -> list[str]:
        """One sentence per rejected parameter, naming it."""
        return [
            f"{self.form.fields[name].label}: {message}"
            for name, messages in self.form.errors.items()
            for message in messages
        ]
