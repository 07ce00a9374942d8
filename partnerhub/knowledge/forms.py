"""Forms clean what people type; the services decide whether it may be saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerhub.knowledge.models import Lesson
from partnerhub.vocabularies.models import Country, PartnershipType, SDGGoal


class LessonForm(forms.ModelForm):
    class Meta:
        model = Lesson
        fields = ["kind", "title", "text", "visibility", "sdgs", "countries", "themes"]
        widgets = {
            "kind": forms.Select(attrs={"class": "form-select"}),
            "title": forms.TextInput(attrs={"class": "form-control"}),
            "text": forms.Textarea(attrs={"class": "form-control", "rows": 8}),
            "visibility": forms.Select(attrs={"class": "form-select"}),
            "sdgs": forms.CheckboxSelectMultiple,
            "countries": forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
            "themes": forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
        }
        help_texts = {
            "sdgs": _("Left empty, a partnership's lesson takes the partnership's SDGs."),
            "countries": _("Left empty, a partnership's lesson takes its countries."),
        }

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("sdgs", "countries", "themes"):
            data[name] = list(data[name]) or None
        return data


class LessonFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"class": "form-control"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any")), *Lesson.Kind.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    partnership_type = forms.ModelChoiceField(
        label=_("Type of partnership"),
        required=False,
        queryset=PartnershipType.objects.all(),
        empty_label=_("Any"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    sdg = forms.ModelChoiceField(
        label=_("SDG"),
        required=False,
        queryset=SDGGoal.objects.all(),
        empty_label=_("Any"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        required=False,
        queryset=Country.objects.all(),
        empty_label=_("Any"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "text": data["q"].strip(),
            "kind": data["kind"],
            "partnership_type": data["partnership_type"].pk if data["partnership_type"] else "",
            "sdg": data["sdg"].pk if data["sdg"] else None,
            "country": data["country"].pk if data["country"] else "",
        }
