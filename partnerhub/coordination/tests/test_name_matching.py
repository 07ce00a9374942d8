"""When two directory records count as one organisation for coordination: names equal after
normalisation, or a spelling score of at least STRICT_NAME_THRESHOLD. The pairs come from the
labelled examples of organisations/names_evaluation.py and from the issue."""

from __future__ import annotations

import pytest

from partnerhub.coordination import selectors
from partnerhub.coordination.selectors import STRICT_NAME_THRESHOLD
from partnerhub.marketplace.tests.factories import InterestFactory, NeedFactory
from partnerhub.organisations.names import DEFAULT_THRESHOLD, compare_names
from partnerhub.organisations.services import organisation_index_names
from partnerhub.organisations.tests.factories import OrganisationFactory

SAME = [
    ("Trucks for Good Ltd", "TRUCKS FOR GOOD LIMITED"),
    ("Trucks for Good", "Trucksforgood"),
    ("Nestlé S.A.", "Nestle SA"),
    ("Olam International Limited", "Olam Intl Ltd"),
    ("Procter & Gamble", "Procter and Gamble Company"),
    ("Safaricom PLC", "Safaricom Limited"),
    ("Sberbank", "Сбербанк ПАО"),
    ("Acme Logistics", "Acme Logistcs"),
]
DIFFERENT = [
    ("Trucks for Good", "Trucks for Food"),
    ("Bidco Africa", "Bico Africa"),  # two Kenyan companies, 92
    ("Nation Media Group", "National Media Group"),  # 90
    ("Unilever", "Univera"),
    ("Kenya Red Cross Society", "Uganda Red Cross Society"),
    ("Trucks for Good Kenya", "Trucks for Good Uganda"),
    ("Acme Logistics", "Apex Logistics"),
]


@pytest.mark.parametrize(("name", "other"), SAME)
def test_it_treats_these_as_one_organisation(name, other):
    assert compare_names(name, other)[0] >= STRICT_NAME_THRESHOLD


@pytest.mark.parametrize(("name", "other"), DIFFERENT)
def test_it_keeps_these_apart(name, other):
    assert compare_names(name, other)[0] < STRICT_NAME_THRESHOLD


def test_it_is_stricter_than_the_registration_warning():
    # "Trucks for Food" would be flagged as a possible duplicate when registering (a user
    # dismisses that with one tick) but must not alert two entities and the coordinator.
    score = compare_names("Trucks for Good", "Trucks for Food")[0]
    assert DEFAULT_THRESHOLD <= score < STRICT_NAME_THRESHOLD


def test_other_entities_engaging_finds_records_by_other_names(entity, other_entity, organisation):
    renamed = OrganisationFactory(legal_name="TfG Haulage", country_id="KE")
    renamed.other_names = ["Trucks-for-Good"]
    renamed.save()

    organisation_index_names(organisation=renamed)
    InterestFactory(need=NeedFactory(entity=entity), organisation=renamed)

    [other] = selectors.other_entities_engaging(organisation, excluding_entity=other_entity)

    assert other.engagement.organisation == renamed
    assert other.match.matched_name == "Trucks-for-Good"
