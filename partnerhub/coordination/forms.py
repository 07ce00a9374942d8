"""The registry's filters, shared by the page and its CSV export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerhub.coordination.models import EngagementKind
from partnerhub.core.forms import StyledFormMixin
from partnerhub.entities.models import UNEntity
from partnerhub.vocabularies.models import Country

SEARCH_MAX_LENGTH = 200


class RegistryFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Organisation"), required=False, max_length=SEARCH_MAX_LENGTH)
    entity = forms.ModelChoiceField(
        label=_("UN entity"),
        queryset=UNEntity.objects.order_by("acronym"),
        to_field_name="acronym",
        required=False,
        empty_label=_("All entities"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *EngagementKind.choices],
        required=False,
    )
    country = forms.ModelChoiceField(
        label=_("Country of the organisation"),
        queryset=Country.objects.order_by("name"),
        required=False,
        empty_label=_("All countries"),
    )
    shared = forms.BooleanField(
        label=_("Only organisations engaged by two or more entities"), required=False
    )

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for selectors.engagements; a field with a bad value is ignored
        (the form shows its error) rather than failing the page."""
        self.is_valid()
        # Holds the fields that are valid, even when others are not (none for an unbound form).
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        country = data.get("country")
        return {
            "q": data.get("q") or "",
            "entity": data.get("entity"),
            "kind": data.get("kind") or "",
            "country": country.pk if country else "",
            "shared_only": bool(data.get("shared")),
        }
