"""The agreement section of a partnership's page."""

from __future__ import annotations

from typing import Any

from django import template

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
