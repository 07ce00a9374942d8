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
    with translation.override("fr"):
        assert Region.objects.get(m49="002").label == "Afrique"
    target = SDGTarget.objects.get(code="1.1")
    target.texts = {}
    with translation.override("ru"):
        assert target.label == target.text


def test_goal_label_without_a_full_name_is_the_translated_short_form(db):
    goal = SDGGoal.objects.get(number=1)
    assert goal.label.startswith("Goal 1")
    with translation.override("ru"):
        assert goal.label == "ЦУР 1: Ликвидация нищеты"


def test_str_is_english_by_default(db):
    assert str(SDGGoal.objects.get(number=2)) == "SDG 2: Zero hunger"
    assert str(SDGTarget.objects.get(code="2.1")) == "Target 2.1"
    assert str(Country.objects.get(iso2="SD")) == "Sudan"
    assert str(PartnershipType.objects.get(slug="humanitarian-response")) == (
        "Humanitarian response"
    )


def test_str_follows_the_active_language_in_arabic(db):
    with translation.override("ar"):
        assert str(Country.objects.get(iso2="SD")) == "السودان"
        assert str(SDGGoal.objects.get(number=1)) == ("هدف التنمية المستدامة 1: القضاء على الفقر")
        assert str(PartnershipType.objects.get(slug="humanitarian-response")) == (
            "الاستجابة الإنسانية"
        )
        assert str(SDGTarget.objects.get(code="1.1")) == "الغاية 1.1"
        assert str(Region.objects.get(m49="002")) == "أفريقيا"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "ODD 2 : Faim « zéro »"),
        ("es", "ODS 2: Hambre cero"),
        ("ru", "ЦУР 2: Ликвидация голода"),
        ("zh-hans", "可持续发展目标2：零饥饿"),
    ],
)
def test_sdg_goal_str_uses_the_official_short_titles(db, language, expected):
    with translation.override(language):
        assert str(SDGGoal.objects.get(number=2)) == expected


@pytest.mark.parametrize(
    "model", [ResourceType, PartnershipType, Theme], ids=lambda model: model.__name__
)
def test_every_term_has_a_name_in_each_un_language(db, model):
    for term in model.objects.all():
        assert set(term.names) == {"ar", "es", "fr", "ru", "zh"}, term.slug
        assert all(term.names.values()), term.slug


def test_term_names_follow_the_active_language(db):
    theme = Theme.objects.get(slug="food-security")
    with translation.override("zh-hans"):
        assert str(theme) == "粮食安全"
    with translation.override("es"):
        assert str(ResourceType.objects.get(slug="technology")) == "Tecnología"


def test_form_select_options_show_french_country_names(db):
    from partnerhub.coordination.forms import RegistryFilterForm

    with translation.override("fr"):
        html = str(RegistryFilterForm()["country"])
    assert '<option value="DE">Allemagne</option>' in html
    assert ">Germany<" not in html


def test_term_names_migration_updates_existing_rows(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("partnerhub.vocabularies.migrations.0003_term_names")
    PartnershipType.objects.filter(slug="humanitarian-response").update(names={"fr": "x"})
    migration.update_names(apps, None)
    migration.update_names(apps, None)
    assert PartnershipType.objects.get(slug="humanitarian-response").names["ar"] == (
        "الاستجابة الإنسانية"
    )
