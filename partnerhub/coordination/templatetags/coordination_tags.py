"""`{% un_relationship organisation %}`: an organisation's whole relationship with the UN
system, for the organisation page. Renders nothing for anyone but UN staff."""

from __future__ import annotations

from typing import Any

from django import template

from partnerhub.coordination import selectors
from partnerhub.organisations.models import Organisation

register = template.Library()


@register.inclusion_tag("coordination/_relationship.html", takes_context=True)
def un_relationship(context: dict[str, Any], organisation: Organisation) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("coordination.view_registry"):
        return {"visible": False}
    rows = selectors.engagements_of_organisation(organisation, viewer=user)
    groups = selectors.group_by_entity(rows)
    return {
        "visible": True,
        "organisation": organisation,
        "groups": groups,
        "open_entities": sum(1 for _entity, items in groups if any(r.is_open for r in items)),
    }
