"""Forms clean what people type; the services decide whether it may be saved."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from partnerhub.appraisals.models import CostBenefitAssessment
from partnerhub.entities.models import UNEntity
from partnerhub.screening.models import Screening

EMPTY_ROWS = 2


class DateInput(forms.DateInput):
    input_type = "date"


def _money_field(label: Any, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01", "min": "0"}),
        **kwargs,
    )


class StaffDaysRowForm(forms.Form):
    grade = forms.ChoiceField(
        label=_("Grade"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    days = forms.DecimalField(
        label=_("Days"),
        required=False,
        max_digits=8,
        decimal_places=2,
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.5", "min": "0"}),
    )

    def __init__(self, *args: Any, grades: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [("", "—"), *grades]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("days") and not cleaned.get("grade"):
            self.add_error("grade", _("Choose the grade these days are for."))
        return cleaned


StaffDaysFormSet = formset_factory(StaffDaysRowForm, extra=0)


def grade_choices(rates: dict[str, Any], used: Any = ()) -> list[tuple[str, str]]:
    """The grades with a rate in force, and any grade already used that has none (marked, so
    the reviewer sees it rather than losing it)."""
    choices = [(g, f"{g} — {rate.daily_rate_usd} USD/day") for g, rate in rates.items()]
    choices += [(g, f"{g} — {_('no rate')}") for g in sorted(set(used) - set(rates))]
    return choices


def staff_days_formset(
    rates: dict[str, Any], staff_days: dict[str, Any], data: Any = None, extra_rows: int = 0
) -> Any:
    grades = grade_choices(rates, staff_days)
    if data is not None:
        data = data.copy()
        total = int(data.get("staff-TOTAL_FORMS") or 0)
        data["staff-TOTAL_FORMS"] = str(min(total + extra_rows, 100))
        return StaffDaysFormSet(data, prefix="staff", form_kwargs={"grades": grades})
    initial = [{"grade": g, "days": Decimal(str(d))} for g, d in staff_days.items()]
    formset = formset_factory(StaffDaysRowForm, extra=EMPTY_ROWS)
    return formset(prefix="staff", initial=initial, form_kwargs={"grades": grades})


def staff_days_of(formset: Any) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for row in formset.cleaned_data:
        if row.get("grade") and row.get("days"):
            totals[row["grade"]] = totals.get(row["grade"], Decimal(0)) + row["days"]
    return totals


class AssessmentForm(forms.Form):
    legal_admin_costs_usd = _money_field(
        _("Legal and administrative costs (USD)"), required=False, initial=0
    )
    cofinancing_usd = _money_field(
        _("Co-financing required from the UN (USD)"),
        required=False,
        initial=0,
        help_text=_("Beyond the UN contributions already recorded on the partnership."),
    )
    people_reached = forms.IntegerField(
        label=_("People reached"),
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": "0"}),
    )
    other_benefits = forms.CharField(
        label=_("Other benefits"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )

    def service_data(self, formset: Any) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("legal_admin_costs_usd", "cofinancing_usd"):
            data[name] = data[name] or Decimal(0)
        data["staff_days"] = staff_days_of(formset)
        return data


class CompleteForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Your recommendation"),
        choices=CostBenefitAssessment.Recommendation.choices,
        widget=forms.RadioSelect,
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        required=False,
        max_length=10_000,
        help_text=_("Required when you recommend otherwise than the figures."),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        max_length=10_000,
        help_text=_("Required when you recommend proceeding with conditions."),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why reopen it?"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )


class StaffRateForm(forms.Form):
    entity = forms.ModelChoiceField(
        queryset=UNEntity.objects.order_by("acronym"),
        required=False,
        empty_label=_("UN system (all entities)"),
        label=_("For"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    grade = forms.CharField(
        label=_("Grade"),
        max_length=8,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "P4"}),
    )
    daily_rate_usd = _money_field(_("Daily rate (USD)"))
    valid_from = forms.DateField(
        label=_("Valid from"), widget=DateInput(attrs={"class": "form-control"})
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("Where the rate comes from: a cost table and its date, a budget, an estimate."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class ThresholdsForm(forms.Form):
    min_leverage_ratio = forms.DecimalField(
        label=_("Minimum leverage ratio"),
        max_digits=8,
        decimal_places=2,
        min_value=0,
        help_text=_("Partner resources divided by UN resources."),
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
    )
    min_benefit_cost_ratio = forms.DecimalField(
        label=_("Minimum benefit–cost ratio"),
        max_digits=8,
        decimal_places=2,
        min_value=0,
        help_text=_("Partner resources divided by what the partnership costs the UN."),
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
    )
    min_strategic_fit = forms.DecimalField(
        label=_("Minimum strategic fit"),
        max_digits=4,
        decimal_places=2,
        min_value=0,
        max_value=1,
        help_text=_("0 to 1: overlap with the entity's mandate and SDGs."),
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.05"}),
    )
    max_risk_rating = forms.ChoiceField(
        label=_("Highest acceptable screening risk"),
        choices=Screening.Rating.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    pro_bono_hour_value_usd = forms.DecimalField(
        label=_("Value of a pro bono hour (USD)"),
        max_digits=8,
        decimal_places=2,
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
    )
