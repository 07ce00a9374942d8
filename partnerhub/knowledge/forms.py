"""Forms clean what people type; the services decide whether it may be saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerhub.core import filecheck as attachments
from partnerhub.knowledge.models import Lesson
from partnerhub.vocabularies.models import Country, PartnershipType, SDGGoal, Theme

ACCEPT = ",".join(attachments.FORMATS)


class LessonForm(forms.ModelForm):
    """An item of the knowledge base. The attachment is not a model field of the form: the
    service checks and stores it under a safe name, and `remove_attachment` says to drop the
    current file (a new upload replaces it anyway)."""

    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_(
            "A template, checklist or guide to download: PDF, DOCX, XLSX, PPTX, ODT, ODS or "
            "CSV, 10 MB at most."
        ),
        widget=forms.FileInput(attrs={"class": "form-control", "accept": ACCEPT}),
    )
    link = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Where the guide or tool is published, if elsewhere."),
        widget=forms.URLInput(attrs={"class": "form-control", "placeholder": "https://"}),
    )
    remove_attachment = forms.BooleanField(
        label=_("Remove the current attachment"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    class Meta:
        model = Lesson
        fields = [
            "kind",
            "title",
            "text",
            "link",
            "visibility",
            "partnership_types",
            "sdgs",
            "countries",
            "themes",
        ]
        widgets = {
            "kind": forms.Select(attrs={"class": "form-select"}),
            "title": forms.TextInput(attrs={"class": "form-control"}),
            "text": forms.Textarea(attrs={"class": "form-control", "rows": 8}),
            "visibility": forms.Select(attrs={"class": "form-select"}),
            "partnership_types": forms.SelectMultiple(attrs={"class": "form-select", "size": 4}),
            "sdgs": forms.CheckboxSelectMultiple,
            "countries": forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
            "themes": forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
        }
        help_texts = {
            "text": _(
                "A lesson or practice: what happened and what to do next time. A guide or "
                "tool: what it is for and when to use it; its substance can be in the "
                "attachment or at the link."
            ),
            "partnership_types": _(
                "Left empty, a partnership's lesson takes the partnership's type."
            ),
            "sdgs": _("Left empty, a partnership's lesson takes the partnership's SDGs."),
            "countries": _("Left empty, a partnership's lesson takes its countries."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not (self.instance.pk and self.instance.attachment):
            del self.fields["remove_attachment"]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("partnership_types", "sdgs", "countries", "themes"):
            data[name] = list(data[name]) or None
        if not data.get("attachment"):
            data.pop("attachment", None)
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
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        required=False,
        queryset=Theme.objects.all(),
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
            "theme": data["theme"].pk if data["theme"] else "",
        }


class RelatedQueryForm(forms.Form):
    """What the related-lessons panel is asked about: the fields of the partnership form of
    the same names. A value that is not a known term is left out rather than refused, since
    the panel only helps while the proposal is being written."""

    partnership_type = forms.ModelChoiceField(
        queryset=PartnershipType.objects.all(), required=False
    )
    sdgs = forms.ModelMultipleChoiceField(queryset=SDGGoal.objects.all(), required=False)
    countries = forms.ModelMultipleChoiceField(queryset=Country.objects.all(), required=False)

    def query(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "partnership_type": data.get("partnership_type"),
            "sdgs": list(data.get("sdgs") or []),
            "countries": list(data.get("countries") or []),
        }
