"""The UN Consolidated List parser is plain Python: these tests need no database.

Both UN files ship with the repository (../data/, see SOURCES.md there), so nothing here skips.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import pytest

from partnerhub.screening.records import EntryKind, ListedEntry, ListSnapshot, SourceFormatError
from partnerhub.screening.sources._common import split_alias
from partnerhub.screening.sources.un_xml import parse_un_xml

DATA = Path(__file__).resolve().parents[1] / "data"
UN_NEW = DATA / "un_sc_consolidated_2026-05-08.xml"
UN_OLD = DATA / "un_sc_consolidated_2026-01-28.xml"


@cache
def snapshot(path: Path) -> ListSnapshot:
    return parse_un_xml(path.read_bytes())


def entry(path: Path, ref: str) -> ListedEntry:
    return next(e for e in snapshot(path).entries if e.ref == ref)


def un_xml(records: str, generated: str = ' dateGenerated="2026-05-08T23:00:06.922Z"') -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST{generated}>\n'
        f"{records}\n</CONSOLIDATED_LIST>\n"
    ).encode()


def individual(ref: str, first_name: str = "JOHN", extra: str = "") -> str:
    return (
        f"<INDIVIDUALS><INDIVIDUAL><FIRST_NAME>{first_name}</FIRST_NAME>"
        f"<REFERENCE_NUMBER>{ref}</REFERENCE_NUMBER>{extra}</INDIVIDUAL></INDIVIDUALS>"
    )


# --- the real files ----------------------------------------------------------------------------


def test_the_may_2026_list_has_737_individuals_and_272_entities():
    parsed = snapshot(UN_NEW)
    kinds = [e.kind for e in parsed.entries]
    assert kinds.count(EntryKind.PERSON) == 737
    assert kinds.count(EntryKind.ORGANISATION) == 272
    assert len(parsed.entries) == 1_009
    assert parsed.generated_at == "2026-05-08T23:00:06.922Z"
    assert parsed.checksum == hashlib.sha256(UN_NEW.read_bytes()).hexdigest()


def test_the_january_2026_list_has_999_entries():
    parsed = snapshot(UN_OLD)
    kinds = [e.kind for e in parsed.entries]
    assert (kinds.count(EntryKind.PERSON), kinds.count(EntryKind.ORGANISATION)) == (726, 273)
    assert parsed.generated_at == "2026-01-28T00:00:11.197Z"


def test_every_reference_is_trimmed_and_unique():
    refs = [e.ref for e in snapshot(UN_NEW).entries]
    assert len(set(refs)) == len(refs)
    # Twelve KPe references carry a trailing space in the XML ("KPe.051 ").
    assert "KPe.051" in refs
    assert all(ref == ref.strip() for ref in refs)


def test_the_interpol_elements_added_in_2026_are_ignored():
    assert b"<HAS_INTERPOL_LINK>" in UN_NEW.read_bytes()
    assert b"<HAS_INTERPOL_LINK>" not in UN_OLD.read_bytes()
    assert entry(UN_NEW, "QDi.335") == entry(UN_OLD, "QDi.335")


def test_an_individual_is_read_field_by_field():
    listed = entry(UN_NEW, "QDi.335")
    assert listed.name == "‘ABD AL-RAHMAN KHALAF ‘UBAYD JUDAY’ AL-‘ANIZI"
    assert listed.kind is EntryKind.PERSON
    assert listed.aliases[:3] == (
        "‘Abd al-Rahman Khalaf al-Anizi",
        "‘Abd al-Rahman Khalaf al-‘Anzi",
        "Abu Usamah al-Rahman",
    )
    assert listed.alias_quality[:3] == ("good", "good", "low")
    assert len(listed.aliases) == len(listed.alias_quality) == 7
    assert listed.countries == ("KW", "SY")  # nationality Kuwait, address Syrian Arab Republic
    assert listed.birth_dates == ("1973-03-06",)
    assert listed.identifiers == ("273030601222",)
    assert listed.addresses == ("Syrian Arab Republic",)
    assert listed.programmes == ("Al-Qaida",)
    assert listed.listed_on == "2014-09-23"
    assert listed.remarks.startswith("A sentence of imprisonment for 15 years")
    assert listed.upstream_source == ""


def test_the_name_in_original_script_is_a_good_alias():
    listed = entry(UN_NEW, "QDi.437")
    assert listed.name == "SAMI JASIM MUHAMMAD JAATA AL-JABURI"
    assert listed.aliases[0] == "ﺳﺎﻣﻲ ﺟﺎﺳم ﻣﺣﻣد ﺟﻌﺎطﺔ اﻟﺟﺑوري"
    assert listed.alias_quality[0] == "good"
    assert listed.listed_on == "2026-03-26"


def test_aliases_packed_with_semicolons_are_separate_names():
    assert entry(UN_NEW, "IRi.034").aliases == (
        "Mohammed Sabet",
        "Mohammad Sabet",
        "M. Javad Kareemi Sabet",
        "M. Jawad Kareemi Sabet",
        "M. Jawad Karimi Sabet",
    )
    baghdadi = entry(UN_NEW, "QDi.299")
    assert "أبو بكر البغدادي الحسيني القريشي" in baghdadi.aliases
    assert "Abu Bakr al-Baghdadi al-Husayni al-Quraishi" in baghdadi.aliases
    assert "Abu Bakr al-Baghdadi" in baghdadi.aliases
    assert not any(";" in alias for e in snapshot(UN_NEW).entries for alias in e.aliases)


def test_an_alias_keeps_its_own_original_script_spelling():
    aliases = entry(UN_NEW, "QDi.396").aliases
    assert "Amir Khazmat" in aliases
    assert "Амир Хазмат" in aliases


def test_nested_packed_entity_aliases_are_split():
    nusrah = entry(UN_OLD, "QDe.137")
    assert nusrah.kind is EntryKind.ORGANISATION
    assert nusrah.name == "AL-NUSRAH FRONT FOR THE PEOPLE OF THE LEVANT"
    assert "Hay’at Tahrir al-Sham (HTS)" in nusrah.aliases
    assert "هيئة تحرير الشام" in nusrah.aliases  # "(original script)" dropped
    assert "Jabhat al-Nusrah" in nusrah.aliases
    # Entity aliases are qualified "a.k.a.", which says nothing about their strength.
    assert set(nusrah.alias_quality) == {"good", ""}


def test_birth_years_between_two_years_list_every_year():
    assert entry(UN_NEW, "TAi.023").birth_dates == (
        "1963",
        "1964",
        "1965",
        "1966",
        "1967",
        "1968",
        "1971-10-24",
    )


def test_a_birth_date_given_only_in_words_is_read():
    dated = [e for e in snapshot(UN_NEW).entries if "1961-08" in e.birth_dates]
    assert dated, "the 'August 1961' NOTE should give 1961-08"


def test_a_document_number_is_stored_without_the_words_around_it():
    identifiers = {i for e in snapshot(UN_NEW).entries for i in e.identifiers}
    assert "AA3829182" in identifiers  # "Pakistani passport number AA3829182"
    assert not any(i.lower().startswith(("passport", "pakistani")) for i in identifiers)


def test_addresses_join_their_parts_or_use_the_note():
    addresses = entry(UN_NEW, "TAe.010").addresses
    assert (
        "Branch Office 8: Gereshk City, Nahr-e Saraj District, Helmand Province, Afghanistan"
        in (addresses)
    )


def test_the_real_file_warns_about_what_it_cannot_read():
    warnings = snapshot(UN_NEW).warnings
    assert len(warnings) == 4
    text = "\n".join(warnings)
    assert "QDi.290" in text and "'former Soviet Union'" in text
    assert "SDi.001" in text and "'na'" in text  # not Namibia
    assert "LYi.022" in text and "30-35 years old" in text
    assert "QDi.291" in text and "Hijri" in text
    assert all(" at line " in warning for warning in warnings)


def test_a_damaged_name_in_the_older_file_is_reported():
    warnings = [w for w in snapshot(UN_OLD).warnings if "replacement character" in w]
    assert len(warnings) == 1
    assert warnings[0].startswith("TAi.068 (<INDIVIDUAL> at line ")


# --- records the parser must cope with ---------------------------------------------------------


def test_unknown_elements_are_tolerated():
    parsed = parse_un_xml(un_xml(individual("QDi.1", extra="<NEW_FIELD>x</NEW_FIELD>")))
    assert [e.ref for e in parsed.entries] == ["QDi.1"]
    assert parsed.warnings == ()


def test_a_record_without_a_reference_is_skipped_with_its_line():
    records = (
        "<INDIVIDUALS>"
        "<INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER>"
        "</INDIVIDUAL>\n"
        "<INDIVIDUAL><FIRST_NAME>B</FIRST_NAME></INDIVIDUAL>"
        "</INDIVIDUALS>"
    )
    parsed = parse_un_xml(un_xml(records))
    assert [e.ref for e in parsed.entries] == ["QDi.1"]
    assert parsed.warnings == (
        "<INDIVIDUAL> at line 4: no REFERENCE_NUMBER; the record was skipped.",
    )


def test_a_missing_list_date_is_a_warning():
    parsed = parse_un_xml(un_xml(individual("QDi.1"), generated=""))
    assert parsed.generated_at == ""
    assert "dateGenerated" in parsed.warnings[0]


def test_identical_duplicates_are_kept_once_with_a_warning():
    parsed = parse_un_xml(un_xml(individual("QDi.1") + individual("QDi.1")))
    assert len(parsed.entries) == 1
    assert "QDi.1 appears 2 times" in parsed.warnings[0]


def test_split_alias():
    assert split_alias("A; B ;C") == ["A", "B", "C"]
    assert split_alias("ORIG (A; B)") == ["ORIG", "A", "B"]
    assert split_alias("Name (x) (ORIG (original script); A)") == ["Name (x)", "ORIG", "A"]
    assert split_alias("A; B b) C") == ["A", "B", "C"]
    assert split_alias("Amir (original script: Амир)") == ["Amir", "Амир"]
    assert split_alias("Abu Hafs (the Mauritanian)") == ["Abu Hafs (the Mauritanian)"]
    assert split_alias("") == []


# --- refusals ----------------------------------------------------------------------------------


def refusal(data: bytes) -> str:
    with pytest.raises(SourceFormatError) as raised:
        parse_un_xml(data)
    return str(raised.value)


def test_an_empty_file_is_refused():
    assert refusal(b"") == "The file is empty."
    assert refusal(b" \n ") == "The file is empty."


def test_a_truncated_file_is_refused():
    data = UN_NEW.read_bytes()
    message = refusal(data[: len(data) // 2])
    assert message.startswith("Line 27,318: the XML cannot be read")
    assert message.endswith("the file looks truncated.")


def test_a_file_cut_just_before_its_end_is_refused():
    assert "truncated" in refusal(UN_NEW.read_bytes()[:-30])


def test_another_format_is_refused_by_name():
    ofac = Path(__file__).resolve().parent / "fixtures" / "ofac_sdn_excerpt.csv"
    assert refusal(ofac.read_bytes()) == (
        "Not a UN Consolidated List: the file is not XML (it looks like the OFAC SDN list (CSV))."
    )
    assert refusal(b'{"metadata": {}, "entities": []}').endswith(
        "(it looks like the combined EU/UN/OFAC list (JSON))."
    )


def test_a_web_page_is_refused():
    assert refusal(b"<html><body>Service unavailable</body></html>") == (
        "Not a UN Consolidated List: root element is <html>, expected <CONSOLIDATED_LIST>."
    )


def test_a_list_without_entries_is_refused():
    message = refusal(un_xml("<INDIVIDUALS/><ENTITIES/>"))
    assert message == "The list contains no entries."


def test_a_list_where_no_record_can_be_read_is_refused():
    message = refusal(un_xml("<INDIVIDUALS><INDIVIDUAL/></INDIVIDUALS>"))
    assert message.startswith("No record in the file could be read (1 record found).")


def test_two_different_entries_under_one_reference_are_refused():
    message = refusal(un_xml(individual("QDi.1", "JOHN") + individual("QDi.1", "JANE")))
    assert message.startswith("1 reference used for different entries: QDi.1 (<INDIVIDUAL> at")


def test_entities_are_never_expanded():
    data = (
        b'<?xml version="1.0"?>\n'
        b'<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
        b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&secret;</FIRST_NAME>"
        b"<REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS>"
        b"</CONSOLIDATED_LIST>"
    )
    assert refusal(data) == (
        "The file declares a DOCTYPE, which the UN Consolidated List never does; refused."
    )
