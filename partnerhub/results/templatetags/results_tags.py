"""The results section of a partnership's page, and the traffic light of a KPI."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerhub.accounts.predicates import is_un_staff
from partnerhub.knowledge.selectors import lessons_of
from partnerhub.partnerships.models import Partnership
from partnerhub.results import selectors, services
from partnerhub.results.status import Assessment, Light, Why

register = template.Library()

# Colour, icon and words together: the light is never told by colour alone.
LIGHTS = {
    Light.GREEN: ("text-bg-success", "bi-check-circle-fill", _("On track")),
    Light.AMBER: ("text-bg-warning", "bi-exclamation-triangle-fill", _("Slipping")),
    Light.RED: ("text-bg-danger", "bi-x-octagon-fill", _("Off track")),
    Light.GREY: ("text-bg-secondary", "bi-dash-circle", _("No status")),
}
REASONS = {
    # xgettext:no-python-format
    Why.ON_TRACK: _("at least 90% of the progress expected by now"),
    # xgettext:no-python-format
    Why.SLIPPING: _("60–90% of the progress expected by now"),
    # xgettext:no-python-format
    Why.OFF_TRACK: _("under 60% of the progress expected by now"),
    Why.TARGET_HELD: _("the target (equal to the baseline) is held"),
    Why.TARGET_MISSED: _("the target (equal to the baseline) is not held"),
    Why.QUALITATIVE: _("qualitative: see the narrative"),
    Why.NO_TARGET: _("no target value"),
    Why.NO_ACTUAL: _("no value reported yet"),
    Why.WRONG_DIRECTION: _("the target is on the wrong side of the baseline"),
    Why.NOT_STARTED: _("too early to tell"),
}


@register.inclusion_tag("results/_light.html")
def kpi_light(assessment: Assessment) -> dict[str, Any]:
    css, icon, label = LIGHTS[assessment.light]
    return {
        "css": css,
        "icon": icon,
        "label": label,
        "reason": REASONS[assessment.why],
        "progress_pct": None if assessment.progress is None else round(assessment.progress * 100),
        "expected_pct": None if assessment.expected is None else round(assessment.expected * 100),
    }


@register.inclusion_tag("results/_section.html", takes_context=True)
def results_section(context: dict[str, Any], partnership: Partnership) -> dict[str, Any]:
    user = context["request"].user
    today = timezone.localdate()
    reports = list(selectors.reports_of(partnership))
    can_record = user.has_perm("results.record_evaluation", partnership)
    closing = partnership.status == Partnership.Status.CLOSING
    return {
        "partnership": partnership,
        "today": today,
        "rows": selectors.kpi_rows(partnership, today=today),
        "reports": [
            {
                "report": report,
                "overdue": selectors.is_overdue(report, partnership, today),
                "note": ""
                if selectors.is_owed(report, partnership)
                or report.status not in selectors.OPEN_REPORT_STATES
                else selectors.open_report_note(partnership),
            }
            for report in reports
        ],
        "no_reports_reason": ""
        if reports
        else selectors.no_reports_reason(partnership, today=today),
        "evaluations": list(selectors.evaluations_of(partnership)),
        "lessons": list(lessons_of(partnership, user)),
        "can_manage_kpis": partnership.status in services.DESIGN_STATES
        and user.has_perm("results.manage_kpis", partnership),
        "can_record_evaluation": can_record and partnership.status in services.EVALUATION_STATES,
        "can_record_lesson": partnership.status != Partnership.Status.DRAFT
        and user.has_perm("knowledge.add_lesson", partnership),
        "can_give_reason": can_record and closing,
        "closure_missing": selectors.closure_problems(partnership) if closing else [],
        "is_un_staff": is_un_staff(user),
    }
