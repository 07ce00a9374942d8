from __future__ import annotations

import datetime

import factory

from partnerhub.appraisals.models import CostBenefitAssessment, EntityThresholds, StaffRate
from partnerhub.partnerships.tests.factories import PartnershipFactory
from partnerhub.results.models import KPI, KPITarget


class StaffRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffRate

    entity = None
    grade = "P4"
    daily_rate_usd = 850
    valid_from = datetime.date(2020, 1, 1)
    source = "Illustrative rate for tests"


class ThresholdsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntityThresholds

    entity = None


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostBenefitAssessment

    partnership = factory.SubFactory(PartnershipFactory)
    staff_days = factory.LazyFunction(lambda: {"P4": "20"})
    legal_admin_costs_usd = 4000
    cofinancing_usd = 0


def design_kpi(partnership):
    """An outcome-level KPI with a baseline and a target: what the review guard asks for."""
    kpi = KPI.objects.create(
        partnership=partnership,
        name="Tonnes of food delivered on time",
        result_level=KPI.ResultLevel.OUTCOME,
        baseline_value=0,
        baseline_year=2026,
        defined_at_status=partnership.status,
    )
    KPITarget.objects.create(
        kpi=kpi,
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 12, 31),
        value=1000,
    )
    return kpi
