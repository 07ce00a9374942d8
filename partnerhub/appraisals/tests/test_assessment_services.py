from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.appraisals.models import CostBenefitAssessment
from partnerhub.appraisals.services import (
    assessment_complete,
    assessment_reopen,
    assessment_start,
    assessment_update,
)
from partnerhub.appraisals.tests.factories import AssessmentFactory, StaffRateFactory
from partnerhub.core.models import AuditEvent
from partnerhub.notifications.models import Notification
from partnerhub.partnerships.models import Partnership

REFUSED = ["company_rep", "other_focal_point", "screening_officer", "coordinator", "anonymous"]


def _set_status(partnership, status):
    Partnership.objects.filter(pk=partnership.pk).update(status=status)
    partnership.refresh_from_db()


def _events(verb):
    return AuditEvent.objects.filter(verb=verb)


# --- Start --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["focal_point", "admin"])
def test_it_starts_a_draft_audited_on_the_partnership(request, partnership, role):
    actor = request.getfixturevalue(role)
    assessment = assessment_start(partnership=partnership, actor=actor)
    assert assessment.status == CostBenefitAssessment.Status.DRAFT
    [event] = _events("appraisal.started")
    assert event.target_id == str(partnership.pk)
    assert event.target_type.model == "partnership"


@pytest.mark.parametrize("status", ["proposed", "due_diligence", "review"])
def test_it_can_be_prepared_before_review(partnership, focal_point, status):
    _set_status(partnership, status)
    assert assessment_start(partnership=partnership, actor=focal_point).pk


@pytest.mark.parametrize("status", ["draft", "agreement", "active", "rejected", "withdrawn"])
def test_it_refuses_to_start_outside_preparation(partnership, focal_point, status):
    _set_status(partnership, status)
    with pytest.raises(ValidationError, match="only while it is proposed"):
        assessment_start(partnership=partnership, actor=focal_point)
    assert not CostBenefitAssessment.objects.exists()


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_cannot_start(request, partnership, role):
    with pytest.raises(PermissionDenied):
        assessment_start(partnership=partnership, actor=request.getfixturevalue(role))
    assert not CostBenefitAssessment.objects.exists()


def test_it_starts_once(partnership, focal_point):
    assessment_start(partnership=partnership, actor=focal_point)
    with pytest.raises(ValidationError, match="already started"):
        assessment_start(partnership=partnership, actor=focal_point)


# --- Update -------------------------------------------------------------------------------------


def test_it_updates_the_values_and_records_which(assessment, focal_point):
    assessment = assessment_update(
        assessment=assessment,
        actor=focal_point,
        data={
            "staff_days": {"p4": "10", "G6": Decimal("2.5"), "P4 ": 0},
            "cofinancing_usd": "1500.50",
            "people_reached": 1200,
        },
    )
    assessment.refresh_from_db()
    assert assessment.staff_days == {"P4": "10", "G6": "2.5"}
    assert assessment.cofinancing_usd == Decimal("1500.50")
    assert assessment.people_reached == 1200
    [event] = _events("appraisal.updated")
    assert set(event.details["fields"]) == {"staff_days", "cofinancing_usd", "people_reached"}


def test_an_unchanged_update_is_not_recorded(assessment, focal_point):
    assessment_update(assessment=assessment, actor=focal_point, data={"staff_days": {"P4": 20}})
    assert not _events("appraisal.updated").exists()


def test_a_grade_without_a_rate_is_refused_naming_it(assessment, focal_point):
    with pytest.raises(ValidationError) as raised:
        assessment_update(assessment=assessment, actor=focal_point, data={"staff_days": {"D1": 3}})
    assert "D1" in str(raised.value) and "G6, P4" in str(raised.value)
    assessment.refresh_from_db()
    assert assessment.staff_days == {"P4": "20"}


def test_an_entity_rate_counts_for_its_own_reviews(assessment, focal_point, entity):
    StaffRateFactory(entity=entity, grade="NO-B", daily_rate_usd=300)
    assessment = assessment_update(
        assessment=assessment, actor=focal_point, data={"staff_days": {"NO-B": 1}}
    )
    assert assessment.staff_days == {"NO-B": "1"}


@pytest.mark.parametrize(
    "data",
    [
        {"legal_admin_costs_usd": -1},
        {"cofinancing_usd": "lots"},
        {"cofinancing_usd": "1.001"},
        {"staff_days": {"P4": -3}},
        {"staff_days": {"P4": "NaN"}},
        {"staff_days": ["P4"]},
        {"staff_days": {"not a grade!": 1}},
        {"people_reached": -5},
        {"people_reached": 1.5},
        {"budget": 3},
    ],
)
def test_bad_numbers_are_refused(assessment, focal_point, data):
    with pytest.raises(ValidationError):
        assessment_update(assessment=assessment, actor=focal_point, data=data)


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_cannot_update(request, assessment, role):
    with pytest.raises(PermissionDenied):
        assessment_update(
            assessment=assessment,
            actor=request.getfixturevalue(role),
            data={"legal_admin_costs_usd": 1},
        )


def test_a_completed_review_is_not_edited(assessment, focal_point):
    assessment_complete(
        assessment=assessment,
        actor=focal_point,
        recommendation="proceed_with_conditions",
        conditions="Quarterly reports",
    )
    with pytest.raises(ValidationError, match="reopen it"):
        assessment_update(
            assessment=assessment, actor=focal_point, data={"legal_admin_costs_usd": 1}
        )


# --- Complete -----------------------------------------------------------------------------------


def test_it_completes_with_the_figures_in_force(
    assessment, focal_point, admin, entity, django_capture_on_commit_callbacks, mailoutbox
):
    other_focal = focal_point
    with django_capture_on_commit_callbacks(execute=True):
        assessment = assessment_complete(
            assessment=assessment,
            actor=admin,
            recommendation="proceed_with_conditions",
            conditions="Quarterly delivery reports",
        )
    assessment.refresh_from_db()
    assert assessment.status == "completed"
    assert assessment.completed_by == admin and assessment.completed_at is not None
    figures = assessment.figures
    # 20 × 850 + 4,000; 50,000 / 21,000 = 2.38
    assert figures["total_un_cost"] == "21000.00"
    assert figures["leverage_ratio"] == "2.38"
    assert figures["risk_rating"] == "low"
    # No SDGs and no mandate: the strategic fit cannot be measured, hence conditions.
    assert figures["recommendation"] == "proceed_with_conditions"
    assert figures["rates_used"] == {
        "P4": {
            "daily_rate_usd": "850.00",
            "valid_from": "2020-01-01",
            "source": "Illustrative rate for tests",
            "owner": "UN system",
        }
    }
    assert figures["thresholds_used"]["max_risk_rating"] == "moderate"
    [event] = _events("appraisal.completed")
    assert event.details["recommendation"] == "proceed_with_conditions"
    assert Notification.objects.filter(user=other_focal, verb="appraisal.completed").exists()
    assert [m.to for m in mailoutbox] == [[other_focal.email]]


def test_the_actor_is_not_notified(assessment, focal_point):
    assessment_complete(
        assessment=assessment,
        actor=focal_point,
        recommendation="proceed_with_conditions",
        conditions="Reports",
    )
    assert not Notification.objects.filter(user=focal_point).exists()


def test_figures_are_kept_when_rates_change_later(assessment, focal_point):
    assessment_complete(
        assessment=assessment,
        actor=focal_point,
        recommendation="proceed_with_conditions",
        conditions="Reports",
    )
    StaffRateFactory(grade="P4", daily_rate_usd=2000, valid_from="2024-01-01")
    assessment.refresh_from_db()
    assert assessment.figures["staff_cost"] == "17000.00"


def test_a_different_recommendation_needs_a_rationale(assessment, focal_point):
    with pytest.raises(ValidationError, match="explain why"):
        assessment_complete(assessment=assessment, actor=focal_point, recommendation="proceed")
    assert not _events("appraisal.completed").exists()
    assessment = assessment_complete(
        assessment=assessment,
        actor=focal_point,
        recommendation="proceed",
        rationale="The mandate fit is obvious: logistics for food aid.",
    )
    assert assessment.recommendation == "proceed"
    assert assessment.figures["recommendation"] == "proceed_with_conditions"


def test_conditions_are_required_to_proceed_with_conditions(assessment, focal_point):
    with pytest.raises(ValidationError, match="conditions"):
        assessment_complete(
            assessment=assessment, actor=focal_point, recommendation="proceed_with_conditions"
        )


def test_an_unknown_recommendation_is_refused(assessment, focal_point):
    with pytest.raises(ValidationError):
        assessment_complete(assessment=assessment, actor=focal_point, recommendation="maybe")


def test_a_high_screening_risk_recommends_against(assessment, focal_point, organisation, entity):
    from partnerhub.screening.models import Screening

    Screening.objects.filter(organisation=organisation).update(rating="high")
    assessment = assessment_complete(
        assessment=assessment,
        actor=focal_point,
        recommendation="do_not_proceed",
    )
    risk = assessment.figures["drivers"][-1]
    assert (risk["value"], risk["passed"]) == ("high", False)
    assert assessment.figures["recommendation"] == "do_not_proceed"


def test_it_completes_only_in_review(assessment, focal_point):
    _set_status(assessment.partnership, "due_diligence")
    with pytest.raises(ValidationError, match="in review"):
        assessment_complete(
            assessment=assessment,
            actor=focal_point,
            recommendation="proceed_with_conditions",
            conditions="x",
        )


def test_a_grade_that_lost_its_rate_cannot_be_completed(partnership, focal_point):
    assessment = AssessmentFactory(partnership=partnership, staff_days={"P2": "5"})
    with pytest.raises(ValidationError, match="No daily rate is set for grade P2"):
        assessment_complete(
            assessment=assessment, actor=focal_point, recommendation="do_not_proceed"
        )


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_cannot_complete(request, assessment, role):
    with pytest.raises(PermissionDenied):
        assessment_complete(
            assessment=assessment,
            actor=request.getfixturevalue(role),
            recommendation="proceed_with_conditions",
            conditions="x",
        )
    assessment.refresh_from_db()
    assert assessment.status == "draft"


# --- Reopen -------------------------------------------------------------------------------------


@pytest.fixture
def completed(assessment, focal_point):
    return assessment_complete(
        assessment=assessment,
        actor=focal_point,
        recommendation="proceed_with_conditions",
        conditions="Reports",
    )


def test_it_reopens_as_a_draft_audited(completed, focal_point):
    assessment = assessment_reopen(assessment=completed, actor=focal_point, reason="New costs")
    assessment.refresh_from_db()
    assert assessment.status == "draft"
    assert assessment.figures == {} and assessment.completed_by is None
    [event] = _events("appraisal.reopened")
    assert event.details["note"] == "New costs"
    assert event.details["recommendation"] == "proceed_with_conditions"


def test_it_reopens_only_in_review(completed, focal_point):
    _set_status(completed.partnership, "agreement")
    with pytest.raises(ValidationError, match="only while the partnership is in review"):
        assessment_reopen(assessment=completed, actor=focal_point)


def test_a_draft_is_not_reopened(assessment, focal_point):
    with pytest.raises(ValidationError, match="not completed"):
        assessment_reopen(assessment=assessment, actor=focal_point)


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_cannot_reopen(request, completed, role):
    with pytest.raises(PermissionDenied):
        assessment_reopen(assessment=completed, actor=request.getfixturevalue(role))
    completed.refresh_from_db()
    assert completed.status == "completed"
