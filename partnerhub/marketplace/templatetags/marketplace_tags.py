from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

# Bootstrap badge colours by status, shared by needs, offers, routes and interests.
STATUS_CLASSES = {
    "draft": "text-bg-secondary",
    "open": "text-bg-success",
    "submitted": "text-bg-primary",
    "received": "text-bg-primary",
    "acknowledged": "text-bg-info",
    "in_discussion": "text-bg-warning",
    "accepted": "text-bg-success",
    "filled": "text-bg-success",
    "declined": "text-bg-danger",
    "forwarded": "text-bg-light border",
    "closed": "text-bg-dark",
    "withdrawn": "text-bg-dark",
}


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "text-bg-secondary")


@register.filter
def get_item(mapping: dict[str, Any] | None, key: Any) -> Any:
    """`mapping|get_item:key`, with the key as a string (form choice values are objects)."""
    if not mapping:
        return None
    return mapping.get(str(key))


@register.filter
def percent(value: Any) -> int:
    """A 0–1 score as a whole percentage for a progress bar."""
    try:
        return max(0, min(100, round(float(value) * 100)))
    except (TypeError, ValueError):
        return 0
