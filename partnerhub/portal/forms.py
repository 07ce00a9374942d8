from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from partnerhub.core.forms import StyledFormMixin
from partnerhub.portal.models import CountryProfile
from partnerhub.portal.services import PROFILE_FIELDS


def _formfield(field: models.Field, **kwargs: Any) -> Any:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class CountryProfileForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CountryProfile
        fields = list(PROFILE_FIELDS)
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4})}
        formfield_callback = _formfield
