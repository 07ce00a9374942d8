"""The public calculators: cause-related marketing and "feedback" (meals an item's cost pays
for). GET forms, so every result has a shareable address; the arithmetic is in calculators.py.
Open to everyone; nothing is stored."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.numbers import get_currency_name
from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _

from partnerhub.core.forms import StyledFormMixin
from partnerhub.portal import calculators
from partnerhub.portal.calculators import MAX_AMOUNT, MAX_TIMES, MAX_VOLUME, CalculatorInputError
from partnerhub.vocabularies.data_files import active_currencies

DEFAULT_CURRENCY = "USD"
# The 2011 report (A/66/320, Box 6) tells of WeFeedback but gives no cost per meal, so the
# default below is an assumption of this calculator, shown as one, for the visitor to replace.
DEFAULT_MEAL_COST = Decimal("0.25")


@lru_cache(maxsize=1)
def _currency_codes() -> tuple[str, ...]:
    return tuple(sorted(active_currencies()))


@lru_cache(maxsize=8)
def _currency_choices(language: str) -> tuple[tuple[str, str], ...]:
    try:
        locale = Locale.parse(to_locale(language))
    except (UnknownLocaleError, ValueError):
        locale = Locale("en")
    return tuple(
        (code, f"{code} — {get_currency_name(code, locale=locale)}") for code in _currency_codes()
    )


def currency_choices() -> tuple[tuple[str, str], ...]:
    return _currency_choices(get_language() or "en")


def _amount(label: Any, *, required: bool = True, places: int = 2, help_text: Any = "") -> Any:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=13 + places,
        decimal_places=places,
        max_value=MAX_AMOUNT,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


class CalculatorForm(StyledFormMixin, forms.Form):
    currency = forms.ChoiceField(label=_("Currency"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = currency_choices()  # type: ignore[attr-defined]

    def _positive(self, name: str) -> Decimal | None:
        value = self.cleaned_data.get(name)
        if value is not None and value <= 0:
            raise forms.ValidationError(_("Enter an amount above zero."))
        return value


class CauseMarketingForm(CalculatorForm):
    donation_per_unit = _amount(
        _("Donation per unit sold"),
        places=4,
        help_text=_("What the company gives for each unit sold, e.g. 0.50 or 0.005."),
    )
    volume = forms.IntegerField(
        label=_("Expected sales volume (units)"),
        min_value=0,
        max_value=MAX_VOLUME,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    cap = _amount(
        _("Cap: the most the company gives (optional)"),
        required=False,
        help_text=_("Leave empty if the donation has no ceiling."),
    )
    minimum = _amount(
        _("Minimum guarantee (optional)"),
        required=False,
        help_text=_("What the company gives whatever the sales. Leave empty if none."),
    )

    def clean_donation_per_unit(self) -> Decimal | None:
        return self._positive("donation_per_unit")

    def clean_cap(self) -> Decimal | None:
        return self._positive("cap")

    def clean_minimum(self) -> Decimal | None:
        value = self.cleaned_data.get("minimum")
        if value is not None and value < 0:
            raise forms.ValidationError(_("Enter zero or more."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        cap, minimum = data.get("cap"), data.get("minimum")
        if cap is not None and minimum is not None and cap < minimum:
            self.add_error(
                "cap",
                _(
                    "The cap is below the minimum guarantee: the company cannot give at least "
                    "the minimum and at most the cap. Raise the cap or lower the minimum."
                ),
            )
        return data


class FeedbackForm(CalculatorForm):
    item = forms.CharField(
        label=_("Your chosen item (optional)"),
        required=False,
        max_length=80,
        help_text=_("A favourite food or anything else, e.g. “a pizza”."),
    )
    item_cost = _amount(_("Cost of the item"))
    times = forms.IntegerField(
        label=_("How many times you give that amount"),
        min_value=1,
        max_value=MAX_TIMES,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    meal_cost = _amount(
        _("Cost of one meal (or unit of aid)"),
        required=False,
        places=4,
        help_text=_(
            "Assumption: 0.25 per school meal unless you enter another figure. The 2011 "
            "report does not give a cost per meal; use the figure of the programme you give to."
        ),
    )

    def clean_item_cost(self) -> Decimal | None:
        return self._positive("item_cost")

    def clean_meal_cost(self) -> Decimal:
        """Left empty, the assumption the help text states."""
        value = self._positive("meal_cost")
        return DEFAULT_MEAL_COST if value is None else value


def _bound(request: HttpRequest, form_class: type[CalculatorForm], initial: dict[str, Any]) -> Any:
    """Bound to the query when it names any field (a shared link), else empty with defaults."""
    if any(name in request.GET for name in form_class.base_fields):
        data = {
            **{k: str(v) for k, v in initial.items() if k not in request.GET},
            **request.GET.dict(),
        }
        return form_class(data)
    return form_class(initial=initial)


def _computed(form: forms.Form, compute: Any) -> Any:
    """The result, or None with the calculator's refusal on the form's field."""
    try:
        return compute()
    except CalculatorInputError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return None


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/calculators/index.html")


def cause_marketing(request: HttpRequest) -> HttpResponse:
    form = _bound(request, CauseMarketingForm, {"currency": DEFAULT_CURRENCY})
    result = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        result = _computed(
            form,
            lambda: calculators.cause_marketing(
                donation_per_unit=data["donation_per_unit"],
                volume=data["volume"],
                cap=data["cap"],
                minimum=data["minimum"],
            ),
        )
    return render(
        request,
        "portal/calculators/cause_marketing.html",
        {
            "form": form,
            "result": result,
            "currency": form.cleaned_data.get("currency", "")
            if form.is_bound
            else DEFAULT_CURRENCY,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def feedback(request: HttpRequest) -> HttpResponse:
    form = _bound(
        request,
        FeedbackForm,
        {"currency": DEFAULT_CURRENCY, "times": 1, "meal_cost": DEFAULT_MEAL_COST},
    )
    result = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        result = _computed(
            form,
            lambda: calculators.feedback(
                item_cost=data["item_cost"], meal_cost=data["meal_cost"], times=data["times"]
            ),
        )
    return render(
        request,
        "portal/calculators/feedback.html",
        {
            "form": form,
            "result": result,
            "item": form.cleaned_data.get("item", "") if form.is_bound else "",
            "currency": form.cleaned_data.get("currency", "")
            if form.is_bound
            else DEFAULT_CURRENCY,
            "default_meal_cost": DEFAULT_MEAL_COST,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
