"""entities_import_csv: the UN System Chart import and the curated hub profiles."""

from __future__ import annotations

import json

import pytest

from partnerhub.core.models import AuditEvent
from partnerhub.entities.chart_csv import read_chart_csv
from partnerhub.entities.models import UNEntity
from partnerhub.entities.services import (
    DEFAULT_ENTITIES_CSV,
    DEFAULT_HUB_PROFILES,
    entities_import_csv,
    entity_update_profile,
    load_hub_profiles,
)
from partnerhub.entities.tests.csv_helpers import COLUMNS, write_chart_csv
from partnerhub.entities.tests.factories import UNEntityFactory

pytestmark = pytest.mark.django_db

WFP_ROW = {
    "entity": "WFP",
    "entity_long": "World Food Programme",
    "entity_description": "Saves lives in emergencies.",
    "entity_link": "https://www.wfp.org/",
    "un_principal_organ": "General Assembly",
    "category": "Funds and Programmes",
    "is_ceb_member": "True",
    "strategic_plan_link": "https://www.wfp.org/strategic-plan",
    "results_framework_link": "No link found",
}


def _profiles(tmp_path, profiles):
    path = tmp_path / "profiles.json"
    path.write_text(json.dumps({"profiles": profiles}), encoding="utf-8")
    return path


def test_it_imports_the_shipped_file(admin):
    result = entities_import_csv(path=DEFAULT_ENTITIES_CSV, actor=admin)
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (169, 0, 0)
    assert UNEntity.objects.count() == 169
    wfp = UNEntity.objects.get(acronym="WFP")
    assert wfp.slug == "wfp"
    assert wfp.name == "World Food Programme"
    assert wfp.category == "Funds and Programmes"
    assert wfp.is_ceb_member is True
    assert wfp.website.startswith("https://")
    assert all(url.startswith("http") for url in wfp.links.values())
    assert sorted(wfp.sdgs.values_list("number", flat=True)) == [2, 17]
    assert "humanitarian" in wfp.mandate
    assert wfp.partnership_email == ""
    assert UNEntity.objects.get(acronym="UN Tourism").slug == "un-tourism"
    assert UNEntity.objects.get(acronym="DCO").aliases == ["RCS"]
    two_organs = UNEntity.objects.filter(principal_organ__contains="; ")
    assert two_organs.count() == 2
    assert AuditEvent.objects.filter(verb="entity.imported").count() == 169


def test_every_curated_profile_names_an_entity_of_the_shipped_file():
    profiles, errors = load_hub_profiles(DEFAULT_HUB_PROFILES)
    assert errors == []
    assert 25 <= len(profiles) <= 35
    acronyms = {row.acronym for row in read_chart_csv(DEFAULT_ENTITIES_CSV).rows}
    for acronym, profile in profiles.items():
        assert acronym in acronyms, acronym
        assert profile.mandate and profile.how_to_partner, acronym
        assert "@" not in profile.how_to_partner, acronym


def test_a_second_run_changes_nothing():
    entities_import_csv(path=DEFAULT_ENTITIES_CSV)
    events = AuditEvent.objects.count()
    versions = UNEntity.history.count()
    result = entities_import_csv(path=DEFAULT_ENTITIES_CSV)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 169)
    assert AuditEvent.objects.count() == events
    assert UNEntity.history.count() == versions


def test_a_changed_row_updates_the_entity_and_audits_the_fields(tmp_path, coordinator):
    path = write_chart_csv(tmp_path, [WFP_ROW])
    entities_import_csv(path=path, profiles_path=_profiles(tmp_path, {}))
    write_chart_csv(tmp_path, [{**WFP_ROW, "entity_description": "New words."}])
    result = entities_import_csv(
        path=path, actor=coordinator, profiles_path=_profiles(tmp_path, {})
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    wfp = UNEntity.objects.get(acronym="WFP")
    assert wfp.description == "New words."
    event = AuditEvent.objects.filter(verb="entity.imported").first()
    assert event.actor == coordinator
    assert event.details == {
        "action": "updated",
        "source": "entities.csv",
        "fields": ["description"],
    }
    assert wfp.history.first().history_user == coordinator


def test_the_curated_profile_does_not_overwrite_a_focal_points_edit(tmp_path, entity, focal_point):
    entity_update_profile(entity=entity, actor=focal_point, mandate="Our own words.", sdgs=[2])
    profiles = _profiles(
        tmp_path, {"WFP": {"sdgs": [2, 17], "mandate": "Curated.", "how_to_partner": "Curated."}}
    )
    result = entities_import_csv(path=write_chart_csv(tmp_path, [WFP_ROW]), profiles_path=profiles)
    assert result.updated == 1
    entity.refresh_from_db()
    assert entity.mandate == "Our own words."
    assert entity.how_to_partner == ""
    assert list(entity.sdgs.values_list("number", flat=True)) == [2]


def test_the_curated_profile_follows_the_file_until_someone_edits_it(tmp_path):
    path = write_chart_csv(tmp_path, [WFP_ROW])
    first = {"WFP": {"sdgs": [2], "mandate": "First.", "how_to_partner": "Talk to us."}}
    entities_import_csv(path=path, profiles_path=_profiles(tmp_path, first))
    second = {"WFP": {"sdgs": [2, 17], "mandate": "Second.", "how_to_partner": "Talk to us."}}
    result = entities_import_csv(path=path, profiles_path=_profiles(tmp_path, second))
    assert result.updated == 1
    wfp = UNEntity.objects.get(acronym="WFP")
    assert wfp.mandate == "Second."
    assert sorted(wfp.sdgs.values_list("number", flat=True)) == [2, 17]
    assert AuditEvent.objects.first().details["fields"] == ["mandate", "sdgs"]


def test_slugs_stay_unique_and_never_change(tmp_path):
    UNEntityFactory(acronym="UN-Women", slug="un-women")
    rows = [
        {"entity": "UN-Women", "entity_long": "UN Women"},
        {"entity": "UN Women", "entity_long": "Same slug, other acronym"},
    ]
    entities_import_csv(path=write_chart_csv(tmp_path, rows), profiles_path=_profiles(tmp_path, {}))
    assert UNEntity.objects.get(acronym="UN-Women").slug == "un-women"
    assert UNEntity.objects.get(acronym="UN Women").slug == "un-women-2"


def test_entities_missing_from_the_file_are_kept_and_reported(tmp_path):
    UNEntityFactory(acronym="OLD")
    result = entities_import_csv(
        path=write_chart_csv(tmp_path, [WFP_ROW]), profiles_path=_profiles(tmp_path, {})
    )
    assert result.not_in_file == ["OLD"]
    assert UNEntity.objects.filter(acronym="OLD").exists()


def _assert_nothing_written(result, before):
    assert not result.ok
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert UNEntity.objects.count() == before
    assert not AuditEvent.objects.exists()


def test_a_missing_column_refuses_the_whole_file(tmp_path):
    columns = [c for c in COLUMNS if c != "category"]
    path = write_chart_csv(tmp_path, [WFP_ROW], columns=columns)
    result = entities_import_csv(path=path)
    assert result.errors == ["entities.csv: required column(s) missing from the header: category."]
    _assert_nothing_written(result, 0)


def test_a_duplicate_acronym_names_both_rows_and_nothing_is_written(tmp_path):
    rows = [WFP_ROW, {"entity": "UNICEF", "entity_long": "UNICEF"}, WFP_ROW]
    result = entities_import_csv(path=write_chart_csv(tmp_path, rows))
    assert result.errors == ["Row 4: acronym 'WFP' already appears in row 2."]
    _assert_nothing_written(result, 0)


def test_an_empty_acronym_is_an_error_and_the_good_rows_are_not_written(tmp_path):
    rows = [WFP_ROW, {"entity": "  ", "entity_long": "Nameless"}]
    result = entities_import_csv(path=write_chart_csv(tmp_path, rows))
    assert result.errors == ["Row 3: the acronym (column 'entity') is empty."]
    _assert_nothing_written(result, 0)


def test_a_value_too_long_for_the_database_names_its_row(tmp_path, entity):
    rows = [{"entity": "LONG", "entity_long": "x" * 301}]
    result = entities_import_csv(path=write_chart_csv(tmp_path, rows))
    assert len(result.errors) == 1
    assert result.errors[0].startswith("Row 2 (LONG): name: ")
    _assert_nothing_written(result, 1)


def test_an_unreadable_file_is_an_error(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(",".join(COLUMNS).encode() + b"\nWFP,Programme alimentaire mondial \xe9\n")
    result = entities_import_csv(path=path)
    assert result.errors[0].startswith("latin1.csv: not UTF-8 text")
    _assert_nothing_written(result, 0)


@pytest.mark.parametrize("content", ["", "\n"])
def test_an_empty_file_is_an_error(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_text(content, encoding="utf-8")
    result = entities_import_csv(path=path)
    assert result.errors == ["empty.csv: the file is empty (no header row)."]


def test_a_missing_file_is_an_error(tmp_path):
    result = entities_import_csv(path=tmp_path / "nope.csv")
    assert result.errors == [f"{tmp_path / 'nope.csv'}: no such file."]


def test_a_bad_profiles_file_stops_the_import(tmp_path):
    profiles = _profiles(tmp_path, {"WFP": {"sdgs": [2, 18]}})
    result = entities_import_csv(path=write_chart_csv(tmp_path, [WFP_ROW]), profiles_path=profiles)
    assert result.errors == ["profiles.json, WFP: 'sdgs' must be a list of goal numbers 1-17."]
    _assert_nothing_written(result, 0)


def test_a_clash_with_a_concurrent_change_rolls_everything_back(tmp_path, monkeypatch, entity):
    # Simulate another process taking the slug between our read and our write.
    monkeypatch.setattr("partnerhub.entities.services._unique_slug", lambda acronym, taken: "wfp")
    rows = [{"entity": "NEW1", "entity_long": "New"}]
    result = entities_import_csv(path=write_chart_csv(tmp_path, rows))
    assert result.errors == [
        "Another change to the UN entities was saved while this import ran; nothing was "
        "imported. Run the import again."
    ]
    _assert_nothing_written(result, 1)
