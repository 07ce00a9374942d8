from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms import BoundField

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (keeps filters across pages)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return str(query.urlencode())


@register.filter
def bootstrap_widget(field: BoundField) -> str:
    """Render a bound field's widget with its Bootstrap class (for forms we do not own,
    such as allauth's), marking invalid fields for assistive technology."""
    widget = field.field.widget
    attrs = dict(widget.attrs)
    if not attrs.get("class"):
        if isinstance(widget, forms.CheckboxInput):
            attrs["class"] = "form-check-input"
        elif isinstance(widget, forms.Select):
            attrs["class"] = "form-select"
        else:
            attrs["class"] = "form-control"
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
    if field.help_text:
        attrs["aria-describedby"] = f"{field.auto_id}_helptext"
    return str(field.as_widget(attrs=attrs))
