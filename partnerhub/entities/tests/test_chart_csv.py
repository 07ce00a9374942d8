"""The CSV reader is plain Python: these tests need no database."""

from __future__ import annotations

from partnerhub.entities.chart_csv import (
    clean_url,
    parse_aliases,
    parse_organs,
    plain_text,
    read_chart_csv,
    split_organs,
)
from partnerhub.entities.tests.csv_helpers import write_chart_csv


def test_placeholders_are_not_links():
    assert clean_url("No link found") == ""
    assert clean_url("Not found.") == ""
    assert clean_url("javascript:alert(1)") == ""
    assert clean_url("www.wfp.org/UIGuide") == "https://www.wfp.org/UIGuide"
    assert clean_url(" https://www.undp.org/ ") == "https://www.undp.org/"


def test_two_principal_organs_become_one_readable_value():
    value = parse_organs("['General Assembly', 'Security Council']")
    assert value == "General Assembly; Security Council"
    assert split_organs(value) == ["General Assembly", "Security Council"]
    assert parse_organs("Secretariat") == "Secretariat"


def test_markdown_in_the_foundational_mandate_is_flattened():
    text = plain_text(
        "<https://x.org/mandate>\n\n**Established by the\xa0[Council in resolution 2476]"
        "(https://undocs.org/S/RES/2476(2019)).**\n"
    )
    assert text == (
        "https://x.org/mandate\n\nEstablished by the Council in resolution 2476 "
        "(https://undocs.org/S/RES/2476(2019))."
    )


def test_aliases_are_split():
    assert parse_aliases("RCS; UNRCS") == ["RCS", "UNRCS"]
    assert parse_aliases("") == []


def test_it_reads_rows_and_keeps_only_real_links(tmp_path):
    path = write_chart_csv(
        tmp_path,
        [
            {
                "entity": "WFP",
                "entity_long": "World Food Programme ",
                "is_ceb_member": "True",
                "strategic_plan_link": "https://wfp.org/plan",
                "results_framework_link": "No link found",
            }
        ],
    )
    chart = read_chart_csv(path)
    assert chart.errors == []
    [row] = chart.rows
    assert row.row_number == 2
    assert row.name == "World Food Programme"
    assert row.is_ceb_member is True
    assert row.links == {"strategic_plan": "https://wfp.org/plan"}


def test_a_bad_boolean_names_its_row(tmp_path):
    path = write_chart_csv(
        tmp_path,
        [
            {"entity": "A", "entity_long": "A"},
            {"entity": "B", "entity_long": "B", "is_ceb_member": "maybe"},
        ],
    )
    assert read_chart_csv(path).errors == [
        "Row 3 (B): is_ceb_member must be True, False or empty, not 'maybe'."
    ]
