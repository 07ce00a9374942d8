"""Forms of the marketplace pages. They validate what a user typed (lengths, amounts, dates);
the services decide who may do what."""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerhub.core.forms import StyledFormMixin
from partnerhub.entities.models import UNEntity
from partnerhub.marketplace.models import Need, Offer, OfferRoute, SavedSearch, Visibility
from partnerhub.marketplace.services import MAX_NOTE
from partnerhub.organisations.models import Organisation
from partnerhub.vocabularies.models import Country, Region, ResourceType, SDGGoal, SDGTarget, Theme

MAX_DESCRIPTION = 10_000
MAX_SUGGESTION_TEXT = 20_000
MAX_VALUE_USD = 10**12
MULTIPLE_HELP = _("Hold Ctrl (⌘ on a Mac) to select several.")


class LabelledChoices(forms.ModelMultipleChoiceField):
    """Vocabulary terms by their name in the active language."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class GoalChoices(LabelledChoices):
    pass


def _amount(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_VALUE_USD,
        max_digits=14,
        decimal_places=2,
    )


def _choices(form: forms.Form, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


def goal_ids(values: Iterable[Any]) -> list[int]:
    """Goal numbers from posted values, ignoring anything that is not one."""
    ids = []
    for value in values:
        try:
            ids.append(int(getattr(value, "pk", value)))
        except (TypeError, ValueError):
            continue
    return ids


class SDGFieldsMixin:
    """SDG goals as checkboxes and their targets as a multi-select; the targets on offer are
    those of the chosen goals (the service refuses a target whose goal is not chosen)."""

    fields: dict[str, forms.Field]
    initial: MutableMapping[str, Any]
    data: Any
    is_bound: bool
    prefix: str | None

    def _setup_sdg_fields(self) -> None:
        sdgs = GoalChoices(
            label=_("Sustainable Development Goals"),
            required=False,
            queryset=SDGGoal.objects.order_by("number"),
            widget=forms.CheckboxSelectMultiple,
            help_text=_(
                "The goals this contributes to. Use the suggestion button to check the text."
            ),
        )
        targets = forms.ModelMultipleChoiceField(
            label=_("SDG targets"),
            required=False,
            queryset=SDGTarget.objects.all(),
            widget=forms.SelectMultiple(attrs={"size": 6}),
            help_text=_("Optional. Only targets of the goals chosen above are listed."),
        )
        self.fields["sdgs"] = sdgs
        self.fields["sdg_targets"] = targets
        chosen = self.chosen_goals()
        limited = SDGTarget.objects.filter(goal_id__in=chosen).order_by("goal_id", "position")
        targets.widget.choices = [(t.pk, f"{t.code} {t.label}"[:160]) for t in limited]

    def chosen_goals(self) -> list[int]:
        if self.is_bound:
            return goal_ids(self.data.getlist("sdgs") if hasattr(self.data, "getlist") else [])
        return goal_ids(self.initial.get("sdgs") or [])


class ListingForm(SDGFieldsMixin, StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    resource_types = LabelledChoices(
        label=_("Resource types"),
        required=False,
        queryset=ResourceType.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    countries = LabelledChoices(
        label=_("Countries"),
        required=False,
        queryset=Country.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=MULTIPLE_HELP,
    )
    regions = LabelledChoices(
        label=_("Regions"),
        required=False,
        queryset=Region.objects.exclude(level="intermediate").order_by("level", "name"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=MULTIPLE_HELP,
    )
    starts_on = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._setup_sdg_fields()
        # The style mixin ran before the SDG fields existed.
        self.fields["sdgs"].widget.attrs.setdefault("class", "form-check-input")
        self.fields["sdg_targets"].widget.attrs.setdefault("class", "form-select")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date is before the start date."))
        return data

    @staticmethod
    def initial_for(listing: Need | Offer) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "title": listing.title,
            "description": listing.description,
            "starts_on": listing.starts_on,
            "ends_on": listing.ends_on,
        }
        for name in ("resource_types", "sdgs", "sdg_targets", "countries", "regions"):
            initial[name] = [o.pk for o in getattr(listing, name).all()]
        return initial


class NeedForm(ListingForm):
    entity = forms.ModelChoiceField(
        label=_("UN entity"), queryset=UNEntity.objects.none(), empty_label=None
    )
    estimated_value_usd = _amount(_("Estimated value (USD)"))
    contact_name = forms.CharField(label=_("Contact name"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        help_text=_("Public needs are seen by everyone; UN-only needs by UN staff only."),
    )

    field_order = ["entity", "title", "description"]

    def __init__(self, *args: Any, entities: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if entities is None:
            del self.fields["entity"]
        else:
            _choices(self, "entity").queryset = entities

    @classmethod
    def for_need(cls, need: Need, data: Any = None) -> NeedForm:
        initial = cls.initial_for(need)
        initial.update(
            estimated_value_usd=need.estimated_value_usd,
            contact_name=need.contact_name,
            contact_email=need.contact_email,
            visibility=need.visibility,
        )
        return cls(data, initial=initial)


class OfferForm(ListingForm):
    organisation = forms.ModelChoiceField(
        label=_("Company"), queryset=Organisation.objects.none(), empty_label=None
    )
    cash_value_usd = _amount(_("Cash (USD)"))
    in_kind_value_usd = _amount(_("In-kind valuation (USD)"))
    pro_bono_hours = forms.IntegerField(
        label=_("Pro bono hours"), required=False, min_value=0, max_value=10_000_000
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anything the UN should know first: eligibility, co-branding, timing."),
    )
    themes = LabelledChoices(
        label=_("Themes"),
        required=False,
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = ["organisation", "title", "description"]

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            _choices(self, "organisation").queryset = organisations

    @classmethod
    def for_offer(cls, offer: Offer, data: Any = None) -> OfferForm:
        initial = cls.initial_for(offer)
        initial.update(
            cash_value_usd=offer.cash_value_usd,
            in_kind_value_usd=offer.in_kind_value_usd,
            pro_bono_hours=offer.pro_bono_hours,
            conditions=offer.conditions,
            themes=[t.pk for t in offer.themes.all()],
        )
        return cls(data, initial=initial)


class SDGSuggestionForm(SDGFieldsMixin, forms.Form):
    """What the "Suggest SDGs" button posts: the text, and the goals already checked."""

    title = forms.CharField(required=False, max_length=200)
    description = forms.CharField(required=False, max_length=MAX_SUGGESTION_TEXT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._setup_sdg_fields()


class NoteForm(StyledFormMixin, forms.Form):
    to = forms.CharField(max_length=20)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InterestInNeedForm(StyledFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    proposed_offer = forms.ModelChoiceField(
        label=_("Propose one of your offers (optional)"),
        queryset=Offer.objects.none(),
        required=False,
        empty_label=_("No offer"),
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say briefly how your company could help."),
    )

    def __init__(self, *args: Any, organisations: Any, offers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "organisation").queryset = organisations
        _choices(self, "proposed_offer").queryset = offers


class InterestInOfferForm(StyledFormMixin, forms.Form):
    entity = forms.ModelChoiceField(
        label=_("For"), queryset=UNEntity.objects.none(), empty_label=None
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say briefly what your entity would like to do with this offer."),
    )

    def __init__(self, *args: Any, entities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "entity").queryset = entities


class InterestAnswerForm(StyledFormMixin, forms.Form):
    accept = forms.TypedChoiceField(
        choices=[("1", _("Take forward")), ("0", _("Decline"))], coerce=lambda v: v == "1"
    )
    response = forms.CharField(
        label=_("Response"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


ROUTE_ACTIONS = [
    OfferRoute.Status.ACKNOWLEDGED,
    OfferRoute.Status.IN_DISCUSSION,
    OfferRoute.Status.DECLINED,
    OfferRoute.Status.FORWARDED,
]


class _EntityChoiceField(forms.ModelChoiceField):
    """Acronym and full name: a bare list of 170 acronyms is unreadable."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.acronym} — {obj.name}"


class RouteResponseForm(StyledFormMixin, forms.Form):
    to = forms.ChoiceField(choices=[(s.value, s.label) for s in ROUTE_ACTIONS])
    note = forms.CharField(
        label=_("Reason or note"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    forward_to = _EntityChoiceField(
        label=_("Forward to"),
        queryset=UNEntity.objects.none(),
        required=False,
        empty_label=_("Choose an entity"),
    )

    def __init__(self, *args: Any, route: OfferRoute, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "forward_to").queryset = UNEntity.objects.exclude(
            pk=route.entity_id
        ).order_by("acronym")


class RoutingProfileForm(StyledFormMixin, forms.Form):
    keywords = forms.CharField(
        label=_("Additional routing text"),
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Words and phrases describing offers this entity should receive."),
    )
    sdgs = GoalChoices(
        label=_("SDGs for routing"),
        required=False,
        queryset=SDGGoal.objects.order_by("number"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to use the SDGs of the entity's profile."),
    )
    themes = LabelledChoices(
        label=_("Themes"),
        required=False,
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    countries = LabelledChoices(
        label=_("Countries of operation"),
        required=False,
        queryset=Country.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=MULTIPLE_HELP,
    )
    accepts_offers = forms.BooleanField(
        label=_("Receives routed offers"),
        required=False,
        help_text=_("Untick to keep this entity out of automatic routing."),
    )


class TryRoutingForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Offer text"),
        max_length=MAX_SUGGESTION_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Paste an offer's text to see the three entities it would be routed to."),
    )


class SavedSearchForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(choices=SavedSearch.Kind.choices, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=120)
    alerts = forms.BooleanField(label=_("E-mail me new matches"), required=False, initial=True)


class SavedSearchAlertsForm(forms.Form):
    alerts = forms.BooleanField(required=False)
