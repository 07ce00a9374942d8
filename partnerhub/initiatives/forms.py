"""Forms clean what people type; the services decide whether it may be saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerhub.core.forms import StyledFormMixin
from partnerhub.entities.models import UNEntity
from partnerhub.initiatives import services
from partnerhub.initiatives.models import (
    Commitment,
    Deliverable,
    DeliverableProgress,
    Event,
    Initiative,
)
from partnerhub.organisations.models import Organisation
from partnerhub.vocabularies.models import Country, SDGGoal, SDGTarget

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _many(size: int = 8) -> forms.SelectMultiple:
    return forms.SelectMultiple(attrs={"size": size})


class ServiceDataMixin:
    """`service_data()`: the cleaned data as the services take them, the `many` fields (model
    multiple choices) as lists."""

    many: tuple[str, ...] = ()
    cleaned_data: dict[str, Any]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in self.many:
            data[name] = list(data[name])
        return data


class InitiativeForm(ServiceDataMixin, StyledFormMixin, forms.ModelForm):
    many = ("convening_entities", "sdgs")
    website = forms.URLField(
        label=_("Website"), required=False, max_length=300, assume_scheme="https"
    )

    class Meta:
        model = Initiative
        fields = [
            "name",
            "acronym",
            "description",
            "provenance",
            "website",
            "launched_on",
            "convening_entities",
            "sdgs",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "launched_on": DATE,
            "convening_entities": _many(),
            "sdgs": forms.CheckboxSelectMultiple,
        }


class MemberForm(StyledFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("None"),
    )
    un_entity = forms.ModelChoiceField(
        label=_("or UN entity"),
        queryset=UNEntity.objects.all(),
        required=False,
        empty_label=_("None"),
    )
    role = forms.CharField(label=_("Role"), max_length=120, required=False)
    since = forms.DateField(label=_("Member since"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("organisation")) == bool(data.get("un_entity")):
            raise forms.ValidationError(_("Choose either an organisation or a UN entity."))
        return data


class EventForm(ServiceDataMixin, StyledFormMixin, forms.ModelForm):
    many = ("organising_entities", "participants")
    ends_on = forms.DateField(
        label=_("Ends on"),
        required=False,
        widget=DATE,
        help_text=_("Left empty, a one-day event."),
    )

    class Meta:
        model = Event
        fields = [*services.EVENT_FIELDS, "organising_entities", "participants"]
        widgets = {
            "starts_on": DATE,
            "description": forms.Textarea(attrs={"rows": 6}),
            "organising_entities": _many(),
            "participants": _many(),
        }

    def __init__(self, *args: Any, initiatives: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if initiatives is not None:
            self.fields["initiative"].queryset = initiatives  # type: ignore[attr-defined]


class SessionForm(StyledFormMixin, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Session title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DATETIME, required=False)
    speakers = forms.CharField(
        label=_("Speakers"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


SessionFormSet = forms.formset_factory(SessionForm, extra=2, can_delete=True, max_num=50)


class CommitmentForm(ServiceDataMixin, StyledFormMixin, forms.ModelForm):
    many = ("sdg_targets", "countries")
    financial_currency = forms.ChoiceField(label=_("Currency"), required=False)

    class Meta:
        model = Commitment
        fields = [*services.COMMITMENT_FIELDS, "sdg_targets", "countries"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "made_on": DATE,
            "in_kind": forms.Textarea(attrs={"rows": 2}),
            "staff_expertise": forms.Textarea(attrs={"rows": 2}),
            "sdg_targets": _many(10),
            "countries": _many(),
        }

    def __init__(
        self,
        *args: Any,
        organisations: Any,
        entities: Any,
        initiatives: Any,
        events: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        currencies = [(code, code) for code in sorted(services.currencies())]
        currency: Any = self.fields["financial_currency"]
        currency.choices = [("", _("No money pledged")), *currencies]
        targets: Any = self.fields["sdg_targets"]
        targets.queryset = SDGTarget.objects.all()
        targets.label_from_instance = lambda target: f"{target.code}: {target.label[:100]}"
        self.fields["countries"].queryset = Country.objects.all()  # type: ignore[attr-defined]
        if self.instance.pk:
            # The maker of a commitment does not change.
            del self.fields["organisation"]
            del self.fields["un_entity"]
        else:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
            self.fields["un_entity"].queryset = entities  # type: ignore[attr-defined]
            self.fields["un_entity"].label = _("or a UN entity")
        self.fields["initiative"].queryset = initiatives  # type: ignore[attr-defined]
        self.fields["event"].queryset = events  # type: ignore[attr-defined]
        self.fields["sdg_targets"].help_text = _(
            "The goals of the targets chosen are added to the commitment."
        )


class DeliverableForm(StyledFormMixin, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    description = forms.CharField(
        label=_("Deliverable"),
        max_length=500,
        help_text=_("Specific and measurable: what, how much, where."),
    )
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


DeliverableFormSet = forms.formset_factory(
    DeliverableForm, extra=2, can_delete=True, min_num=1, validate_min=True, max_num=50
)


class ProgressReportForm(StyledFormMixin, forms.Form):
    """One status and comment per open deliverable; every status is required."""

    reported_on = forms.DateField(label=_("Reported on"), widget=DATE)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, deliverables: list[Deliverable], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deliverables = deliverables
        for deliverable in deliverables:
            self.fields[f"status_{deliverable.pk}"] = forms.ChoiceField(
                label=_("Status"),
                choices=[("", _("Choose…")), *DeliverableProgress.Status.choices],
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"comment_{deliverable.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def rows(self) -> list[tuple[Deliverable, Any, Any]]:
        return [(d, self[f"status_{d.pk}"], self[f"comment_{d.pk}"]) for d in self.deliverables]

    def marks(self) -> dict[int, tuple[str, str]]:
        return {
            d.pk: (self.cleaned_data[f"status_{d.pk}"], self.cleaned_data[f"comment_{d.pk}"])
            for d in self.deliverables
        }


class _FilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200, widget=forms.SearchInput()
    )


class InitiativeFilterForm(_FilterForm):
    entity = forms.ModelChoiceField(
        label=_("Convening UN entity"),
        required=False,
        queryset=UNEntity.objects.filter(convened_initiatives__status="published").distinct(),
        empty_label=_("Any"),
    )
    sdg = forms.ModelChoiceField(
        label=_("SDG"), required=False, queryset=SDGGoal.objects.all(), empty_label=_("Any")
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "text": data["q"].strip(),
            "entity": data["entity"].pk if data["entity"] else None,
            "sdg": data["sdg"].pk if data["sdg"] else None,
        }


class CommitmentFilterForm(_FilterForm):
    state = forms.ChoiceField(
        label=_("Progress"),
        required=False,
        choices=[
            ("", _("Any")),
            ("active", _("Reporting")),
            ("stale", _("Stale: no report for a year")),
            ("completed", _("All deliverables completed")),
        ],
    )
    initiative = forms.ModelChoiceField(
        label=_("Initiative"),
        required=False,
        queryset=Initiative.objects.none(),
        empty_label=_("Any"),
    )
    sdg = forms.ModelChoiceField(
        label=_("SDG"), required=False, queryset=SDGGoal.objects.all(), empty_label=_("Any")
    )
    country = forms.ModelChoiceField(
        label=_("Country"), required=False, queryset=Country.objects.all(), empty_label=_("Any")
    )

    def __init__(self, *args: Any, initiatives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "text": data["q"].strip(),
            "state": data["state"],
            "initiative": data["initiative"].pk if data["initiative"] else None,
            "sdg": data["sdg"].pk if data["sdg"] else None,
            "country": data["country"].pk if data["country"] else "",
        }


class EventFilterForm(_FilterForm):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any")), *Event.Kind.choices]
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {"text": self.cleaned_data["q"].strip(), "kind": self.cleaned_data["kind"]}
