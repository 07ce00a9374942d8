"""GET /api/entities/{acronym}: one entity."""

from __future__ import annotations

import pytest

from partnerhub.entities.services import entity_update_profile
from partnerhub.entities.tests.factories import UNEntityFactory

pytestmark = pytest.mark.django_db


def test_it_returns_the_entity_with_its_profile(client, entity, focal_point):
    entity_update_profile(
        entity=entity,
        actor=focal_point,
        mandate="Ending hunger.",
        how_to_partner="Logistics.",
        sdgs=[17, 2],
        countries=["SD"],
    )
    response = client.get("/api/entities/WFP")
    assert response.status_code == 200
    body = response.json()
    assert body["acronym"] == "WFP"
    assert body["name"] == "World Food Programme"
    assert body["mandate"] == "Ending hunger."
    assert body["how_to_partner"] == "Logistics."
    assert body["sdgs"] == [2, 17]
    assert body["countries"] == ["SD"]
    assert body["profile_edited_at"] is not None


def test_acronyms_with_spaces_and_any_case_are_found(client, db):
    UNEntityFactory(acronym="UN Tourism", slug="un-tourism")
    assert client.get("/api/entities/UN%20Tourism").json()["slug"] == "un-tourism"
    assert client.get("/api/entities/un%20tourism").json()["acronym"] == "UN Tourism"


def test_an_exact_acronym_wins_over_a_case_insensitive_one(client, db):
    UNEntityFactory(acronym="CSocD", slug="csocd")
    UNEntityFactory(acronym="CSOCD", slug="csocd-2")
    assert client.get("/api/entities/CSOCD").json()["slug"] == "csocd-2"
    assert client.get("/api/entities/csocd").status_code == 404


def test_an_unknown_acronym_is_a_404_with_a_detail(client, db):
    response = client.get("/api/entities/NOPE")
    assert response.status_code == 404
    assert response.json() == {"detail": "No UN entity has the acronym “NOPE”."}


@pytest.mark.parametrize("role", ["anonymous", "company_rep", "focal_point"])
def test_it_is_public_open_data(as_role, entity, role):
    _user, client = as_role(role)
    assert client.get("/api/entities/WFP").status_code == 200
