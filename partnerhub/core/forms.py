from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


class StyledFormMixin:
    """Give every widget its Bootstrap class, and mark invalid fields for assistive tech."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(
                widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect
            ):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in getattr(self, "errors", {}):
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
                widget.attrs["aria-invalid"] = "true"


def error_text(exc: ValidationError) -> str:
    """A service's refusal as one sentence, for a flash message or an API `detail`."""
    return " ".join(exc.messages)


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's refusal on the form: on its field when the form has that field."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)
