from __future__ import annotations

import datetime

import factory

from partnerhub.partnerships.tests.factories import PartnershipFactory
from partnerhub.results.models import KPI, Evaluation, KPIActual, KPITarget, ProgressReport


class KPIFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KPI

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Tonnes of food delivered ({n})")
    result_level = KPI.ResultLevel.OUTCOME
    measure = KPI.Measure.UNIT
    unit = "tonnes"
    baseline_value = 0
    baseline_year = 2025
    defined_at_status = "review"


class KPITargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KPITarget

    kpi = factory.SubFactory(KPIFactory)
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 12, 31)
    value = 100


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    partnership = factory.SubFactory(PartnershipFactory, status="active")
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 3, 31)
    due_on = datetime.date(2026, 4, 30)


class KPIActualFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KPIActual

    report = factory.SubFactory(ProgressReportFactory)
    kpi = factory.SubFactory(KPIFactory)
    value = 10


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    partnership = factory.SubFactory(PartnershipFactory, status="closing")
    kind = Evaluation.Kind.FINAL
    independence = Evaluation.Independence.INDEPENDENT
    evaluator = "Evaluation Office"
    completed_on = datetime.date(2026, 10, 1)
    rating = Evaluation.Rating.SATISFACTORY
    findings = "Deliveries reached 9 of 10 districts."
    recommendations = "Pre-position stock before the rains."
    management_response = "Agreed; budget for warehousing in the next phase."
