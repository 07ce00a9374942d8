from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from partnerhub.agreements.tests.factories import AgreementFactory
from partnerhub.entities.tests.factories import UNEntityFactory
from partnerhub.organisations.tests.factories import OrganisationFactory
from partnerhub.partnerships.models import Contribution, PartnershipPartner
from partnerhub.partnerships.tests.factories import PartnerFactory, PartnershipFactory
from partnerhub.results.models import KPI, KPITarget
from partnerhub.vocabularies.models import Country, SDGGoal

START = datetime.date(2026, 7, 1)
END = datetime.date(2027, 6, 30)
PARTNER_NAME = "Trucks for Good Ltd"
CASH = Decimal("380000.00")


@pytest.fixture
def partnership(entity, organisation):
    """Like the demo partnerships: led by WFP with UNHCR taking part, Trucks for Good as
    private partner and a foundation as other partner, cash, in-kind and pro bono
    contributions, two countries, two SDGs and an outcome KPI with baseline and target; at
    the agreement stage."""
    partnership = PartnershipFactory(
        lead_entity=entity,
        status="agreement",
        title="Last-mile logistics for school meals",
        starts_on=START,
        ends_on=END,
    )
    partnership.participating_entities.add(UNEntityFactory(acronym="UNICEF", name="UNICEF"))
    private = PartnerFactory(partnership=partnership, organisation=organisation)
    foundation = PartnerFactory(
        partnership=partnership,
        organisation=OrganisationFactory(legal_name="Lumen Open Data Foundation", country_id="KE"),
        role=PartnershipPartner.Role.OTHER,
    )
    Contribution.objects.create(
        partnership=partnership, partner=private, kind="cash", amount=CASH, currency="USD"
    )
    Contribution.objects.create(
        partnership=partnership, partner=foundation, kind="in_kind", amount=25000, currency="EUR"
    )
    Contribution.objects.create(
        partnership=partnership, partner=private, kind="pro_bono_hours", amount=1200, currency=""
    )
    partnership.countries.add(*Country.objects.filter(iso2__in=["KE", "SD"]))
    partnership.sdgs.add(*SDGGoal.objects.filter(number__in=[2, 17]))
    kpi = KPI.objects.create(
        partnership=partnership,
        name="School meals delivered",
        result_level=KPI.ResultLevel.OUTCOME,
        unit="meals",
        baseline_value=0,
        baseline_year=2025,
        defined_at_status="review",
    )
    KPITarget.objects.create(kpi=kpi, period_start=START, period_end=END, value=Decimal("1500000"))
    return partnership


@pytest.fixture
def agreement(partnership, focal_point):
    return AgreementFactory(partnership=partnership, created_by=focal_point)
