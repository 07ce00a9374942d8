"""The lifecycle guard review → agreement: a completed cost–benefit review and a KPI."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from partnerhub.appraisals.services import assessment_complete, assessment_reopen
from partnerhub.appraisals.tests.factories import design_kpi
from partnerhub.partnerships.services import partnership_transition


def _complete(assessment, actor):
    return assessment_complete(
        assessment=assessment,
        actor=actor,
        recommendation="proceed_with_conditions",
        conditions="Quarterly reports",
    )


def test_with_a_completed_review_and_a_kpi_it_moves_to_agreement(assessment, focal_point):
    design_kpi(assessment.partnership)
    _complete(assessment, focal_point)
    outcome = partnership_transition(
        partnership=assessment.partnership, to="agreement", actor=focal_point
    )
    assert outcome.partnership.status == "agreement"


def test_without_a_review_it_refuses_naming_the_cost_benefit_review(partnership, focal_point):
    design_kpi(partnership)
    with pytest.raises(ValidationError, match="cost–benefit review has not been started"):
        partnership_transition(partnership=partnership, to="agreement", actor=focal_point)
    partnership.refresh_from_db()
    assert partnership.status == "review"


def test_a_draft_review_is_not_enough(assessment, focal_point):
    design_kpi(assessment.partnership)
    with pytest.raises(ValidationError, match="cost–benefit review is still a draft"):
        partnership_transition(
            partnership=assessment.partnership, to="agreement", actor=focal_point
        )


def test_a_reopened_review_blocks_again(assessment, focal_point):
    design_kpi(assessment.partnership)
    assessment_reopen(assessment=_complete(assessment, focal_point), actor=focal_point)
    with pytest.raises(ValidationError, match="still a draft"):
        partnership_transition(
            partnership=assessment.partnership, to="agreement", actor=focal_point
        )


def test_a_completed_review_without_a_kpi_still_refuses(assessment, focal_point):
    _complete(assessment, focal_point)
    with pytest.raises(ValidationError) as raised:
        partnership_transition(
            partnership=assessment.partnership, to="agreement", actor=focal_point
        )
    assert "KPI" in str(raised.value)
    assert "cost–benefit review" not in str(raised.value).split("Missing:")[1]
