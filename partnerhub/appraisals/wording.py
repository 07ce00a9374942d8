"""The calculator's messages in words, in the reader's language. The calculator and the stored
figures keep codes and numbers only, so a completed review reads in any language."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from partnerhub.appraisals.calculator import CalculationError, Message
from partnerhub.appraisals.models import CostBenefitAssessment
from partnerhub.screening.models import Screening

DRIVER_LABELS: dict[str, Promise] = {
    "leverage_ratio": gettext_lazy("Leverage ratio"),
    "benefit_cost_ratio": gettext_lazy("Benefit–cost ratio"),
    "strategic_fit": gettext_lazy("Strategic fit"),
    "risk": gettext_lazy("Screening risk"),
}

MESSAGES: dict[str, Promise] = {
    "leverage_ratio_pass": gettext_lazy(
        "Partners bring %(value)s USD for every dollar of UN resources; the minimum is %(minimum)s."
    ),
    "leverage_ratio_fail": gettext_lazy(
        "Partners bring only %(value)s USD for every dollar of UN resources; the minimum is "
        "%(minimum)s."
    ),
    "leverage_ratio_no_un_resources": gettext_lazy(
        "No UN resources are recorded (staff time, costs, co-financing or UN contributions), "
        "so the leverage ratio cannot be computed."
    ),
    "benefit_cost_ratio_pass": gettext_lazy(
        "The partnership brings %(value)s USD for every dollar it costs the UN; the minimum "
        "is %(minimum)s."
    ),
    "benefit_cost_ratio_fail": gettext_lazy(
        "The partnership brings only %(value)s USD for every dollar it costs the UN; the "
        "minimum is %(minimum)s."
    ),
    "benefit_cost_ratio_no_costs": gettext_lazy(
        "No cost to the UN is recorded (staff time, legal and administrative costs, "
        "co-financing), so the benefit–cost ratio cannot be computed."
    ),
    "strategic_fit_pass": gettext_lazy(
        "Strategic fit %(value)s reaches the minimum of %(minimum)s."
    ),
    "strategic_fit_fail": gettext_lazy(
        "Strategic fit %(value)s is below the minimum of %(minimum)s."
    ),
    "strategic_fit_unknown": gettext_lazy(
        "The strategic fit cannot be measured: give the partnership SDGs and the entity a mandate."
    ),
    "risk_pass": gettext_lazy(
        "The screening rated the partners' risk %(value)s; the highest acceptable is %(maximum)s."
    ),
    "risk_fail": gettext_lazy(
        "The screening rated the partners' risk %(value)s, above the highest acceptable "
        "(%(maximum)s)."
    ),
    "risk_not_rated": gettext_lazy(
        "Not every private partner has a rated screening yet, so the risk cannot be checked."
    ),
    "recommend_risk_too_high": gettext_lazy(
        "Do not proceed: the screening risk is above what the entity accepts."
    ),
    "recommend_costs_exceed_benefits": gettext_lazy(
        "Do not proceed: both the leverage and the benefit–cost ratio are below their minimums."
    ),
    "recommend_all_pass": gettext_lazy("Proceed: every threshold is met."),
    "recommend_conditions": gettext_lazy("Proceed with conditions."),
    "recommend_conditions_failed": gettext_lazy("Below the threshold: %(drivers)s."),
    "recommend_conditions_unknown": gettext_lazy("Cannot be checked: %(drivers)s."),
    "fit_sdgs": gettext_lazy(
        "%(shared_count)s of the partnership's %(count)s SDGs are among %(source)s "
        "(%(shared)s): %(share)s."
    ),
    "fit_no_partnership_sdgs": gettext_lazy(
        "The partnership has no SDGs, so its fit with the entity's goals is not measured."
    ),
    "fit_no_entity_sdgs": gettext_lazy(
        "The entity has no SDGs and none could be read from its mandate."
    ),
    "fit_mandate": gettext_lazy(
        "The partnership's title and summary share %(shared_count)s keywords with the "
        "entity's mandate (%(words)s); %(needed)s count as a full match: %(share)s."
    ),
    "fit_no_mandate": gettext_lazy(
        "The entity has no mandate text, so keyword fit is not measured."
    ),
    "fit_no_description": gettext_lazy(
        "The partnership has no title or summary to compare with the mandate."
    ),
    "not_converted": gettext_lazy(
        "Not converted and left out of every total and ratio (only USD amounts are counted; "
        "record them in USD to count them): %(items)s."
    ),
    "pro_bono_not_valued": gettext_lazy(
        "%(hours)s pro bono hours are not valued: the entity has not set the value of an hour."
    ),
    "no_people_reached": gettext_lazy(
        "People reached is not given, so there is no cost per person reached."
    ),
    "negative": gettext_lazy("%(field)s cannot be negative (%(value)s)."),
    "unknown_grades": gettext_lazy(
        "No daily rate is set for grade %(grades)s. Grades with a rate: %(known)s. Ask an "
        "administrator to set the rate, or use a grade that has one."
    ),
    "unknown_risk_rating": gettext_lazy("Unknown screening risk rating “%(rating)s”."),
    "unknown_contribution_kind": gettext_lazy("Unknown kind of contribution “%(kind)s”."),
}

SDG_SOURCES: dict[str, Promise] = {
    "entity": gettext_lazy("the entity's SDGs"),
    "tagged": gettext_lazy("the SDGs read from the entity's mandate"),
}


def _joined(values: Any) -> str:
    return ", ".join(str(v) for v in values) if values else "—"


def words(message: Message | dict[str, Any]) -> str:
    if isinstance(message, Message):
        code, params = message.code, dict(message.params)
    else:
        code, params = message["code"], dict(message.get("params") or {})
    template = MESSAGES.get(code)
    if template is None:
        return code
    if code == "recommend_conditions":
        sentences = [str(template)]
        for key in ("failed", "unknown"):
            if params.get(key):
                labels = _joined([DRIVER_LABELS.get(c, c) for c in params[key]])
                sentences.append(str(MESSAGES[f"{code}_{key}"]) % {"drivers": labels})
        return " ".join(sentences)
    if code == "fit_sdgs":
        params["source"] = SDG_SOURCES.get(params.get("source", ""), params.get("source", ""))
        params["shared"] = _joined(f"SDG {g}" for g in params.get("shared", []))
    if code.startswith("risk_"):
        ratings = dict(Screening.Rating.choices)
        for key in ("value", "maximum"):
            if key in params:
                params[key] = str(ratings.get(params[key], params[key])).lower()
    params = {k: _joined(v) if isinstance(v, list) else v for k, v in params.items()}
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)


def error_words(error: CalculationError) -> str:
    return words(Message(error.code, error.params))


def readable(figures: dict[str, Any]) -> dict[str, Any]:
    """Stored or freshly computed figures, with each message in words for the page and API."""
    if not figures:
        return {}
    shown = dict(figures)
    shown["drivers"] = [
        {
            **driver,
            "label": str(DRIVER_LABELS.get(driver["code"], driver["code"])),
            "text": words(driver["message"]),
        }
        for driver in figures.get("drivers", [])
    ]
    shown["fit_text"] = [words(m) for m in figures.get("fit_parts", [])]
    shown["notes_text"] = [words(m) for m in figures.get("notes", [])]
    shown["recommendation_text"] = words(figures.get("recommendation_reason", {"code": ""}))
    shown["recommendation_label"] = str(
        dict(CostBenefitAssessment.Recommendation.choices).get(
            figures.get("recommendation", ""), ""
        )
    )
    return shown
