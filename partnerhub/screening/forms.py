from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from partnerhub.core.forms import StyledFormMixin
from partnerhub.entities.models import UNEntity
from partnerhub.screening.models import Hit, ListSource, OrganisationPerson, Screening
from partnerhub.vocabularies.models import Country


class ListImportForm(StyledFormMixin, forms.Form):
    source = forms.ChoiceField(label=_("List"), choices=ListSource.choices)
    file = forms.FileField(
        label=_("List file"), help_text=_("UN XML, OFAC SDN CSV or the combined JSON; up to 50 MB.")
    )
    generated_at = forms.CharField(
        label=_("Publication date"),
        required=False,
        max_length=40,
        help_text=_("Only for files that do not state it (OFAC CSV), e.g. 2024-05-03."),
    )


class HitReviewForm(StyledFormMixin, forms.Form):
    review = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Hit.Review.CONFIRMED, _("Same person or organisation")),
            (Hit.Review.DISMISSED, _("Not the same: dismiss")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Screening.Decision.choices)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PersonForm(StyledFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=OrganisationPerson.Role.choices)
    birth_date = forms.RegexField(
        label=_("Date of birth"),
        required=False,
        regex=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        help_text=_("YYYY, YYYY-MM or YYYY-MM-DD"),
        error_messages={"invalid": _("Use YYYY, YYYY-MM or YYYY-MM-DD.")},
    )
    nationality = forms.RegexField(
        label=_("Nationality (ISO code)"),
        required=False,
        regex=r"^[A-Za-z]{2}$",
        error_messages={"invalid": _("Use the two-letter ISO code, e.g. KE.")},
    )

    def clean_birth_date(self) -> str:
        value: str = self.cleaned_data["birth_date"]
        parts = value.split("-") if value else []
        try:
            if len(parts) == 3:
                datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))
            elif len(parts) == 2 and not 1 <= int(parts[1]) <= 12:
                raise ValueError
        except ValueError:
            raise forms.ValidationError(_("This is not a real date.")) from None
        if parts and not 1900 <= int(parts[0]) <= datetime.date.today().year:
            raise forms.ValidationError(_("The year must be between 1900 and this year."))
        return value

    def clean_nationality(self) -> str:
        value: str = self.cleaned_data["nationality"].upper()
        if value and not Country.objects.filter(iso2=value).exists():
            raise forms.ValidationError(_("%(code)s is not an ISO country code.") % {"code": value})
        return value


class EvidenceForm(StyledFormMixin, forms.Form):
    criterion = forms.ChoiceField(label=_("Criterion"))
    summary = forms.CharField(
        label=_("What was found"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    source_url = forms.URLField(
        label=_("Source (link)"), required=False, max_length=500, assume_scheme="https"
    )

    def __init__(self, *args: Any, criteria: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = criteria  # type: ignore[attr-defined]


class BatchForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: name (required), country (ISO alpha-2), registration_number, "
            "aliases (separated by ;). UTF-8."
        ),
    )


class RequestScreeningForm(StyledFormMixin, forms.Form):
    entity: forms.ModelChoiceField[UNEntity] = forms.ModelChoiceField(
        label=_("For UN entity"), queryset=UNEntity.objects.none()
    )
    force_new = forms.BooleanField(
        label=_("Screen again even if a valid screening exists"), required=False
    )

    def __init__(self, *args: Any, entities: QuerySet[UNEntity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = entities  # type: ignore[attr-defined]
        if len(entities[:2]) == 1:
            self.fields["entity"].initial = entities[0]
