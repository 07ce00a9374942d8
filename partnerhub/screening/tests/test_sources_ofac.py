"""The OFAC SDN CSV parser is plain Python: these tests need no database.

The full 2024-05-03 file lives outside the repository (shared/data/screening); tests on it skip
when it is absent. The committed excerpt (fixtures/ofac_sdn_excerpt.csv, see
../data/SOURCES.md) keeps the parser tested everywhere.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from partnerhub.screening.records import EntryKind, ListedEntry, ListSnapshot, SourceFormatError
from partnerhub.screening.sources.ofac_csv import (
    birth_dates,
    parse_ofac_sdn_csv,
    person_name_in_order,
    split_programmes,
)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "ofac_sdn_excerpt.csv"
SHARED = (Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "screening").resolve()
FULL_FILE = SHARED / "ofac_sdn_2024-05-03.csv"
UN_FILE = Path(__file__).resolve().parents[1] / "data" / "un_sc_consolidated_2026-05-08.xml"

needs_full_file = pytest.mark.skipif(
    not FULL_FILE.exists(), reason=f"the full OFAC SDN CSV is not at {FULL_FILE}"
)

ROW_END = b"\r\n"
EMPTY_ROW_TAIL = b"-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- "


@cache
def excerpt() -> ListSnapshot:
    return parse_ofac_sdn_csv(FIXTURE.read_bytes(), generated_at="2024-05-03")


def entry(ref: str) -> ListedEntry:
    return next(e for e in excerpt().entries if e.ref == ref)


def organisation_row(ent_num: int, name: str) -> bytes:
    return f'{ent_num},"{name}",-0- ,"SDGT",'.encode() + EMPTY_ROW_TAIL


def sdn_csv(*rows: bytes) -> bytes:
    return b"".join(row + ROW_END for row in rows) + b"\x1a"


# --- the excerpt -------------------------------------------------------------------------------


def test_every_row_of_the_excerpt_becomes_an_entry():
    parsed = excerpt()
    kinds = [e.kind for e in parsed.entries]
    assert len(parsed.entries) == 67
    assert kinds.count(EntryKind.ORGANISATION) == 54
    assert kinds.count(EntryKind.PERSON) == 10
    assert kinds.count(EntryKind.VESSEL) == 2
    assert kinds.count(EntryKind.AIRCRAFT) == 1
    assert parsed.generated_at == "2024-05-03"


def test_an_individual_keeps_the_listed_name_and_gains_it_in_reading_order():
    zawahiri = entry("2676")
    assert zawahiri.kind is EntryKind.PERSON
    assert zawahiri.name == "AL ZAWAHIRI, Dr. Ayman"
    assert zawahiri.aliases == ("Dr. Ayman AL ZAWAHIRI",)
    assert zawahiri.birth_dates == ("1951-06-19",)
    assert zawahiri.identifiers == ("1084010", "19820215")  # Passport, alt. Passport
    assert zawahiri.programmes == ("SDGT",)
    assert zawahiri.remarks.startswith("DOB 19 Jun 1951; POB Giza, Egypt;")


def test_aliases_come_from_the_remarks():
    assert entry("306").aliases == ("BNC",)
    assert entry("4108").aliases[:4] == (
        "Miguel Angel RODRIGUEZ OREJUELA",
        "EL SENOR",
        "PATRICIA",
        "PATRICIO",
    )
    assert entry("4243").aliases == ("ANA I", "SAND SWAN")  # f.k.a.
    assert entry("41920").aliases == ("LGOK",)  # n.k.a.
    # "a.k.a. ''ABD-AL-'IZ'": apostrophes inside the name stay.
    assert "'ABD-AL-'IZ" in entry("6368").aliases


def test_countries_from_nationality_citizenship_registration_and_flag():
    assert entry("10901").countries == ("VE", "CO")
    assert entry("17301").countries == ("UA", "RU")  # nationality Ukraine; citizen Russia
    assert entry("23149").countries == ("KP",)  # Nationality of Registration Korea, North
    assert entry("4243").countries == ("PA",)  # vessel flag


def test_birth_dates_in_every_form():
    assert entry("4108").birth_dates == ("1943-11-23", "1943-07-15")
    assert entry("7782").birth_dates == ("1951",)  # DOB circa 1951
    assert entry("12057").birth_dates == (
        "1951",
        "1952",
        "1953",
        "1960",
        "1961",
        "1962",
        "1961-04",
    )
    assert entry("15962").birth_dates == ("1961", "1962")  # 01 Jan 1961 to 31 Dec 1962


def test_identification_numbers_keep_the_number_only():
    assert entry("41920").identifiers == ("3127000014", "1023102257914")  # Tax ID, Registration
    assert entry("7330").identifiers == ("14063277",)  # Registration ID
    assert entry("10901").identifiers == ("7789819", "84041400")  # Cedula No.
    assert entry("4243").identifiers == ("7406784",)  # Vessel Registration Identification IMO
    assert entry("4238").identifiers == ("CL2192",)  # call sign
    assert entry("15431").identifiers == ("8401", "1023409321")  # aircraft numbers


def test_types_become_kinds():
    assert entry("4238").kind is EntryKind.VESSEL
    assert entry("15431").kind is EntryKind.AIRCRAFT
    assert entry("306").kind is EntryKind.ORGANISATION


def test_several_programmes_are_split():
    assert entry("12057").programmes == (
        "SDGT",
        "NPWMD",
        "IRGC",
        "IFSR",
        "IRAN-HR",
        "IRAN-EO13876",
    )


def test_the_excerpt_warns_about_what_it_cannot_read():
    assert excerpt().warnings == (
        "Line 58 (ent_num 7940): unknown country 'possibly Palestinian'; left out of the "
        "countries.",
        "Line 66 (ent_num 27307): remarks stop mid-phrase at 1,000 characters (the legacy "
        "CSV's limit); aliases or numbers after the cut are missing.",
    )


def test_helpers():
    assert person_name_in_order("LAVILLA, Ruben Pestano, Jr.") == "Ruben Pestano LAVILLA Jr."
    assert person_name_in_order("HAMAS") == ""
    assert split_programmes("FTO] [SDGT") == ("FTO", "SDGT")
    assert birth_dates("circa 1960-1962") == ("1960", "1961", "1962")
    # A range starting in January starts with the whole year.
    assert birth_dates("Jan 1960 to Feb 1962") == ("1960", "1961", "1962-02")
    assert birth_dates("Mar 1960 to Feb 1962") == ("1960-03", "1961", "1962-02")
    assert birth_dates("1960 to 1990") == ("1960", "1990")  # too long a range to list
    assert birth_dates("sometime") == ()


# --- the full file -----------------------------------------------------------------------------


@needs_full_file
def test_the_full_file_gives_one_entry_per_row():
    data = FULL_FILE.read_bytes()
    parsed = parse_ofac_sdn_csv(data, generated_at="2024-05-03")
    # 14,965 lines end in CRLF; the 0x1A after the last one is not a row.
    assert data.count(b"\r\n") == 14_965
    kinds = [e.kind for e in parsed.entries]
    assert len(parsed.entries) == 14_965
    assert kinds.count(EntryKind.PERSON) == 6_854
    assert kinds.count(EntryKind.ORGANISATION) == 6_884
    assert kinds.count(EntryKind.VESSEL) == 851
    assert kinds.count(EntryKind.AIRCRAFT) == 376
    assert len(parsed.warnings) == 20
    assert sum("remarks stop mid-phrase" in w for w in parsed.warnings) == 16


@needs_full_file
def test_a_full_file_cut_in_half_is_refused():
    data = FULL_FILE.read_bytes()
    with pytest.raises(SourceFormatError, match="the file looks truncated"):
        parse_ofac_sdn_csv(data[: len(data) // 2], generated_at="2024-05-03")


# --- records the parser must cope with ---------------------------------------------------------


def test_a_missing_date_is_a_warning():
    parsed = parse_ofac_sdn_csv(sdn_csv(organisation_row(1, "ACME")))
    assert parsed.generated_at == ""
    assert parsed.warnings == (
        "The file states no date and none was given; the list date is unknown.",
    )


def test_a_header_row_is_skipped_with_a_warning():
    header = b"ent_num,SDN_Name,SDN_Type,Program,Title,Call_Sign,Vess_type,Tonnage,GRT,"
    header += b"Vess_flag,Vess_owner,Remarks"
    parsed = parse_ofac_sdn_csv(sdn_csv(header, organisation_row(1, "ACME")), "2024-05-03")
    assert [e.ref for e in parsed.entries] == ["1"]
    assert parsed.warnings == ("Line 1: ent_num 'ent_num' is not a number; the row was skipped.",)


def test_an_unknown_type_is_kept_as_other():
    row = b'7,"THING","spacecraft","SDGT",' + EMPTY_ROW_TAIL
    parsed = parse_ofac_sdn_csv(sdn_csv(row), "2024-05-03")
    assert parsed.entries[0].kind is EntryKind.OTHER
    assert parsed.warnings == ("Line 1 (ent_num 7): unknown type 'spacecraft'; kept as 'other'.",)


def test_latin_1_text_is_decoded():
    parsed = parse_ofac_sdn_csv(sdn_csv(b'1,"CAF\xc9",-0- ,"SDGT",' + EMPTY_ROW_TAIL))
    assert parsed.entries[0].name == "CAFÉ"


def test_a_file_cut_at_a_row_boundary_is_read_with_a_warning():
    data = sdn_csv(organisation_row(1, "ACME"), organisation_row(2, "OTHER"))
    parsed = parse_ofac_sdn_csv(data[:-1], "2024-05-03")
    assert len(parsed.entries) == 2
    assert "end-of-file marker (0x1A)" in parsed.warnings[0]


def test_identical_duplicates_are_kept_once_with_a_warning():
    parsed = parse_ofac_sdn_csv(sdn_csv(organisation_row(1, "ACME"), organisation_row(1, "ACME")))
    assert len(parsed.entries) == 1
    assert "1 appears 2 times (line 1, line 2) with identical content; kept once." in (
        parsed.warnings
    )


# --- refusals ----------------------------------------------------------------------------------


def refusal(data: bytes) -> str:
    with pytest.raises(SourceFormatError) as raised:
        parse_ofac_sdn_csv(data, generated_at="2024-05-03")
    return str(raised.value)


def test_an_empty_file_is_refused():
    assert refusal(b"") == "The file is empty."


def test_the_un_list_is_refused_by_name():
    assert refusal(UN_FILE.read_bytes()) == (
        "Not an OFAC SDN CSV: the file looks like the UN Consolidated List (XML)."
    )


def test_a_row_cut_mid_way_is_refused():
    data = FIXTURE.read_bytes()
    cut = data[: len(data) // 2]
    assert not cut.endswith(ROW_END)
    message = refusal(cut)
    assert message.startswith("Line ")
    assert message.endswith(
        "the last row ends without a line break and the file has no end-of-file marker (0x1A) "
        "— the file looks truncated."
    )


def test_a_short_last_row_is_refused_with_its_column_count():
    data = sdn_csv(organisation_row(1, "ACME"), b'2,"OTHER",-0- ')
    assert refusal(data) == "Line 2: expected 12 columns, found 3 — the file looks truncated."


def test_a_damaged_row_inside_the_file_is_refused():
    data = sdn_csv(organisation_row(1, "ACME"), b'2,"OTHER"', organisation_row(3, "THIRD"))
    assert refusal(data) == (
        "Line 2: expected 12 columns, found 2 — this is not the OFAC SDN CSV layout, or the "
        "row is damaged."
    )


def test_an_unterminated_quote_is_refused():
    data = sdn_csv(organisation_row(1, "ACME"), b'2,"OTHER,-0- ')
    assert refusal(data).startswith("Line 2: the CSV cannot be read (unexpected end of data)")


def test_a_list_without_rows_is_refused():
    assert refusal(b"\r\n\x1a") == "The list contains no entries."


def test_two_different_rows_with_one_ent_num_are_refused():
    data = sdn_csv(organisation_row(1, "ACME"), organisation_row(1, "ACME HOLDING"))
    assert refusal(data) == (
        "1 reference used for different entries: 1 (line 1, line 2). A list must not publish "
        "two versions of one entry."
    )
