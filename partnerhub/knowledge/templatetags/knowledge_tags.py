"""The related-lessons panel, for the partnership proposal form and for a partnership's page
while it is a draft or proposed."""

from __future__ import annotations

from typing import Any

from django import forms, template

from partnerhub.knowledge import selectors
from partnerhub.knowledge.forms import RelatedQueryForm
from partnerhub.partnerships.models import Partnership

register = template.Library()

# Lessons help while the partnership is being designed; later they would be noise.
DESIGN_STATES = frozenset({Partnership.Status.DRAFT, Partnership.Status.PROPOSED})


def _values(form: forms.BaseForm, name: str) -> list[Any]:
    if name not in form.fields:
        return []
    value = form[name].value()
    if value in (None, ""):
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


@register.inclusion_tag("knowledge/_related_panel.html", takes_context=True)
def related_lessons_for_form(context: dict[str, Any], form: forms.BaseForm) -> dict[str, Any]:
    """The panel for what the partnership form holds now (as typed, or as stored)."""
    data = {
        "partnership_type": (_values(form, "partnership_type") or [""])[0],
        "sdgs": _values(form, "sdgs"),
        "countries": _values(form, "countries"),
    }
    query = RelatedQueryForm(data).query()
    return {
        "related": selectors.related_lessons(user=context["request"].user, **query),
        "asked": bool(query["partnership_type"] or query["sdgs"] or query["countries"]),
    }


@register.inclusion_tag("knowledge/_related_panel.html", takes_context=True)
def related_lessons_section(context: dict[str, Any], partnership: Partnership) -> dict[str, Any]:
    """The panel on a draft or proposed partnership's page; nothing at later stages."""
    if partnership.status not in DESIGN_STATES:
        return {"hidden": True}
    sdgs = list(partnership.sdgs.all())
    countries = list(partnership.countries.all())
    return {
        "related": selectors.related_lessons(
            partnership.partnership_type_id,
            sdgs,
            countries,
            context["request"].user,
            exclude_partnership=partnership.pk,
        ),
        "asked": bool(partnership.partnership_type_id or sdgs or countries),
    }
