from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 1945
LAST_YEAR = 2100


class YearRangeForm(forms.Form):
    year_from = forms.IntegerField(
        label=_("From year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    year_to = forms.IntegerField(
        label=_("To year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("year_from"), data.get("year_to")
        if start is not None and end is not None and start > end:
            raise forms.ValidationError(_("The first year must not come after the last year."))
        return data
