from __future__ import annotations

import datetime

import pytest

from partnerhub.partnerships.tests.factories import PartnerFactory, PartnershipFactory
from partnerhub.results.tests.factories import KPIFactory, KPITargetFactory, ProgressReportFactory

START = datetime.date(2026, 1, 1)
END = datetime.date(2027, 12, 31)


@pytest.fixture
def partnership(entity, organisation):
    """In review, led by WFP (`entity`), with Trucks for Good as private partner, 2026–2027."""
    partnership = PartnershipFactory(
        lead_entity=entity, status="review", starts_on=START, ends_on=END
    )
    PartnerFactory(partnership=partnership, organisation=organisation)
    return partnership


@pytest.fixture
def partner(partnership):
    return partnership.partners.get()


@pytest.fixture
def kpi(partnership, partner):
    """An outcome KPI the company reports on: 0 tonnes in 2025, 100 by the end of 2026."""
    kpi = KPIFactory(partnership=partnership, responsible_partner=partner)
    KPITargetFactory(kpi=kpi)
    return kpi


@pytest.fixture
def active(partnership, kpi):
    partnership.status = "active"
    partnership.save()
    return partnership


@pytest.fixture
def report(active):
    return ProgressReportFactory(partnership=active)
