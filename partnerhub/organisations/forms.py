from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from partnerhub.core.forms import StyledFormMixin
from partnerhub.organisations import services
from partnerhub.organisations.models import (
    GlobalCompactStatus,
    IsicSection,
    Organisation,
    OrganisationKind,
    OrganisationSize,
)
from partnerhub.vocabularies.models import Country


class CountryChoiceField(forms.ModelChoiceField):
    """Countries named in the reader's language."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class OrganisationForm(StyledFormMixin, forms.Form):
    """The profile of an organisation, for registering it and editing it.

    The form only reads the user's input; organisation_register / organisation_update
    validate it fully (and are what the API calls too).
    """

    legal_name = forms.CharField(
        label=_("Legal name"),
        max_length=services.NAME_MAX_LENGTH,
        help_text=_(
            "As on the registration certificate, with the legal form, e.g. “Trucks for Good Ltd”."
        ),
    )
    other_names = forms.CharField(
        label=_("Other names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Trading names, acronyms or former names, one per line."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    country = CountryChoiceField(
        label=_("Country of registration"),
        queryset=Country.objects.all(),
        empty_label=_("Choose a country"),
    )
    registration_number = forms.CharField(
        label=_("Registration number"),
        required=False,
        max_length=services.REGISTRATION_NUMBER_MAX_LENGTH,
        help_text=_("The company or charity number given by the registrar in that country."),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=services.WEBSITE_MAX_LENGTH,
        assume_scheme="https",
    )
    sector = forms.ChoiceField(
        label=_("Sector (ISIC section)"),
        required=False,
        choices=[("", _("Not given")), *IsicSection.choices],
    )
    size = forms.ChoiceField(
        label=_("Size"), required=False, choices=[("", _("Not given")), *OrganisationSize.choices]
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=services.DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the organisation does, where, and what it could bring to the UN."),
    )
    global_compact_status = forms.ChoiceField(
        label=_("UN Global Compact status"),
        choices=GlobalCompactStatus.choices,
        initial=GlobalCompactStatus.NOT_PARTICIPANT,
    )
    global_compact_joined_on = forms.DateField(
        label=_("Joined the Global Compact on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    global_compact_status_since = forms.DateField(
        label=_("Global Compact status since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Required for a non-communicating or delisted participant."),
    )

    def __init__(self, *args: Any, with_global_compact: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_global_compact:
            for field in services.GLOBAL_COMPACT_FIELDS:
                del self.fields[field]

    @staticmethod
    def initial_for(organisation: Organisation) -> dict[str, Any]:
        initial = {field: getattr(organisation, field) for field in services.EDITABLE_FIELDS}
        initial["country"] = organisation.country_id
        initial["other_names"] = "\n".join(organisation.other_names)
        return initial

    def clean_other_names(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["other_names"].splitlines() if line.strip()
        ]

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned values, as organisation_register / organisation_update take them."""
        return {name: self.cleaned_data[name] for name in self.fields}

    def add_service_error(self, error: ValidationError) -> None:
        """Show a service's ValidationError on the fields it names, or above the form for
        fields this form does not show."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            if field in self.fields:
                self.add_error(field, messages)
            elif field == NON_FIELD_ERRORS:
                self.add_error(None, messages)
            else:
                # A field removed from this form still has its label in the class.
                known = self.base_fields.get(field)
                label = known.label if known is not None else capfirst(field.replace("_", " "))
                self.add_error(None, [f"{label}: {message}" for message in messages])


class ConfirmNotDuplicateForm(StyledFormMixin, forms.Form):
    confirm_not_duplicate = forms.BooleanField(
        label=_("This is a different organisation"),
        help_text=_(
            "Tick this if none of the organisations listed is the one you are registering."
        ),
    )
