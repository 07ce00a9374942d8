"""Reads of KPIs, progress reports and evaluations."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from partnerhub.partnerships.models import Partnership
from partnerhub.results.models import KPI, Evaluation, ProgressReport

HIGHER_LEVELS = (KPI.ResultLevel.OUTCOME, KPI.ResultLevel.IMPACT)


def design_kpis(partnership: Partnership):  # type: ignore[no-untyped-def]
    """Outcome- or impact-level KPIs with a baseline (a value and year, or a qualitative
    description) and at least one target."""
    return (
        KPI.objects.filter(partnership=partnership, result_level__in=HIGHER_LEVELS)
        .filter(
            Q(baseline_value__isnull=False, baseline_year__isnull=False)
            | ~Q(baseline_comment="")
        )
        .filter(Q(targets__value__isnull=False) | ~Q(targets__comment=""))
        .distinct()
    )


def design_kpi_problem(partnership: Partnership) -> str:
    """Why the partnership lacks a KPI fit for review; empty when it has one."""
    if design_kpis(partnership).exists():
        return ""
    return _("no outcome- or impact-level KPI has both a baseline and a target")


def closure_problems(partnership: Partnership) -> list[str]:
    """What is missing before the partnership can close: a final report accepted by the lead
    entity, an evaluation or a recorded reason for none, and at least one lesson learned."""
    from partnerhub.knowledge.models import Lesson

    problems = []
    if not ProgressReport.objects.filter(
        partnership=partnership, is_final=True, status=ProgressReport.Status.ACCEPTED
    ).exists():
        problems.append(_("an accepted final report"))
    if (
        not Evaluation.objects.filter(partnership=partnership).exists()
        and not partnership.no_evaluation_reason.strip()
    ):
        problems.append(_("an evaluation, or the reason there is none"))
    if not Lesson.objects.filter(partnership=partnership).exists():
        problems.append(_("at least one lesson learned"))
    return problems
