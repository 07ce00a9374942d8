"""The version diff is plain Python: these tests need no database."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from partnerhub.screening.diff import ListDiff, diff_snapshots
from partnerhub.screening.records import EntryKind, ListedEntry, Source
from partnerhub.screening.sources.un_xml import parse_un_xml

DATA = Path(__file__).resolve().parents[1] / "data"

# The 26 entries whose compared fields changed between the two UN files. The data notes
# (shared/data/screening/SOURCES.md) count 29 by comparing whole XML records without COMMENTS1;
# the other three differ only in fields the fingerprint leaves out: CDi.040 and KPi.043 (a
# passport expiry moved from NOTE to DATE_OF_EXPIRY) and TAi.164 (a LAST_DAY_UPDATED added).
UN_AMENDED = (
    "TAe.010",
    "TAi.002",
    "TAi.003",
    "TAi.007",
    "TAi.023",
    "TAi.024",
    "TAi.026",
    "TAi.027",
    "TAi.038",
    "TAi.043",
    "TAi.044",
    "TAi.047",
    "TAi.058",
    "TAi.060",
    "TAi.068",
    "TAi.071",
    "TAi.082",
    "TAi.093",
    "TAi.110",
    "TAi.118",
    "TAi.121",
    "TAi.144",
    "TAi.147",
    "TAi.150",
    "TAi.154",
    "TAi.156",
)


@cache
def un_diff() -> ListDiff:
    old = parse_un_xml((DATA / "un_sc_consolidated_2026-01-28.xml").read_bytes())
    new = parse_un_xml((DATA / "un_sc_consolidated_2026-05-08.xml").read_bytes())
    return diff_snapshots(old.entries, new.entries)


def listed(ref: str = "QDi.1", **fields: Any) -> ListedEntry:
    entry = ListedEntry(source=Source.UN, ref=ref, kind=EntryKind.PERSON, name="JOHN DOE")
    return replace(entry, **fields)


# --- the two UN versions -----------------------------------------------------------------------


def test_the_un_update_adds_eleven_entries():
    assert un_diff().added == (
        "QDi.437",
        "QDi.438",
        "QDi.439",
        "SDi.007",
        "SDi.008",
        "SDi.009",
        "SDi.010",
        "SDi.011",
        "SDi.012",
        "SDi.013",
        "SDi.014",
    )


def test_the_un_update_removes_one_entry():
    assert un_diff().removed == ("QDe.137",)


def test_the_un_update_amends_26_entries():
    assert un_diff().amended_refs == UN_AMENDED


def test_which_fields_the_un_update_changed():
    changed_fields = Counter(name for _ref, changes in un_diff().amended for name in changes)
    assert changed_fields == {
        "identifiers": 23,
        "addresses": 23,
        "birth_dates": 20,
        "aliases": 19,
        "countries": 7,
    }


def test_an_amendment_lists_old_and_new_values():
    changes = dict(un_diff().amended)
    # A passport number was withdrawn.
    assert changes["TAi.154"] == {
        "identifiers": (["54201-247561-5", "FA0157612"], ["54201-247561-5"]),
    }
    # The older file had a name damaged into replacement characters; the newer one fixed it.
    assert changes["TAi.068"] == {
        "aliases": (
            ["Mawlawi Nanai", "محمد الل\ufffd\ufffd مطيع"],
            ["Mawlawi Nanai", "محمد الله مطيع"],
        )
    }
    # Five branch-office addresses (written in NOTE) were dropped.
    old_addresses, new_addresses = changes["TAe.010"]["addresses"]
    assert (len(old_addresses), len(new_addresses)) == (16, 11)


# --- rules -------------------------------------------------------------------------------------


def test_remarks_and_order_do_not_make_an_amendment():
    old = listed(aliases=("A", "B"), remarks="old narrative")
    new = listed(aliases=("B", "A"), alias_quality=("low", "good"), remarks="new narrative")
    assert diff_snapshots([old], [new]).is_empty


def test_a_changed_field_is_reported_with_both_values():
    diff = diff_snapshots([listed(countries=("IQ",))], [listed(countries=("IQ", "SY"))])
    assert diff.amended == (("QDi.1", {"countries": (["IQ"], ["IQ", "SY"])}),)
    assert diff.added == diff.removed == ()


def test_added_and_removed_are_sorted_refs():
    diff = diff_snapshots([listed("QDi.3"), listed("QDi.1")], [listed("QDi.2"), listed("QDi.1")])
    assert diff.added == ("QDi.2",)
    assert diff.removed == ("QDi.3",)
    assert diff.amended == ()


def test_two_entries_under_one_reference_are_refused():
    with pytest.raises(ValueError) as raised:
        diff_snapshots([listed()], [listed(), listed(name="JANE DOE")])
    assert str(raised.value) == "The new version holds reference 'QDi.1' twice."
