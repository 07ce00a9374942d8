"""Forms clean what people type; the services decide whether it may be saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerhub.entities.models import UNEntity
from partnerhub.organisations.models import Organisation
from partnerhub.partnerships.models import (
    Contribution,
    Partnership,
    PartnershipDocument,
    PartnershipPartner,
)
from partnerhub.vocabularies.models import SDGTarget


class DateInput(forms.DateInput):
    input_type = "date"


class PartnershipForm(forms.ModelForm):
    class Meta:
        model = Partnership
        fields = [
            "title",
            "summary",
            "partnership_type",
            "participating_entities",
            "countries",
            "sdgs",
            "sdg_targets",
            "starts_on",
            "ends_on",
            "confidentiality",
        ]
        widgets = {
            "title": forms.TextInput(attrs={"class": "form-control"}),
            "summary": forms.Textarea(attrs={"class": "form-control", "rows": 5}),
            "partnership_type": forms.Select(attrs={"class": "form-select"}),
            "participating_entities": forms.SelectMultiple(
                attrs={"class": "form-select", "size": 6}
            ),
            "countries": forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
            "sdgs": forms.CheckboxSelectMultiple,
            "sdg_targets": forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
            "starts_on": DateInput(attrs={"class": "form-control"}),
            "ends_on": DateInput(attrs={"class": "form-control"}),
            "confidentiality": forms.Select(attrs={"class": "form-select"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sdg_targets"].queryset = SDGTarget.objects.order_by("goal_id", "code")  # type: ignore[attr-defined]
        self.fields["participating_entities"].queryset = UNEntity.objects.order_by("acronym")  # type: ignore[attr-defined]


class DirectProposalForm(PartnershipForm):
    lead_entity = forms.ModelChoiceField(
        queryset=UNEntity.objects.none(),
        label=_("Lead UN entity"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta(PartnershipForm.Meta):
        fields = ["lead_entity", *PartnershipForm.Meta.fields]

    def __init__(self, *args: Any, entities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_entity"].queryset = entities  # type: ignore[attr-defined]


class DatesForm(forms.Form):
    """Only the start and end dates, changeable past the proposal (see services)."""

    starts_on = forms.DateField(
        label=_("Starts on"), required=False, widget=DateInput(attrs={"class": "form-control"})
    )
    ends_on = forms.DateField(
        label=_("Ends on"), required=False, widget=DateInput(attrs={"class": "form-control"})
    )


class PartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("legal_name"),
        label=_("Organisation"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    role = forms.ChoiceField(
        choices=PartnershipPartner.Role.choices,
        label=_("Role"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class ContributionForm(forms.Form):
    contributor = forms.ChoiceField(
        label=_("Contributor"), widget=forms.Select(attrs={"class": "form-select"})
    )
    kind = forms.ChoiceField(
        choices=Contribution.Kind.choices,
        label=_("Kind"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    amount = forms.DecimalField(
        label=_("Amount (or hours)"),
        max_digits=16,
        decimal_places=2,
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
    )
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        required=False,
        initial="USD",
        help_text=_("ISO 4217 code; leave empty for hours."),
        widget=forms.TextInput(attrs={"class": "form-control", "size": 3}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partners = {str(p.pk): p for p in partnership.partners.select_related("organisation")}
        entities = [partnership.lead_entity, *partnership.participating_entities.all()]
        self.entities = {str(e.pk): e for e in entities}
        self.fields["contributor"].choices = [  # type: ignore[attr-defined]
            *((f"p{pk}", str(p.organisation)) for pk, p in self.partners.items()),
            *((f"e{pk}", e.acronym) for pk, e in self.entities.items()),
        ]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        contributor = data.pop("contributor")
        data["partner"] = self.partners.get(contributor[1:]) if contributor[0] == "p" else None
        data["entity"] = self.entities.get(contributor[1:]) if contributor[0] == "e" else None
        return data


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=Partnership.Status.choices)
    note = forms.CharField(required=False, max_length=2000)


class AgreementUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Signed agreement (PDF or DOCX)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".pdf,.docx"}),
    )
    signed_on = forms.DateField(
        label=_("Date of signature"), widget=DateInput(attrs={"class": "form-control"})
    )


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=PartnershipDocument.Kind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    file = forms.FileField(
        label=_("File (PDF, DOCX, XLSX, PPTX, ODT or ODS, at most 10 MB)"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".pdf,.docx,.xlsx,.pptx,.odt,.ods"}
        ),
    )
    is_public = forms.BooleanField(
        label=_("Publish on the partnership's public page"),
        required=False,
        help_text=PartnershipDocument._meta.get_field("is_public").help_text,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
