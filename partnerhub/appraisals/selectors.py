"""Reads of cost–benefit reviews."""

from __future__ import annotations

from django.utils.translation import gettext as _

from partnerhub.appraisals.models import CostBenefitAssessment
from partnerhub.partnerships.models import Partnership


def assessment_of(partnership: Partnership) -> CostBenefitAssessment | None:
    return CostBenefitAssessment.objects.filter(partnership=partnership).first()


def assessment_problem(partnership: Partnership) -> str:
    """Why the partnership has no completed cost–benefit review; empty when it has one."""
    assessment = assessment_of(partnership)
    if assessment is None:
        return _("the cost–benefit review has not been started")
    if assessment.status != CostBenefitAssessment.Status.COMPLETED:
        return _("the cost–benefit review is still a draft")
    return ""
