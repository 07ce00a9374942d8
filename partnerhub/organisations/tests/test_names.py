"""Name normalisation and duplicate scoring: plain Python, no database."""

from __future__ import annotations

import pytest

from partnerhub.organisations import names
from partnerhub.organisations.names_evaluation import (
    DIFFERENT_ORGANISATIONS,
    HELD_OUT_DIFFERENT_ORGANISATIONS,
    HELD_OUT_SAME_ORGANISATION,
    SAME_ORGANISATION,
    evaluate,
)


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("Nestlé S.A.", "nestle"),
        ("ACME Logistics Ltd", "acme logistics"),
        ("Acme Logistics Limited", "acme logistics"),
        ("Siemens AG", "siemens"),
        ("Trucks-for-Good", "trucks for good"),
        ("Banca Intesa S.p.A.", "banca intesa"),
        ("Dupont S.A.R.L.", "dupont"),
        ("Ford Motor Co.", "ford motor"),
        ("Microsoft Corp", "microsoft"),
        ("Heineken B.V.", "heineken"),
        ("Philips N.V.", "philips"),
        ("Samsung Electronics Co., Ltd.", "samsung electronics"),
        ("ABC GmbH & Co. KG", "abc"),
        ("Novo Nordisk A/S", "novo nordisk"),
        ("Tata Consultancy Services Pvt. Ltd.", "tata consultancy services"),
        ("Shell plc", "shell"),
        ("Olam Intl", "olam international"),
        ("  Procter   and  Gamble ", "procter gamble"),
        ("Сбербанк ПАО", "sberbank"),
        ("PT Bank Central Asia Tbk", "bank central asia"),
    ],
)
def test_it_normalises_names(raw, normalised):
    assert names.normalise_name(raw) == normalised


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        # A name made only of a legal form keeps it.
        ("Limited", "limited"),
        # Legal forms inside the name are part of it.
        ("AT&T Inc.", "at t"),
        ("SA Breweries Ltd", "sa breweries"),
        ("AG Barr plc", "ag barr"),
        ("", ""),
        ("!!!", ""),
    ],
)
def test_it_keeps_what_is_not_a_trailing_legal_form(raw, normalised):
    assert names.normalise_name(raw) == normalised


def test_search_key_keeps_legal_forms_but_drops_accents_case_and_punctuation():
    assert names.search_key("Nestlé S.A.") == "nestle sa"
    assert names.search_key("Trucks-for-Good") == "trucks for good"


@pytest.mark.parametrize(
    ("name", "other", "reason_code"),
    [
        ("Nestlé S.A.", "Nestle SA", names.REASON_SAME_AFTER_LEGAL_FORM),
        ("ACME Logistics Ltd", "Acme Logistics Limited", names.REASON_SAME_AFTER_LEGAL_FORM),
        ("Siemens AG", "SIEMENS", names.REASON_SAME_AFTER_LEGAL_FORM),
        ("Trucks for Good Ltd", "Trucks-for-Good", names.REASON_SAME_AFTER_LEGAL_FORM),
        ("Trucksforgood", "Trucks for Good", names.REASON_SAME_APART_FROM_SPACING),
        ("Acme Logistics", "Acme Logistcs", names.REASON_SIMILAR_SPELLING),
        ("Siemens", "siemens", names.REASON_SAME_NAME),
    ],
)
def test_it_flags_the_required_duplicates(name, other, reason_code):
    score, reason = names.compare_names(name, other)
    assert score >= names.DEFAULT_THRESHOLD
    assert reason == reason_code


@pytest.mark.parametrize(
    ("name", "other"),
    [("Acme Logistics", "Apex Logistics"), ("Shell", "Shelter Now"), ("ABC Ltd", "ABD Ltd")],
)
def test_it_does_not_flag_different_organisations(name, other):
    score, _reason = names.compare_names(name, other)
    assert score < names.DEFAULT_THRESHOLD


def test_scores_are_symmetric():
    for name, other in SAME_ORGANISATION + DIFFERENT_ORGANISATIONS:
        assert names.compare_names(name, other) == names.compare_names(other, name)


def test_find_similar_ranks_matches_and_reports_each_key_once():
    candidates = [
        (1, "Acme Logistcs Ltd"),
        (2, "Acme Logistics Limited"),
        (2, "ACME"),
        (3, "Apex Logistics"),
    ]
    matches = names.find_similar("ACME Logistics Ltd", candidates)
    assert [m.key for m in matches] == [2, 1]
    assert matches[0].name == "Acme Logistics Limited"
    assert matches[0].score == 100
    assert matches[0].reason == "same name after removing legal form"
    assert matches[1].reason == f"very similar spelling ({matches[1].score}%)"


def test_find_similar_respects_the_threshold():
    candidates = [(1, "Acme Logistcs")]
    assert names.find_similar("Acme Logistics", candidates, threshold=100) == []
    assert len(names.find_similar("Acme Logistics", candidates, threshold=90)) == 1


def test_similar_names_share_a_blocking_key():
    """Duplicate detection only scores candidates sharing a key: every labelled duplicate must
    share one, or the database pre-filter would hide it."""
    for name, other in SAME_ORGANISATION + HELD_OUT_SAME_ORGANISATION:
        if names.compare_names(name, other)[0] >= names.DEFAULT_THRESHOLD:
            assert names.blocking_keys(name) & names.blocking_keys(other), (name, other)


def test_generic_words_are_not_keys():
    assert names.blocking_keys("Africa Logistics Group") == {"logi", "afri"}


def test_the_detector_meets_its_quality_floor_on_the_development_set():
    result = evaluate(SAME_ORGANISATION, DIFFERENT_ORGANISATIONS)
    assert result.precision >= 0.95
    assert result.recall >= 0.95


def test_the_detector_meets_its_quality_floor_on_the_held_out_set():
    result = evaluate(HELD_OUT_SAME_ORGANISATION, HELD_OUT_DIFFERENT_ORGANISATIONS)
    assert result.precision >= 0.85
    assert result.recall >= 0.90
