from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerhub.core.forms import StyledFormMixin
from partnerhub.entities.models import UNEntity
from partnerhub.entities.services import PROFILE_TEXT_MAX_CHARS
from partnerhub.vocabularies.models import Country, SDGGoal


class SDGCheckboxes(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class CountryChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class EntityProfileForm(StyledFormMixin, forms.Form):
    mandate = forms.CharField(
        label=_("Mandate"),
        required=False,
        max_length=PROFILE_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the entity is for, in two to four sentences."),
    )
    how_to_partner = forms.CharField(
        label=_("How to partner with us"),
        required=False,
        max_length=PROFILE_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "The kinds of partnership with business the entity takes up, and how to start."
        ),
    )
    partnership_email = forms.EmailField(
        label=_("Partnerships contact e-mail"),
        required=False,
        help_text=_("A shared mailbox rather than a person's address. Shown publicly."),
    )
    sdgs = SDGCheckboxes(
        label=_("SDG focus"),
        required=False,
        queryset=SDGGoal.objects.order_by("number"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only the goals the entity's mandate squarely covers."),
    )
    countries = CountryChoices(
        label=_("Countries of operation"),
        required=False,
        queryset=Country.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to select several."),
    )

    @classmethod
    def for_entity(cls, entity: UNEntity, data: Any = None) -> EntityProfileForm:
        return cls(
            data,
            initial={
                "mandate": entity.mandate,
                "how_to_partner": entity.how_to_partner,
                "partnership_email": entity.partnership_email,
                "sdgs": list(entity.sdgs.all()),
                "countries": list(entity.countries.all()),
            },
        )
