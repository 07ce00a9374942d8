from __future__ import annotations

import pytest
from django.utils import translation

from partnerhub.vocabularies.models import (
    Country,
    PartnershipType,
    Region,
    ResourceType,
    SDGGoal,
    SDGTarget,
    Theme,
)
from partnerhub.vocabularies.services import vocabularies_sync


def test_migrations_loaded_every_vocabulary(db):
    assert SDGGoal.objects.count() == 17
    assert SDGTarget.objects.count() == 169
    assert Country.objects.count() == 249
    assert Region.objects.filter(level="region").count() == 5
    assert ResourceType.objects.count() == 7
    assert PartnershipType.objects.count() == 7
    assert Theme.objects.count() == 9


def test_sync_is_idempotent(db):
    first = vocabularies_sync()
    second = vocabularies_sync()
    assert first == second
    assert second["sdg_targets"] == 169


def test_sdg_goal_data(db):
    goal = SDGGoal.objects.get(number=14)
    assert goal.short_title == "Life below water"
    assert goal.colour == "#0A97D9"
    assert goal.targets.count() == 10
    assert goal.targets.first().code == "14.1"


def test_targets_are_ordered_within_goals(db):
    codes = list(SDGTarget.objects.filter(goal_id=17).values_list("code", flat=True))
    assert codes[:3] == ["17.1", "17.2", "17.3"]
    assert codes[-1] == "17.19"


def test_countries_have_m49_regions(db):
    sudan = Country.objects.get(iso2="SD")
    assert sudan.region.name == "Africa"
    assert sudan.subregion.name == "Northern Africa"
    assert Country.objects.get(iso2="KE").subregion.name == "Sub-Saharan Africa"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Sudan"), ("ar", "السودان"), ("fr", "Soudan"), ("zh-hans", "苏丹"), ("es", "Sudán")],
)
def test_labels_follow_the_active_language(db, language, expected):
    with translation.override(language):
        assert Country.objects.get(iso2="SD").label == expected


def test_label_falls_back_to_english(db):
    with translation.override("ru"):
        assert SDGGoal.objects.get(number=1).label.startswith("Goal 1")
