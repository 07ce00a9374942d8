from __future__ import annotations

import datetime

import pytest
from ninja import NinjaAPI
from ninja.testing import TestClient

from partnerhub.entities.tests.factories import UNEntityFactory
from partnerhub.organisations.tests.factories import OrganisationFactory
from partnerhub.partnerships.models import Partnership
from partnerhub.partnerships.tests.factories import (
    ContributionFactory,
    PartnerFactory,
    PartnershipFactory,
)
from partnerhub.results.models import KPI, KPIActual, KPITarget, ProgressReport

# Titles of partnerships the public must never see in any output.
HIDDEN_TITLES = (
    "Confidential cold chain (UN staff only)",
    "Unsigned draft fleet sharing",
    "Proposed warehouse pooling",
)


def _kpi(partnership):
    kpi = KPI.objects.create(
        partnership=partnership,
        name="Tonnes of food delivered",
        description="Food delivered to distribution points.",
        result_level=KPI.ResultLevel.OUTCOME,
        unit="tonnes",
        sdg_indicator="2.1.1",
        baseline_value=0,
        baseline_year=2025,
        baseline_comment="No deliveries before the partnership.",
        defined_at_status="review",
    )
    KPITarget.objects.create(
        kpi=kpi,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        value=100,
    )
    accepted = ProgressReport.objects.create(
        partnership=partnership,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        due_on=datetime.date(2026, 7, 31),
        status=ProgressReport.Status.ACCEPTED,
    )
    KPIActual.objects.create(report=accepted, kpi=kpi, value=80, comment="Rains delayed trucks.")
    in_review = ProgressReport.objects.create(
        partnership=partnership,
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 12, 31),
        due_on=datetime.date(2027, 1, 31),
        status=ProgressReport.Status.SUBMITTED,
    )
    KPIActual.objects.create(report=in_review, kpi=kpi, value=999, comment="Not yet reviewed.")
    return kpi


@pytest.fixture
def public_partnership(entity, organisation, other_entity):
    """An active WFP partnership in Kenya and Sudan on SDG 2 with a company giving cash and
    in-kind, an NGO giving pro bono hours, UNHCR taking part, and a KPI with one accepted and
    one submitted report."""
    partnership = PartnershipFactory(
        title="Trucks for emergency food",
        summary="Trucks and warehouse space for emergency food response.",
        lead_entity=entity,
        status=Partnership.Status.ACTIVE,
        partnership_type_id="humanitarian-response",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
        signed_on=datetime.date(2025, 12, 15),
    )
    partnership.sdgs.set([2])
    partnership.sdg_targets.set(["2.1", "2.3"])
    partnership.countries.set(["KE", "SD"])
    partnership.participating_entities.set([other_entity])
    company = PartnerFactory(partnership=partnership, organisation=organisation)
    ngo = PartnerFactory(
        partnership=partnership,
        organisation=OrganisationFactory(legal_name="Kenya Relief Volunteers", kind="ngo"),
        role="other",
    )
    ContributionFactory(partner=company, kind="cash", amount=250000, currency="USD")
    ContributionFactory(
        partner=company, kind="in_kind", amount=40000, currency="EUR", description="20 trucks"
    )
    ContributionFactory(partner=ngo, kind="pro_bono_hours", amount=120, currency="")
    _kpi(partnership)
    return partnership


@pytest.fixture
def hidden_partnerships(entity, organisation):
    """A UN-only active partnership, a draft and a proposed one, each with a partner."""
    made = []
    for title, status, confidentiality in (
        (HIDDEN_TITLES[0], Partnership.Status.ACTIVE, Partnership.Confidentiality.UN_ONLY),
        (
            HIDDEN_TITLES[1],
            Partnership.Status.DRAFT,
            Partnership.Confidentiality.PUBLIC_ONCE_SIGNED,
        ),
        (
            HIDDEN_TITLES[2],
            Partnership.Status.PROPOSED,
            Partnership.Confidentiality.PUBLIC_ONCE_SIGNED,
        ),
    ):
        partnership = PartnershipFactory(
            title=title, lead_entity=entity, status=status, confidentiality=confidentiality
        )
        partnership.sdgs.set([2])
        partnership.countries.set(["KE"])
        PartnerFactory(
            partnership=partnership,
            organisation=OrganisationFactory(legal_name=f"Secret partner of {title}"),
        )
        made.append(partnership)
    return made


def many_public_partnerships(count):
    """`count` public partnerships with partners, contributions, countries, SDGs and a KPI."""
    made = []
    lead = UNEntityFactory(acronym="UNICEF", slug="unicef", name="UNICEF")
    for index in range(count):
        partnership = PartnershipFactory(
            lead_entity=lead,
            status=Partnership.Status.CLOSED if index % 2 else Partnership.Status.ACTIVE,
            starts_on=datetime.date(2026, 1, 1),
        )
        partnership.sdgs.set([3, 4])
        partnership.sdg_targets.set(["3.1"])
        partnership.countries.set(["KE"])
        partner = PartnerFactory(partnership=partnership)
        ContributionFactory(partner=partner)
        _kpi(partnership)
        made.append(partnership)
    return made


@pytest.fixture(scope="session")
def api_client():
    """The open-data router mounted as partnerhub/api.py mounts routers, with its error
    handlers, so errors answer as they will in the real API."""
    from partnerhub.api import api as main_api
    from partnerhub.opendata.api import router

    test_api = NinjaAPI(urls_namespace="opendata-tests")
    for exception, handler in main_api._exception_handlers.items():
        test_api.add_exception_handler(exception, handler)
    test_api.add_router("/open-data", router)
    return TestClient(test_api)
