from __future__ import annotations

from pathlib import Path

import pytest

from partnerhub.organisations.tests.factories import OrganisationFactory
from partnerhub.screening.lists import import_snapshot_bytes

DATA = Path(__file__).resolve().parents[1] / "data"
UN_OLD = DATA / "un_sc_consolidated_2026-01-28.xml"
UN_NEW = DATA / "un_sc_consolidated_2026-05-08.xml"


@pytest.fixture
def un_old(db):
    outcome = import_snapshot_bytes(source="un", data=UN_OLD.read_bytes())
    assert outcome.version is not None, outcome.message
    return outcome.version


@pytest.fixture
def un_new(db):
    outcome = import_snapshot_bytes(source="un", data=UN_NEW.read_bytes())
    assert outcome.version is not None, outcome.message
    return outcome.version


@pytest.fixture
def listed_company(db):
    """An organisation whose name resembles a UN-listed entity (IRe.002)."""
    return OrganisationFactory(legal_name="Abzar Boresh Kaveh Company", country_id="IR")


@pytest.fixture
def clean_company(db):
    return OrganisationFactory(legal_name="Rift Valley Haulage Ltd", country_id="KE")
