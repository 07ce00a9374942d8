"""Another app adds its public list with one registration: it appears on the index and as CSV
and JSON downloads, with its filters."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from partnerhub.entities.models import UNEntity
from partnerhub.opendata import registry
from partnerhub.opendata.datasets import ENTITIES

pytestmark = pytest.mark.django_db


def _clean(parameters):
    letter = parameters.get("letter", "")
    if letter and (len(letter) != 1 or not letter.isalpha()):
        raise ValidationError({"letter": "Give one letter."})
    return {"letter": letter.upper()}


EXAMPLE = registry.Dataset(
    slug="entity-initials",
    title="Entity initials",
    description="The first letter of each entity's acronym.",
    columns=(registry.Column("acronym", "Acronym"), registry.Column("initial", "First letter")),
    rows=lambda filters: UNEntity.objects.filter(
        acronym__startswith=filters.get("letter", "")
    ).order_by("acronym"),
    record=lambda entity: {"acronym": entity.acronym, "initial": entity.acronym[:1]},
    filters=(registry.Filter("letter", "Only acronyms starting with this letter"),),
    clean_filters=_clean,
)


@pytest.fixture
def registered(monkeypatch):
    monkeypatch.setitem(registry._REGISTRY, EXAMPLE.slug, EXAMPLE)
    return EXAMPLE


def test_a_registered_dataset_is_downloadable_and_listed(client, registered, entity, other_entity):
    page = client.get("/open-data/").content.decode()
    assert "Entity initials" in page
    assert 'href="/open-data/entity-initials.csv"' in page
    assert "<code>letter</code>" in page
    text = b"".join(client.get("/open-data/entity-initials.csv").streaming_content).decode()
    assert text == "\ufeffacronym,initial\r\nUNHCR,U\r\nWFP,W\r\n"
    data = json.loads(
        b"".join(client.get("/open-data/entity-initials.json?letter=w").streaming_content)
    )
    assert data == {"count": 1, "results": [{"acronym": "WFP", "initial": "W"}]}
    response = client.get("/open-data/entity-initials.json?letter=12")
    assert response.status_code == 400
    assert json.loads(response.content)["errors"] == {"letter": ["Give one letter."]}


def test_a_slug_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="already registered"):
        registry.register(
            registry.Dataset(
                slug=ENTITIES.slug,
                title="Again",
                description="",
                columns=(),
                rows=ENTITIES.rows,
                record=ENTITIES.record,
            )
        )
    assert registry.register(ENTITIES) is ENTITIES
