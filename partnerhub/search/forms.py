from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerhub.search import registry, text


class SiteSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=text.MAX_QUERY_CHARS,
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control", "dir": "auto"}),
    )
    kind = forms.ChoiceField(
        label=_("Show"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Everything"))] + [(k.name, k.label) for k in registry.kinds()]
        self.fields["kind"].choices = choices  # type: ignore[attr-defined]
