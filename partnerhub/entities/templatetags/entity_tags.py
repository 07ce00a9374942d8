"""Words for what relatedness.py returns as data, in the reader's language."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerhub.entities.chart_csv import split_organs
from partnerhub.entities.relatedness import DifferenceKind, ReasonKind, Relation

register = template.Library()

LINK_LABELS = {
    "strategic_plan": gettext_lazy("Strategic plan"),
    "annual_reports": gettext_lazy("Annual reports"),
    "results_framework": gettext_lazy("Results framework"),
    "transparency_portal": gettext_lazy("Transparency portal"),
    "budget": gettext_lazy("Budget and financial reporting"),
    "organizational_chart": gettext_lazy("Organisational chart"),
    "data": gettext_lazy("Data"),
    "brand_guidelines": gettext_lazy("Brand guidelines"),
    "careers": gettext_lazy("Careers"),
    "mandate_registry": gettext_lazy("Mandate registry"),
    "wikipedia": gettext_lazy("Wikipedia"),
    "linkedin": gettext_lazy("LinkedIn"),
    "x": gettext_lazy("X (Twitter)"),
    "instagram": gettext_lazy("Instagram"),
}


def join_words(items: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def sdg_list(numbers: Sequence[int | str]) -> str:
    return join_words([_("SDG %(n)s") % {"n": number} for number in numbers])


@register.filter
def relation_reasons(relation: Relation) -> list[str]:
    texts = []
    for reason in relation.reasons:
        if reason.kind == ReasonKind.SHARED_SDGS:
            texts.append(_("shares %(sdgs)s") % {"sdgs": sdg_list(reason.values)})
        elif reason.kind == ReasonKind.SAME_CATEGORY:
            texts.append(_("same category: %(category)s") % {"category": reason.values[0]})
        elif reason.kind == ReasonKind.SHARED_WORDS:
            words = join_words([str(value) for value in reason.values])
            texts.append(_("both describe their work with: %(words)s") % {"words": words})
        elif reason.kind == ReasonKind.SAME_PRINCIPAL_ORGAN:
            organs = join_words([str(value) for value in reason.values])
            texts.append(_("same principal organ: %(organ)s") % {"organ": organs})
    return texts


@register.filter
def relation_differences(relation: Relation) -> list[str]:
    subject, other = relation.subject.acronym, relation.other.acronym
    texts = []
    for difference in relation.differences:
        values = difference.values
        if difference.kind == DifferenceKind.SDGS_ONLY_SUBJECT:
            texts.append(
                _("only %(acronym)s covers %(sdgs)s")
                % {"acronym": subject, "sdgs": sdg_list(values)}
            )
        elif difference.kind == DifferenceKind.SDGS_ONLY_OTHER:
            texts.append(
                _("only %(acronym)s covers %(sdgs)s") % {"acronym": other, "sdgs": sdg_list(values)}
            )
        elif difference.kind == DifferenceKind.DIFFERENT_CATEGORY:
            texts.append(
                _("different category: %(a)s (%(subject)s), %(b)s (%(other)s)")
                % {"a": values[0], "subject": subject, "b": values[1], "other": other}
            )
        elif difference.kind == DifferenceKind.DIFFERENT_PRINCIPAL_ORGAN:
            texts.append(
                _("different principal organ: %(a)s (%(subject)s), %(b)s (%(other)s)")
                % {"a": values[0], "subject": subject, "b": values[1], "other": other}
            )
    return texts


@register.filter
def link_label(key: str) -> str:
    return str(LINK_LABELS.get(key, key.replace("_", " ").capitalize()))


@register.filter
def organs(value: str) -> str:
    """ "General Assembly; Security Council" -> "General Assembly and Security Council"."""
    return join_words(split_organs(value))
