"""Each guard refuses with what is missing, and lets the move through once it is there."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from partnerhub.appraisals.models import CostBenefitAssessment
from partnerhub.knowledge.models import Lesson
from partnerhub.partnerships.models import Partnership
from partnerhub.partnerships.services import guard_problem, partnership_transition
from partnerhub.partnerships.tests.factories import satisfy_every_guard
from partnerhub.results.models import KPI, Evaluation, KPITarget, ProgressReport


def _at(partnership, status):
    Partnership.objects.filter(pk=partnership.pk).update(status=status)
    partnership.refresh_from_db()
    return partnership


def test_review_needs_a_cost_benefit_review_and_a_kpi(partnership, focal_point):
    _at(partnership, "review")
    with pytest.raises(ValidationError) as refused:
        partnership_transition(partnership=partnership, to="agreement", actor=focal_point)
    message = str(refused.value)
    assert "cost–benefit review has not been started" in message
    assert "no outcome- or impact-level KPI has both a baseline and a target" in message


def test_a_draft_cost_benefit_review_is_not_enough(partnership, focal_point):
    satisfy_every_guard(partnership)
    CostBenefitAssessment.objects.filter(partnership=partnership).update(status="draft")
    _at(partnership, "review")
    with pytest.raises(ValidationError, match="still a draft"):
        partnership_transition(partnership=partnership, to="agreement", actor=focal_point)


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param({"result_level": KPI.ResultLevel.OUTPUT}, id="output-level only"),
        pytest.param({"baseline_value": None}, id="no baseline value"),
        pytest.param({"baseline_year": None}, id="no baseline year"),
    ],
)
def test_the_kpi_must_be_outcome_or_impact_with_a_baseline(partnership, focal_point, spoil):
    satisfy_every_guard(partnership)
    KPI.objects.filter(partnership=partnership).update(**spoil)
    _at(partnership, "review")
    with pytest.raises(ValidationError, match="no outcome- or impact-level KPI"):
        partnership_transition(partnership=partnership, to="agreement", actor=focal_point)


def test_the_kpi_must_have_a_target(partnership, focal_point):
    satisfy_every_guard(partnership)
    KPITarget.objects.filter(kpi__partnership=partnership).delete()
    _at(partnership, "review")
    with pytest.raises(ValidationError, match="no outcome- or impact-level KPI"):
        partnership_transition(partnership=partnership, to="agreement", actor=focal_point)


def test_a_qualitative_baseline_and_target_count(partnership, focal_point):
    satisfy_every_guard(partnership)
    KPI.objects.filter(partnership=partnership).update(
        baseline_value=None, baseline_year=None, baseline_comment="No cold chain in the district"
    )
    KPITarget.objects.filter(kpi__partnership=partnership).update(
        value=None, comment="Cold chain running in every clinic"
    )
    _at(partnership, "review")
    partnership_transition(partnership=partnership, to="agreement", actor=focal_point)
    assert partnership.__class__.objects.get(pk=partnership.pk).status == "agreement"


def test_activation_needs_the_signed_agreement(partnership, legal_officer):
    _at(partnership, "agreement")
    with pytest.raises(ValidationError, match="upload the signed copy"):
        partnership_transition(partnership=partnership, to="active", actor=legal_officer)
    partnership.signed_agreement.save("s.pdf", ContentFile(b"%PDF-1.7"), save=False)
    partnership.save()
    with pytest.raises(ValidationError, match="date of signature"):
        partnership_transition(partnership=partnership, to="active", actor=legal_officer)
    partnership.signed_on = datetime.date(2026, 3, 1)
    partnership.save()
    partnership_transition(partnership=partnership, to="active", actor=legal_officer)


def test_closing_names_every_missing_record(partnership, focal_point):
    _at(partnership, "closing")
    with pytest.raises(ValidationError) as refused:
        partnership_transition(partnership=partnership, to="closed", actor=focal_point)
    message = str(refused.value)
    assert "an accepted final report" in message
    assert "an evaluation, or the reason there is none" in message
    assert "at least one lesson learned" in message


@pytest.mark.parametrize("missing", ["report", "evaluation", "lesson"])
def test_closing_refuses_while_one_record_is_missing(partnership, focal_point, missing):
    satisfy_every_guard(partnership)
    if missing == "report":
        ProgressReport.objects.filter(partnership=partnership).update(status="submitted")
    elif missing == "evaluation":
        Evaluation.objects.filter(partnership=partnership).delete()
    else:
        Lesson.objects.filter(partnership=partnership).delete()
    _at(partnership, "closing")
    with pytest.raises(ValidationError, match="Before closing"):
        partnership_transition(partnership=partnership, to="closed", actor=focal_point)


def test_a_reason_for_no_evaluation_replaces_the_evaluation(partnership, focal_point):
    satisfy_every_guard(partnership)
    Evaluation.objects.filter(partnership=partnership).delete()
    Partnership.objects.filter(pk=partnership.pk).update(
        no_evaluation_reason="Below the evaluation policy's USD 500,000 threshold."
    )
    _at(partnership, "closing")
    partnership_transition(partnership=partnership, to="closed", actor=focal_point)


def test_guard_problem_says_what_the_button_would_say(partnership):
    _at(partnership, "closing")
    assert "at least one lesson learned" in guard_problem(partnership, "closed")
    assert guard_problem(partnership, "terminated") == ""
    assert guard_problem(partnership, "draft") == ""


def test_an_agreement_signed_through_the_desk_lets_it_become_active(partnership, legal_officer):
    from partnerhub.agreements.tests.factories import AgreementFactory, SignedAgreementFactory

    _at(partnership, "agreement")
    AgreementFactory(partnership=partnership, status="approved")
    with pytest.raises(ValidationError, match="take the agreement generated"):
        partnership_transition(partnership=partnership, to="active", actor=legal_officer)
    SignedAgreementFactory(partnership=partnership)
    partnership_transition(partnership=partnership, to="active", actor=legal_officer)
    assert Partnership.objects.get(pk=partnership.pk).status == "active"
