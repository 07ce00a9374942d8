"""The name matcher: normalisation, retrieval, scoring and explanations. No database."""

from __future__ import annotations

import pytest

from partnerhub.screening.matching.index import NameIndex
from partnerhub.screening.matching.matcher import (
    MATCH_THRESHOLD,
    POTENTIAL_MATCH_THRESHOLD,
    Matcher,
    Query,
    compare_names,
)
from partnerhub.screening.matching.normalise import NameKind, normalise_name
from partnerhub.screening.records import EntryKind, ListedEntry, Source

PUTIN = ListedEntry(
    source=Source.EU,
    ref="EU.1",
    kind=EntryKind.PERSON,
    name="Vladimir Vladimirovich PUTIN",
    aliases=("Владимир Владимирович Путин", "Vova"),
    alias_quality=("good", "low"),
    countries=("RU",),
    birth_dates=("1952-10-07",),
)
GAZPROM = ListedEntry(
    source=Source.OFAC,
    ref="9999",
    kind=EntryKind.ORGANISATION,
    name="Open Joint Stock Company Gazprom",
    countries=("RU",),
    identifiers=("1027700070518",),
)
HOMS = ListedEntry(
    source=Source.UN,
    ref="IRe.999",
    kind=EntryKind.ORGANISATION,
    name="The Homs Refinery Company",
    countries=("SY",),
)
SALEK = ListedEntry(
    source=Source.UN,
    ref="TAi.999",
    kind=EntryKind.PERSON,
    name="ABDULHAI SALEK",
    countries=("AF",),
    birth_dates=("1965",),
)


@pytest.fixture(scope="module")
def matcher():
    return Matcher([PUTIN, GAZPROM, HOMS, SALEK])


def score(matcher, **query):
    hits = matcher.screen(Query(**query), threshold=0.0)
    assert hits, query
    return hits[0]


# Normalisation


def test_it_transliterates_cyrillic():
    assert normalise_name("Владимир Путин", NameKind.PERSON).key == "vladimir putin"


def test_it_transliterates_arabic_and_knows_the_name_across_scripts():
    form = normalise_name("محمد", NameKind.PERSON)
    assert form.key.isascii()
    similarity, _ = compare_names("محمد", "Mohammed", "person")
    assert similarity >= 0.85


def test_it_folds_accents_and_punctuation():
    assert normalise_name("Nestlé S.A.", NameKind.ORGANISATION).key == (
        normalise_name("NESTLE SA", NameKind.ORGANISATION).key
    )


def test_it_replaces_legal_forms_with_one_compare_form():
    long_form = normalise_name("Siemens Aktiengesellschaft", NameKind.ORGANISATION)
    short_form = normalise_name("Siemens AG", NameKind.ORGANISATION)
    assert long_form.key == short_form.key == "siemens ag"
    assert compare_names("OAO Gazprom", "Open Joint Stock Company Gazprom", "organisation")[0] > 0.9


def test_it_ignores_word_order():
    assert compare_names("PUTIN, Vladimir", "Vladimir Putin", "person")[0] == 1.0


def test_it_aligns_a_name_written_as_one_word():
    assert compare_names("SiemensAG", "Siemens AG", "organisation")[0] == 1.0


def test_it_reads_numbers_in_words():
    assert compare_names("Brigade Forty-Four", "Brigade 44", "organisation")[0] == 1.0


def test_it_matches_initials_in_person_names_only_partly():
    similarity, _ = compare_names("J. Smith", "John Smith", "person")
    assert 0.7 <= similarity < 1.0


def test_it_weighs_legal_forms_and_common_words_little():
    assert compare_names("Deutsche Bank", "Deutsche Bank AG", "organisation")[0] >= 0.85


def test_it_tells_a_different_distinctive_word_apart():
    assert compare_names("Volkswagen AG", "Siemens AG", "organisation")[0] < 0.5


def test_it_tells_different_places_apart():
    similarity, _ = compare_names(
        "Industrial and Commercial Bank of Chad",
        "Industrial and Commercial Bank of China",
        "organisation",
    )
    assert similarity < POTENTIAL_MATCH_THRESHOLD


def test_it_does_not_accept_a_one_letter_typo_in_a_short_single_word():
    assert compare_names("ICAO", "IOEC", "organisation")[0] < POTENTIAL_MATCH_THRESHOLD
    assert compare_names("Toyota Motor", "Tayota Motor", "organisation")[0] > 0.8


# Retrieval


def test_index_finds_typo_d_names():
    forms = [normalise_name(name, NameKind.PERSON) for name in PUTIN.all_names]
    forms.append(normalise_name("Olaf Scholz", NameKind.PERSON))
    index = NameIndex(forms)
    found = index.candidates(normalise_name("Vladimr Puttin", NameKind.PERSON))
    assert 0 in found
    found = index.candidates(normalise_name("Olaf Scholze", NameKind.PERSON))
    assert found[0] == len(forms) - 1


def test_index_returns_a_bounded_candidate_set():
    forms = [normalise_name(f"Trading Company {i}", NameKind.ORGANISATION) for i in range(500)]
    index = NameIndex(forms)
    assert len(index.candidates(normalise_name("Trading Company", NameKind.ORGANISATION), 20)) <= 20


def test_index_finds_a_name_across_scripts(matcher):
    hit = score(matcher, name="Путин Владимир", kind="person")
    assert hit.entry_ref == "EU.1"


# Screening, features and explanations


def test_it_screens_an_exact_name_as_a_match(matcher):
    hits = matcher.screen(Query(name="Vladimir Putin", kind="person"), threshold=0.7)
    assert [hit.entry_ref for hit in hits] == ["EU.1"]
    assert hits[0].status == "match"
    assert hits[0].score >= MATCH_THRESHOLD


def test_it_marks_a_weaker_hit_as_a_potential_match(matcher):
    hit = score(matcher, name="Homs Refinery", kind="organisation")
    assert POTENTIAL_MATCH_THRESHOLD <= hit.score < MATCH_THRESHOLD
    assert hit.status == "potential_match"


def test_it_returns_nothing_below_the_threshold(matcher):
    assert matcher.screen(Query(name="Olaf Scholz", kind="person"), threshold=0.7) == []


def test_explanation_lists_the_features_and_sums_to_the_score(matcher):
    hit = score(
        matcher, name="Vladimir Putin", kind="person", country="RU", birth_date="1952-10-07"
    )
    names = {feature.name for feature in hit.explanation.features}
    assert {"name_similarity", "token_overlap", "country", "birth_date"} <= names
    name_score = hit.explanation.features[0].contribution
    assert hit.explanation.total == pytest.approx(name_score + 0.05 + 0.03)
    assert hit.score == pytest.approx(min(1.0, hit.explanation.total))
    hit = score(matcher, name="Homs Refinery", kind="organisation", country="SY")
    assert hit.explanation.total == pytest.approx(hit.score)
    assert "Homs" in hit.explanation.summary
    name_feature = hit.explanation.features[0]
    assert "Levenshtein" in name_feature.detail


def test_country_agreement_raises_and_conflict_lowers_the_score(matcher):
    plain = score(matcher, name="Homs Refinery", kind="organisation").score
    agreeing = score(matcher, name="Homs Refinery", kind="organisation", country="SY").score
    conflicting = score(matcher, name="Homs Refinery", kind="organisation", country="FR").score
    assert conflicting < plain < agreeing


def test_birth_date_agreement_raises_and_conflict_lowers_the_score(matcher):
    plain = score(matcher, name="Abdul Hai Salik", kind="person").score
    agreeing = score(matcher, name="Abdul Hai Salik", kind="person", birth_date="1965-03-01")
    near = score(matcher, name="Abdul Hai Salik", kind="person", birth_date="1966")
    conflicting = score(matcher, name="Abdul Hai Salik", kind="person", birth_date="1990-01-01")
    assert conflicting.score < near.score < plain < agreeing.score


def test_registration_number_match_raises_the_score(matcher):
    without = score(matcher, name="Gazprom Neft", kind="organisation")
    with_number = score(
        matcher, name="Gazprom Neft", kind="organisation", registration_number="1027700070518"
    )
    assert with_number.score >= 0.9 > without.score
    feature = next(f for f in with_number.explanation.features if f.name == "registration_number")
    assert feature.contribution > 0


def test_registration_number_finds_an_entry_the_name_does_not(matcher):
    hits = matcher.screen(
        Query(name="Blue Sky Holdings", kind="organisation", registration_number="1027700070518"),
        threshold=0.7,
    )
    assert [hit.entry_ref for hit in hits] == ["9999"]


def test_kind_mismatch_is_penalised(matcher):
    unknown = score(matcher, name="Homs Refinery Company").score
    as_person = score(matcher, name="Homs Refinery Company", kind="person")
    assert as_person.score < unknown
    assert any(f.name == "kind" and f.contribution < 0 for f in as_person.explanation.features)


def test_low_quality_alias_is_penalised(matcher):
    hit = score(matcher, name="Vova", kind="person")
    assert hit.listed_name == "Vova"
    assert hit.score < MATCH_THRESHOLD
    assert any(f.name == "alias_quality" for f in hit.explanation.features)


def test_query_aliases_are_screened_too(matcher):
    hits = matcher.screen(
        Query(name="Unknown Trading", kind="organisation", aliases=("Homs Refinery Co",)),
        threshold=0.7,
    )
    assert hits[0].entry_ref == "IRe.999"
    assert hits[0].query_name == "Homs Refinery Co"


def test_compare_names_explains_itself():
    similarity, explanation = compare_names("Olaf Scholze", "Olaf Scholz", "person")
    assert similarity > 0.85
    assert explanation.features[0].name == "name_similarity"
    assert explanation.total == pytest.approx(similarity)
    assert "scholze~scholz" in explanation.summary
