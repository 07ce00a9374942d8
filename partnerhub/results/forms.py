"""Forms clean what people type; the services decide whether it may be saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerhub.partnerships.models import Partnership
from partnerhub.results.models import KPI, Evaluation, KPIActual


class DateInput(forms.DateInput):
    input_type = "date"


class KPIForm(forms.ModelForm):
    class Meta:
        model = KPI
        fields = [
            "name",
            "description",
            "result_level",
            "measure",
            "unit",
            "ascending",
            "sdg_indicator",
            "baseline_value",
            "baseline_year",
            "baseline_comment",
            "reporting_frequency",
            "responsible_partner",
        ]
        widgets = {
            "name": forms.TextInput(attrs={"class": "form-control"}),
            "description": forms.Textarea(attrs={"class": "form-control", "rows": 2}),
            "result_level": forms.Select(attrs={"class": "form-select"}),
            "measure": forms.Select(attrs={"class": "form-select"}),
            "unit": forms.TextInput(attrs={"class": "form-control"}),
            "ascending": forms.CheckboxInput(attrs={"class": "form-check-input"}),
            "sdg_indicator": forms.TextInput(attrs={"class": "form-control"}),
            "baseline_value": forms.NumberInput(attrs={"class": "form-control", "step": "any"}),
            "baseline_year": forms.NumberInput(attrs={"class": "form-control"}),
            "baseline_comment": forms.Textarea(attrs={"class": "form-control", "rows": 2}),
            "reporting_frequency": forms.Select(attrs={"class": "form-select"}),
            "responsible_partner": forms.Select(attrs={"class": "form-select"}),
        }
        help_texts = {
            "sdg_indicator": _("goal.target.indicator, e.g. 3.1.1 or 14.a.1"),
            "responsible_partner": _("Leave empty when the lead UN entity reports on it."),
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["responsible_partner"]
        field.queryset = partnership.partners.select_related("organisation")  # type: ignore[attr-defined]
        field.empty_label = _("The lead UN entity")  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class TargetForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    period_start = forms.DateField(
        label=_("Period start"), widget=DateInput(attrs={"class": "form-control"})
    )
    period_end = forms.DateField(
        label=_("Period end"), widget=DateInput(attrs={"class": "form-control"})
    )
    value = forms.DecimalField(
        label=_("Target value"),
        required=False,
        max_digits=18,
        decimal_places=4,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "any"}),
    )
    comment = forms.CharField(
        label=_("Target (qualitative)"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


TargetFormSet = forms.formset_factory(TargetForm, extra=2, max_num=40, validate_max=True)


def target_rows(formset: Any) -> list[dict[str, Any]]:
    """The filled rows of a valid target formset, as target_set data."""
    return [form.cleaned_data for form in formset.forms if form.cleaned_data]


class ReportForm(forms.Form):
    """The narrative, and per KPI the actual value (not for qualitative KPIs) and a comment."""

    narrative = forms.CharField(
        label=_("Narrative"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 6}),
        help_text=_("What happened this period, what slipped and why."),
    )

    def __init__(
        self,
        *args: Any,
        kpis: list[KPI],
        editable: set[int],
        actuals: dict[int, KPIActual],
        can_accept: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kpis = kpis
        self.rows = []
        for kpi in kpis:
            if kpi.pk not in editable:
                continue
            actual = actuals.get(kpi.pk)
            value_field = None
            if kpi.measure != KPI.Measure.QUALITATIVE:
                value_field = f"value_{kpi.pk}"
                self.fields[value_field] = forms.DecimalField(
                    label=_("Actual value"),
                    required=False,
                    max_digits=18,
                    decimal_places=4,
                    initial=actual.value if actual else None,
                    widget=forms.NumberInput(attrs={"class": "form-control", "step": "any"}),
                )
            comment_field = f"comment_{kpi.pk}"
            self.fields[comment_field] = forms.CharField(
                label=_("Comment") if value_field else _("Progress"),
                required=False,
                max_length=2000,
                initial=actual.comment if actual else "",
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
            self.rows.append((kpi, value_field, comment_field))
        if can_accept:
            self.fields["accept"] = forms.BooleanField(
                label=_("Accept it now (you review the lead entity's reports)"),
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )

    def bound_rows(self) -> list[tuple[KPI, Any, Any]]:
        return [
            (kpi, self[value] if value else None, self[comment])
            for kpi, value, comment in self.rows
        ]

    def actuals(self) -> dict[int, dict[str, Any]]:
        return {
            kpi.pk: {
                "value": self.cleaned_data.get(value) if value else None,
                "comment": self.cleaned_data.get(comment, ""),
            }
            for kpi, value, comment in self.rows
        }


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return for changes"))],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
        help_text=_("Needed when returning the report: say what to change."),
    )


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = [
            "kind",
            "independence",
            "evaluator",
            "completed_on",
            "rating",
            "findings",
            "recommendations",
            "management_response",
        ]
        widgets = {
            "kind": forms.Select(attrs={"class": "form-select"}),
            "independence": forms.Select(attrs={"class": "form-select"}),
            "evaluator": forms.TextInput(attrs={"class": "form-control"}),
            "completed_on": DateInput(attrs={"class": "form-control"}),
            "rating": forms.Select(attrs={"class": "form-select"}),
            "findings": forms.Textarea(attrs={"class": "form-control", "rows": 5}),
            "recommendations": forms.Textarea(attrs={"class": "form-control", "rows": 4}),
            "management_response": forms.Textarea(attrs={"class": "form-control", "rows": 4}),
        }
        help_texts = {
            "management_response": _("Shown to UN staff only, not to the partners."),
        }


class NoEvaluationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason there is no evaluation"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )


REPORT_STATE_FILTERS = [
    ("", _("Due and overdue")),
    ("overdue", _("Overdue")),
    ("due", _("Due, not yet overdue")),
]
