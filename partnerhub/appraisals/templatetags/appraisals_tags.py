from __future__ import annotations

from typing import Any

from django import template

from partnerhub.appraisals import selectors, services, wording
from partnerhub.appraisals.models import CostBenefitAssessment

register = template.Library()


@register.inclusion_tag("appraisals/_section.html", takes_context=True)
def cost_benefit_section(context: dict[str, Any], partnership: Any) -> dict[str, Any]:
    """The review's status and key figures on the partnership page, for UN staff only."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("appraisals.view_assessment", partnership):
        return {"hidden": True}
    assessment = selectors.assessment_of(partnership)
    completed = (
        assessment is not None and assessment.status == CostBenefitAssessment.Status.COMPLETED
    )
    return {
        "partnership": partnership,
        "assessment": assessment,
        "figures": wording.readable(assessment.figures) if completed and assessment else {},
        "can_start": assessment is None
        and partnership.status in services.PREPARING_STATES
        and user.has_perm("appraisals.change_assessment", partnership),
        "csrf_token": context.get("csrf_token"),
    }
