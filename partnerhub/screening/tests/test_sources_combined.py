"""The combined EU/UN/OFAC JSON parser is plain Python: these tests need no database.

The full 2026-01-28 file lives outside the repository (shared/data/screening); tests on it skip
when it is absent. The committed excerpt (fixtures/combined_excerpt.json, see
../data/SOURCES.md) keeps the parser tested everywhere.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from partnerhub.screening.records import (
    EntryKind,
    ListedEntry,
    ListSnapshot,
    Source,
    SourceFormatError,
)
from partnerhub.screening.sources.combined_json import parse_combined_json

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "combined_excerpt.json"
SHARED = (Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "screening").resolve()
FULL_FILE = SHARED / "eu_un_ofaccons_combined_2026-01-28.json"

needs_full_file = pytest.mark.skipif(
    not FULL_FILE.exists(), reason=f"the full combined JSON is not at {FULL_FILE}"
)


@cache
def excerpt() -> ListSnapshot:
    return parse_combined_json(FIXTURE.read_bytes())


def entry(ref: str) -> ListedEntry:
    return next(e for e in excerpt().entries if e.ref == ref)


def combined(*records: dict[str, Any], total: int | None = None) -> bytes:
    metadata = {"generated": "2026-01-28T06:31:48Z", "total": total}
    if total is None:
        metadata["total"] = len(records)
    return json.dumps({"metadata": metadata, "entities": list(records)}).encode()


def record(source_id: str = "1", name: str = "ACME", **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": name,
        "type": "entity",
        "aliases": [],
        "birthdates": [],
        "identifiers": [],
        "source": ["EU"],
        "source_id": source_id,
    }
    values.update(fields)
    return values


# --- the excerpt -------------------------------------------------------------------------------


def test_every_record_of_the_excerpt_becomes_an_entry():
    parsed = excerpt()
    kinds = [e.kind for e in parsed.entries]
    assert len(parsed.entries) == 55
    assert (kinds.count(EntryKind.PERSON), kinds.count(EntryKind.ORGANISATION)) == (46, 9)
    assert parsed.source is Source.EU
    assert parsed.generated_at == "2026-01-28T06:31:48.762424Z"


def test_the_reference_is_the_first_source_and_its_id():
    saddam = entry("EU:13")
    assert saddam.name == "Saddam Hussein Al-Tikriti"
    assert saddam.upstream_source == "EU+UN"
    assert saddam.aliases == ("Abu Ali", "Abou Ali")
    assert saddam.birth_dates == ("1937-04-28",)
    assert entry("UN:CDi.040").upstream_source == "UN"
    assert entry("EU:137721").upstream_source == "EU+OFAC"


def test_only_numbers_become_identifiers():
    # The record also carries "Subject to Directive 3", a date and sanctions wording.
    assert entry("EU:137721").identifiers == ("1097746068012", "7704721192", "60390527")
    assert entry("UN:CDi.040").identifiers == ("AB850901", "AB187304")
    assert entry("OFAC:9647").identifiers == ()  # gender and "Secondary sanctions risk" only


def test_packed_aliases_are_split():
    aliases = entry("UN:QDi.299").aliases
    assert "أبو بكر البغدادي الحسيني القريشي" in aliases
    assert "Abu Bakr al-Baghdadi" in aliases


def test_impossible_birth_dates_are_warnings():
    assert entry("OFAC:9647").birth_dates == ("1945-01-01",)
    assert excerpt().warnings == (
        "OFAC:9639 (entities[53]): birth date '4696-01-01' is not a date; left out.",
        "OFAC:9639 (entities[53]): birth date 'true' is not a date; left out.",
        "OFAC:9647 (entities[54]): birth date '4708-01-01' is not a date; left out.",
        "OFAC:9647 (entities[54]): birth date 'true' is not a date; left out.",
    )


# --- the full file -----------------------------------------------------------------------------


@needs_full_file
def test_the_full_file_has_6814_entries():
    parsed = parse_combined_json(FULL_FILE.read_bytes())
    assert len(parsed.entries) == 6_814
    refs = [e.ref for e in parsed.entries]
    assert len(set(refs)) == len(refs)
    upstream = [e.upstream_source for e in parsed.entries]
    assert upstream.count("EU") == 5_374
    assert upstream.count("EU+UN") == 420
    assert upstream.count("UN") == 578
    assert upstream.count("OFAC") == 441
    assert upstream.count("EU+OFAC") == 1
    kinds = [e.kind for e in parsed.entries]
    assert (kinds.count(EntryKind.PERSON), kinds.count(EntryKind.ORGANISATION)) == (4_806, 2_008)
    assert len(parsed.warnings) == 148
    assert sum("birth date 'true'" in w for w in parsed.warnings) == 74


@needs_full_file
def test_a_full_file_cut_in_half_is_refused():
    data = FULL_FILE.read_bytes()
    with pytest.raises(SourceFormatError, match="the file looks truncated"):
        parse_combined_json(data[: len(data) // 2])


# --- records the parser must cope with ---------------------------------------------------------


def test_a_record_without_a_name_is_skipped_with_its_position():
    parsed = parse_combined_json(combined(record("1"), record("2", name="")))
    assert [e.ref for e in parsed.entries] == ["EU:1"]
    assert parsed.warnings == ("entities[1]: no name; skipped.",)


def test_an_unknown_type_is_kept_as_other():
    parsed = parse_combined_json(combined(record(type="vessel")))
    assert parsed.entries[0].kind is EntryKind.OTHER
    assert parsed.warnings == ("EU:1 (entities[0]): unknown type 'vessel'; kept as 'other'.",)


def test_identical_duplicates_are_kept_once_with_a_warning():
    parsed = parse_combined_json(combined(record("1"), record("1")))
    assert len(parsed.entries) == 1
    assert parsed.warnings == (
        "EU:1 appears 2 times (entities[0], entities[1]) with identical content; kept once.",
    )


# --- refusals ----------------------------------------------------------------------------------


def refusal(data: bytes) -> str:
    with pytest.raises(SourceFormatError) as raised:
        parse_combined_json(data)
    return str(raised.value)


def test_an_empty_file_is_refused():
    assert refusal(b"") == "The file is empty."


def test_a_truncated_file_is_refused():
    data = FIXTURE.read_bytes()
    message = refusal(data[: len(data) // 2])
    assert message.startswith("Line 1, column ")
    assert message.endswith("— the file looks truncated.")


def test_another_format_is_refused_by_name():
    un = Path(__file__).resolve().parents[1] / "data" / "un_sc_consolidated_2026-01-28.xml"
    assert refusal(un.read_bytes()) == (
        "Not the combined EU/UN/OFAC list: the file is not JSON (it looks like the UN "
        "Consolidated List (XML))."
    )


def test_json_of_another_shape_is_refused():
    expected = (
        "Not the combined EU/UN/OFAC list: expected an object with 'metadata' and an "
        "'entities' list."
    )
    assert refusal(b'{"results": []}') == expected
    assert refusal(b"[1, 2]").startswith("Not the combined EU/UN/OFAC list")


def test_a_count_that_disagrees_with_the_metadata_is_refused():
    assert refusal(combined(record("1"), total=2)) == (
        "metadata.total says 2 records but the file holds 1: the file is incomplete or was edited."
    )


def test_a_list_without_entries_is_refused():
    assert refusal(combined()) == "The list contains no entries."


def test_two_different_records_under_one_reference_are_refused():
    message = refusal(combined(record("1"), record("1", name="ACME HOLDING")))
    assert message.startswith("1 reference used for different entries: EU:1 (entities[0], ")
