"""The lifecycle guards that read results: review → agreement needs a design KPI; closing →
closed needs an accepted final report, an evaluation or a reason for none, and a lesson."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from partnerhub.knowledge.models import Lesson
from partnerhub.partnerships.services import partnership_transition
from partnerhub.results import selectors
from partnerhub.results.models import KPI
from partnerhub.results.tests.factories import (
    EvaluationFactory,
    KPIFactory,
    KPITargetFactory,
    ProgressReportFactory,
)

pytestmark = pytest.mark.django_db

KPI_PROBLEM = "no outcome- or impact-level KPI has both a baseline and a target"


def refusal(partnership, to, actor):
    """The guard's message, or "" when the move went through."""
    try:
        partnership_transition(partnership=partnership, to=to, actor=actor)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


def test_review_needs_a_design_kpi(partnership, focal_point):
    assert KPI_PROBLEM in refusal(partnership, "agreement", focal_point)


@pytest.mark.parametrize(
    "kpi",
    [
        {"result_level": KPI.ResultLevel.OUTPUT},  # outputs do not count
        {"baseline_value": None, "baseline_year": None},  # no baseline
    ],
)
def test_kpis_that_do_not_count(partnership, focal_point, kpi):
    KPITargetFactory(kpi=KPIFactory(partnership=partnership, **kpi))
    assert selectors.design_kpi_problem(partnership) == KPI_PROBLEM
    assert KPI_PROBLEM in refusal(partnership, "agreement", focal_point)


def test_a_kpi_without_a_target_does_not_count(partnership, focal_point):
    KPIFactory(partnership=partnership)
    assert selectors.design_kpi_problem(partnership) == KPI_PROBLEM


@pytest.mark.parametrize(
    "kpi",
    [
        {"result_level": KPI.ResultLevel.OUTCOME},
        {"result_level": KPI.ResultLevel.IMPACT},
        {"baseline_value": None, "baseline_year": None, "baseline_comment": "No policy exists"},
    ],
)
def test_an_outcome_or_impact_kpi_with_baseline_and_target_satisfies_the_kpi_half(
    partnership, focal_point, kpi
):
    KPITargetFactory(kpi=KPIFactory(partnership=partnership, **kpi))
    assert selectors.design_kpi_problem(partnership) == ""
    # The cost–benefit half may still refuse; the KPI half no longer does.
    assert KPI_PROBLEM not in refusal(partnership, "agreement", focal_point)


@pytest.fixture
def closing(active):
    active.status = "closing"
    active.save()
    return active


def complete(partnership, *, evaluation=True, reason=False):
    ProgressReportFactory(partnership=partnership, is_final=True, status="accepted")
    if evaluation:
        EvaluationFactory(partnership=partnership)
    if reason:
        partnership.no_evaluation_reason = "Below the evaluation threshold."
        partnership.save()
    Lesson.objects.create(
        partnership=partnership, title="Book trucks early", text="…", source="closure"
    )


def test_closing_passes_with_every_record(closing, focal_point):
    complete(closing)
    assert refusal(closing, "closed", focal_point) == ""
    closing.refresh_from_db()
    assert closing.status == "closed"


def test_a_reason_stands_in_for_the_evaluation(closing, focal_point):
    complete(closing, evaluation=False, reason=True)
    assert refusal(closing, "closed", focal_point) == ""


def test_closing_names_everything_missing(closing, focal_point):
    message = refusal(closing, "closed", focal_point)
    assert "an accepted final report" in message
    assert "an evaluation, or the reason there is none" in message
    assert "at least one lesson learned" in message


@pytest.mark.parametrize("missing", ["final_report", "evaluation", "lesson"])
def test_each_missing_piece_is_named(closing, focal_point, missing):
    complete(closing)
    if missing == "final_report":
        closing.progress_reports.filter(is_final=True).update(status="submitted")
        named = "an accepted final report"
    elif missing == "evaluation":
        closing.evaluations.all().delete()
        named = "an evaluation, or the reason there is none"
    else:
        closing.lessons.all().delete()
        named = "at least one lesson learned"
    message = refusal(closing, "closed", focal_point)
    assert message.startswith("Before closing, record")
    assert named in message
    assert message.count(";") == 0  # only that piece
