"""Quality floors of the name matcher on the shared evaluation sets. No database.

The full evaluation, with nomenklatura's logic-v2 beside ours and every error listed, is
bench/screening_quality.py; these floors keep a change from quietly undoing it. Timings are
never asserted here.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from partnerhub.screening.matching.matcher import (
    POTENTIAL_MATCH_THRESHOLD,
    Matcher,
    Query,
    compare_names,
)
from partnerhub.screening.matching.normalise import NameKind, normalise_name
from partnerhub.screening.sources import parse_un_xml

REPO = Path(__file__).resolve().parents[3]
UN_XML = REPO / "partnerhub/screening/data/un_sc_consolidated_2026-05-08.xml"
# shared/ sits beside the repository, here and in CI.
EVAL = next(
    (
        path
        for path in (
            REPO.parent / "shared/data/screening/eval",
            Path("/work/shared/data/screening/eval"),
        )
        if path.is_dir()
    ),
    None,
)
pytestmark = pytest.mark.skipif(
    EVAL is None, reason="evaluation data (shared/data/screening/eval) is not present"
)
KINDS = {
    "Person": "person",
    "Company": "organisation",
    "Organization": "organisation",
    "Vessel": "vessel",
    "LegalEntity": None,
}


def rows(name):
    assert EVAL is not None
    with (EVAL / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def f1(cases):
    predicted = [
        compare_names(c["name1"], c["name2"], KINDS[c["schema"]])[0] >= POTENTIAL_MATCH_THRESHOLD
        for c in cases
    ]
    gold = [c["is_match"] == "true" for c in cases]
    tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
    fp = sum(p and not g for p, g in zip(predicted, gold, strict=True))
    fn = sum(g and not p for p, g in zip(predicted, gold, strict=True))
    return 2 * tp / (2 * tp + fp + fn)


def test_organisation_pairs_f1_floor():
    cases = [c for c in rows("nk_name_pairs_cases.csv") if c["schema"] not in ("Person", "Vessel")]
    # logic-v2 scores 0.872 on these pairs (bench/screening_quality.py runs it).
    assert f1(cases) >= 0.90


def test_all_pairs_f1_floor():
    # logic-v2: 0.796.
    assert f1(rows("nk_name_pairs_cases.csv")) >= 0.85


@pytest.fixture(scope="module")
def un_list():
    entries = parse_un_xml(UN_XML.read_bytes()).entries
    return entries, Matcher(entries)


def _key(name):
    return normalise_name(name, NameKind.PERSON).key


def _recall(un_list, file):
    entries, matcher = un_list
    names = {entry.ref: {_key(n) for n in entry.all_names} for entry in entries}
    listed = set().union(*names.values())
    found = total = 0
    for original, row in zip(rows("yente_positives_un_untreated.csv"), rows(file), strict=True):
        expected = _key(original["full_name"])
        if expected not in listed:
            continue  # delisted since the fixture was made
        total += 1
        hits = matcher.screen(
            Query(
                name=row["full_name"],
                kind="person",
                birth_date=row["date_of_birth"],
                country=row["nationality"].upper(),
            ),
            threshold=POTENTIAL_MATCH_THRESHOLD,
        )
        found += bool(hits) and expected in names[hits[0].entry_ref]
    return found / total


def test_un_positives_are_all_found(un_list):
    assert _recall(un_list, "yente_positives_un_untreated.csv") == 1.0


def test_un_positives_with_typos_are_found(un_list):
    assert _recall(un_list, "yente_positives_un_treated.csv") >= 0.97


def test_negatives_are_rarely_flagged_against_the_un_list(un_list):
    _, matcher = un_list
    negatives = rows("yente_negatives_global_1000.csv") + rows("yente_negatives_us_1000.csv")
    flagged = sum(
        bool(matcher.screen(Query(name=row["full_name"], kind="person"), threshold=0.7))
        for row in negatives
    )
    assert flagged / len(negatives) <= 0.01
