"""Every baseline criterion, amendments within limits, and the rating. No database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from partnerhub.screening.criteria import (
    CriteriaError,
    EvidenceFact,
    Facts,
    HitFact,
    apply_amendments,
    assess,
    parse_baseline,
    rating_for,
)

BASELINE = parse_baseline(
    json.loads(
        (Path(__file__).resolve().parents[1] / "data" / "criteria_baseline.json").read_text()
    )
)
CRITERIA = apply_amendments(BASELINE, {})


def facts(**changes):
    base = {
        "organisation_name": "Acme Ltd",
        "texts": ("Acme Ltd", "We make bicycles."),
        "global_compact_status": "not_participant",
    }
    base.update(changes)
    return Facts(**base)


def finding(assessment, code):
    return next(f for f in assessment.findings if f.code == code)


def test_a_clean_organisation_is_low_risk():
    result = assess(CRITERIA, BASELINE.thresholds, facts())
    assert result.rating == "low"
    assert not result.excluded
    assert "No criterion is met" in result.summary
    assert {f.outcome for f in result.findings} == {"not_met"}


def test_baseline_has_every_criterion_the_report_names():
    codes = {c.code for c in BASELINE.criteria}
    assert codes == {
        "un_sanctions",
        "other_sanctions",
        "weapons",
        "tobacco",
        "pornography",
        "gambling",
        "banned_substances",
        "human_rights",
        "forced_labour",
        "child_labour",
        "bms_code",
        "global_compact",
        "controversies",
    }
    for criterion in BASELINE.criteria:
        assert criterion.checks and criterion.evidence and criterion.title


def un_hit(review):
    return HitFact("un", review, "Acme Ltd", "ACME TRADING", "QDe.001", 0.91)


def test_confirmed_un_sanctions_hit_excludes():
    result = assess(CRITERIA, BASELINE.thresholds, facts(hits=(un_hit("confirmed"),)))
    assert result.excluded
    assert result.rating == "high"
    assert finding(result, "un_sanctions").outcome == "met"
    assert "cannot partner" in result.summary


def test_pending_un_hit_is_an_indication_to_review():
    result = assess(CRITERIA, BASELINE.thresholds, facts(hits=(un_hit("pending"),)))
    assert finding(result, "un_sanctions").outcome == "indicated"
    assert not result.excluded
    assert result.rating == "substantial"
    assert "To check before deciding" in result.summary


def test_dismissed_hit_counts_for_nothing():
    result = assess(CRITERIA, BASELINE.thresholds, facts(hits=(un_hit("dismissed"),)))
    assert finding(result, "un_sanctions").outcome == "not_met"
    assert result.rating == "low"
    assert "dismissed" in " ".join(finding(result, "un_sanctions").reasons)


def test_other_sanctions_lists_raise_risk_without_excluding():
    hit = HitFact("ofac", "confirmed", "Acme Ltd", "ACME", "12345", 0.95)
    result = assess(CRITERIA, BASELINE.thresholds, facts(hits=(hit,)))
    assert finding(result, "other_sanctions").outcome == "met"
    assert not result.excluded
    assert result.rating == "substantial"


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("weapons", "We manufacture ammunition and firearms."),
        ("tobacco", "Leading cigarette brands."),
        ("pornography", "Adult entertainment studios."),
        ("gambling", "Online casino and sports betting."),
        ("banned_substances", "Asbestos roofing sheets."),
    ],
)
def test_activity_keywords_indicate_but_do_not_exclude(code, text):
    result = assess(CRITERIA, BASELINE.thresholds, facts(texts=("Acme Ltd", text)))
    assert finding(result, code).outcome == "indicated"
    assert not result.excluded


def test_keywords_match_whole_words_only():
    result = assess(CRITERIA, BASELINE.thresholds, facts(texts=("Armsworth Bakery", "cigarillos?")))
    assert finding(result, "weapons").outcome == "not_met"


@pytest.mark.parametrize(
    ("code", "excludes"),
    [
        ("weapons", True),
        ("tobacco", True),
        ("pornography", True),
        ("gambling", False),
        ("banned_substances", True),
        ("human_rights", True),
        ("forced_labour", True),
        ("child_labour", True),
        ("controversies", False),
    ],
)
def test_recorded_evidence_meets_the_criterion(code, excludes):
    evidence = (EvidenceFact(code, "Report by a credible NGO", "https://example.org/r"),)
    result = assess(CRITERIA, BASELINE.thresholds, facts(evidence=evidence))
    found = finding(result, code)
    assert found.outcome == "met"
    assert result.excluded is excludes
    assert "https://example.org/r" in found.reasons[0]


def test_bms_code_applies_only_where_adopted():
    evidence = (EvidenceFact("bms_code", "Marketing breach found by monitoring"),)
    baseline_result = assess(CRITERIA, BASELINE.thresholds, facts(evidence=evidence))
    assert "bms_code" not in {f.code for f in baseline_result.findings}
    adopted = apply_amendments(BASELINE, {"bms_code": {"enabled": True}})
    result = assess(adopted, BASELINE.thresholds, facts(evidence=evidence))
    assert finding(result, "bms_code").outcome == "met"
    assert result.excluded


@pytest.mark.parametrize(
    ("status", "rating"),
    [("delisted", "substantial"), ("non_communicating", "moderate"), ("active", "low")],
)
def test_global_compact_status(status, rating):
    result = assess(CRITERIA, BASELINE.thresholds, facts(global_compact_status=status))
    assert result.rating == rating
    assert not result.excluded


def test_several_controversies_add_up():
    evidence = tuple(EvidenceFact("controversies", f"Case {n}") for n in range(3))
    result = assess(CRITERIA, BASELINE.thresholds, facts(evidence=evidence))
    assert finding(result, "controversies").points == 75
    assert result.rating == "high"
    assert not result.excluded


def test_entity_can_tighten_and_reweight_within_limits():
    criteria = apply_amendments(
        BASELINE,
        {"gambling": {"exclusionary": True, "weight": 100}, "global_compact": {"enabled": False}},
    )
    by_code = {c.code: c for c in criteria}
    assert by_code["gambling"].exclusionary
    assert by_code["gambling"].amended == ("exclusionary", "weight")
    assert not by_code["global_compact"].enabled


@pytest.mark.parametrize(
    ("amendments", "message"),
    [
        ({"un_sanctions": {"enabled": False}}, "cannot be switched off"),
        ({"weapons": {"exclusionary": False}}, "exclusion cannot be relaxed"),
        ({"gambling": {"weight": 5}}, "between 20 and 100"),
        ({"gambling": {"weight": "lots"}}, "whole number"),
        ({"nonsense": {"weight": 5}}, "no such baseline criterion"),
        ({"tobacco": {"title": "x"}}, "can be amended"),
        (
            {
                "added": [
                    {
                        "code": "x",
                        "kind": "sanctions",
                        "title": "t",
                        "checks": "c",
                        "evidence": "e",
                        "weight": 5,
                    }
                ]
            },
            "only evidence or activity",
        ),
        (
            {
                "added": [
                    {
                        "code": "tobacco",
                        "kind": "evidence",
                        "title": "t",
                        "checks": "c",
                        "evidence": "e",
                        "weight": 5,
                    }
                ]
            },
            "already used",
        ),
    ],
)
def test_amendments_outside_limits_are_refused(amendments, message):
    with pytest.raises(CriteriaError, match=message):
        apply_amendments(BASELINE, amendments)


def test_entity_can_add_its_own_criterion():
    criteria = apply_amendments(
        BASELINE,
        {
            "added": [
                {
                    "code": "alcohol",
                    "kind": "activity",
                    "title": "Alcohol",
                    "checks": "Production of alcoholic beverages",
                    "evidence": "Recorded evidence; keywords",
                    "keywords": ["brewery", "distillery"],
                    "weight": 30,
                }
            ]
        },
    )
    result = assess(criteria, BASELINE.thresholds, facts(texts=("Highland Distillery",)))
    assert finding(result, "alcohol").outcome == "indicated"


@pytest.mark.parametrize(
    ("points", "rating"),
    [(0, "low"), (9.9, "low"), (10, "moderate"), (30, "substantial"), (60, "high")],
)
def test_rating_thresholds(points, rating):
    assert rating_for(points, BASELINE.thresholds) == rating


@pytest.mark.parametrize(
    "document",
    [
        {},
        {"criteria": []},
        {"criteria": [{"code": "x"}]},
        {
            "criteria": [
                {
                    "code": "x",
                    "kind": "magic",
                    "title": "t",
                    "checks": "c",
                    "evidence": "e",
                    "weight": 1,
                }
            ],
            "rating_thresholds": {"moderate": 1, "substantial": 2, "high": 3},
        },
    ],
)
def test_bad_baselines_are_refused(document):
    with pytest.raises(CriteriaError):
        parse_baseline(document)
