"""Monitoring counts private partners of partnerships not yet ended as engaged: a list update
re-screens them even when their screening has expired."""

from __future__ import annotations

import datetime

import pytest

from partnerhub.organisations.tests.factories import OrganisationFactory
from partnerhub.partnerships.tests.factories import PartnerFactory, PartnershipFactory
from partnerhub.screening import services
from partnerhub.screening.lists import import_snapshot_bytes
from partnerhub.screening.models import Alert, Screening

from .conftest import UN_NEW


@pytest.fixture
def expired_partner(un_old, screening_officer, entity):
    """A company screened clean in January whose screening has since expired; its director
    is listed in the May update (SDi.007)."""
    org = OrganisationFactory(legal_name="Darfur Transport Cooperative", country_id="SD")
    services.person_add(
        organisation=org, actor=screening_officer, full_name="Gedo Hamdan Ahmed", role="director"
    )
    screening, _reused = services.screening_request(
        organisation=org, entity=entity, actor=screening_officer
    )
    services.screening_decide(
        screening=screening, actor=screening_officer, decision="approve", reason="clean"
    )
    Screening.objects.filter(pk=screening.pk).update(
        valid_until=datetime.date.today() - datetime.timedelta(days=1)
    )
    return org, screening


@pytest.mark.parametrize("status", ["draft", "proposed", "active", "suspended"])
def test_a_partner_of_a_live_partnership_is_rescreened(expired_partner, entity, status):
    org, screening = expired_partner
    PartnerFactory(
        partnership=PartnershipFactory(lead_entity=entity, status=status), organisation=org
    )

    version = import_snapshot_bytes(source="un", data=UN_NEW.read_bytes()).version
    assert services.monitoring_rescreen(version_id=version.pk) == 1

    alert = Alert.objects.get()
    assert alert.screening == screening
    assert alert.hit.entry.ref == "SDi.007"
    screening.refresh_from_db()
    assert screening.status == Screening.Status.IN_REVIEW


@pytest.mark.parametrize("status", ["withdrawn", "closed", "terminated", "rejected"])
def test_a_partner_of_an_ended_partnership_is_not(expired_partner, entity, status):
    org, _screening = expired_partner
    PartnerFactory(
        partnership=PartnershipFactory(lead_entity=entity, status=status), organisation=org
    )

    version = import_snapshot_bytes(source="un", data=UN_NEW.read_bytes()).version
    assert services.monitoring_rescreen(version_id=version.pk) == 0


def test_an_other_partner_is_not(expired_partner, entity):
    """Foundations and NGOs ("other" partners) are not screened before a partnership."""
    org, _screening = expired_partner
    PartnerFactory(
        partnership=PartnershipFactory(lead_entity=entity, status="active"),
        organisation=org,
        role="other",
    )
    version = import_snapshot_bytes(source="un", data=UN_NEW.read_bytes()).version
    assert services.monitoring_rescreen(version_id=version.pk) == 0
