"""The agreement section of a partnership's page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from partnerhub.agreements import selectors, services
from partnerhub.partnerships.models import Partnership

register = template.Library()


@register.inclusion_tag("agreements/_section.html", takes_context=True)
def agreement_section(context: dict[str, Any], partnership: Partnership) -> dict[str, Any]:
    """The current agreement, if the user may see it, with links to it and its files; the
    button to generate (or regenerate the draft) for those who may, while they may."""
    user = context["request"].user
    agreement = selectors.current_agreement(partnership)
    if agreement is not None and not user.has_perm("agreements.view_agreement", agreement):
        agreement = None
    can_generate = (
        partnership.status in services.GENERATION_STATES
        and user.has_perm("agreements.generate", partnership)
        and (agreement is None or agreement.status == agreement.Status.DRAFTED)
    )
    return {"partnership": partnership, "agreement": agreement, "can_generate": can_generate}


@register.filter
def localised(values: dict[str, str]) -> str:
    """A clause's or template's title in the page's language, or in English."""
    return services.localised(values or {})


@register.filter
def get(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "")


@register.filter
def announced(redline_html: str) -> SafeString:
    """The redline with each deletion and insertion announced to screen readers, which say
    nothing of <del> and <ins> by default. The redline's text is escaped already
    (rendering.redline_html)."""
    deleted = escape(_("Deleted:"))
    inserted = escape(_("Inserted:"))
    # Safe: the redline's text and the labels are both escaped.
    return mark_safe(
        redline_html.replace(
            "<del>", f'<del><span class="visually-hidden">{deleted} </span>'
        ).replace("<ins>", f'<ins><span class="visually-hidden">{inserted} </span>')
    )
