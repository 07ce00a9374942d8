from __future__ import annotations

from datetime import date

import pytest

from partnerhub.marketplace.ranking.matching import (
    Listing,
    MatchIndex,
    Weights,
    sdg_similarity,
    value_similarity,
)

EAST_AFRICA = frozenset({"002", "202", "014"})
TEXT_ONLY = Weights(text=1.0, sdg=0.0, geography=0.0, value=0.0)


def offer(id, text="cold chain refrigerators for vaccines", **fields):
    return Listing(id=id, text=text, **fields)


def need(text="cold chain for vaccines", **fields):
    return Listing(id=0, text=text, **fields)


def ids(results):
    return [match.id for match in results]


def component(match, name):
    return next(c for c in match.components if c.name == name)


def test_it_ranks_by_text_relevance():
    index = MatchIndex(
        [
            offer(1, "trucks for emergency logistics"),
            offer(2, "vaccines and cold chain refrigerators"),
            offer(3, "refrigerators for a canteen"),
        ]
    )
    assert ids(index.search(need("cold chain refrigerators"), weights=TEXT_ONLY)) == [2, 3]


def test_it_drops_candidates_sharing_neither_a_word_nor_an_sdg():
    index = MatchIndex(
        [offer(1, "trucks", sdgs=frozenset({2})), offer(2, "laptops", sdgs=frozenset({3}))]
    )
    assert ids(index.search(need(sdgs=frozenset({3})))) == [2]


def test_it_excludes_incompatible_resource_types():
    index = MatchIndex(
        [
            offer(1, resource_types=frozenset({"funds"})),
            offer(2, resource_types=frozenset({"logistics", "in-kind-goods"})),
            offer(3),  # no resource type: compatible with anything
        ]
    )
    query = need(resource_types=frozenset({"in-kind-goods"}))
    assert sorted(ids(index.search(query))) == [2, 3]
    assert sorted(ids(index.search(need()))) == [1, 2, 3]


def test_it_excludes_non_overlapping_time_windows_and_keeps_open_ended_ones():
    index = MatchIndex(
        [
            offer(1, starts=date(2026, 1, 1), ends=date(2026, 3, 31)),
            offer(2, starts=date(2026, 6, 1), ends=date(2026, 12, 31)),
            offer(3, starts=date(2026, 5, 1)),  # no end
            offer(4, ends=date(2026, 4, 30)),  # no start
            offer(5),
        ]
    )
    query = need(starts=date(2026, 5, 15), ends=date(2026, 7, 1))
    assert sorted(ids(index.search(query))) == [2, 3, 5]


def test_it_excludes_ids_and_honours_an_allow_list():
    index = MatchIndex([offer(1), offer(2), offer(3)])
    assert sorted(ids(index.search(need(), exclude_ids=[2, 99]))) == [1, 3]
    assert sorted(ids(index.search(need(), allow_ids={3, 99}))) == [3]
    assert index.search(need(), allow_ids=set()) == []


def test_it_limits_the_results():
    index = MatchIndex([offer(i) for i in range(1, 30)])
    assert len(index.search(need(), limit=5)) == 5
    assert index.search(need(), limit=0) == []


def test_it_handles_an_empty_index_and_an_empty_query():
    assert MatchIndex([]).search(need()) == []
    index = MatchIndex([offer(1, sdgs=frozenset({3})), offer(2)])
    assert index.search(need(text="")) == []
    assert ids(index.search(need(text="", sdgs=frozenset({3})))) == [1]


def test_it_rejects_duplicate_ids():
    with pytest.raises(ValueError, match="unique"):
        MatchIndex([offer(1), offer(1)])


def test_it_does_not_crash_on_chinese_or_arabic_text():
    index = MatchIndex([offer(1, "冷链疫苗运输"), offer(2, "سلسلة التبريد للقاحات"), offer(3)])
    assert ids(index.search(need(text="疫苗冷链"))) == [1]
    assert ids(index.search(need(text="التبريد"))) == [2]


def test_text_component_is_normalised_by_the_best_candidate():
    index = MatchIndex([offer(1, "cold chain vaccines"), offer(2, "vaccines")])
    first, second = index.search(need(), weights=TEXT_ONLY)
    assert component(first, "text").value == pytest.approx(1.0)
    assert 0 < component(second, "text").value < 1


def test_sdg_similarity_is_the_cosine_overlap():
    assert sdg_similarity({3}, {3}) == 1.0
    assert sdg_similarity({3}, {3, 17}) == pytest.approx(1 / 2**0.5)
    assert sdg_similarity({3}, {4}) == 0.0
    assert sdg_similarity(set(), {3}) == 0.0


def test_geography_prefers_same_country_then_region_then_global():
    index = MatchIndex(
        [
            offer(1, countries=frozenset({"KE"}), regions=EAST_AFRICA),
            offer(2, countries=frozenset({"UG"}), regions=EAST_AFRICA),
            offer(3, countries=frozenset({"NG"}), regions=frozenset({"002", "202", "011"})),
            offer(4),
            offer(5, countries=frozenset({"BR"}), regions=frozenset({"019", "419", "005"})),
        ]
    )
    query = need(countries=frozenset({"KE"}), regions=EAST_AFRICA)
    results = index.search(query, weights=Weights(text=0.0, sdg=0.0, geography=1.0, value=0.0))
    assert ids(results) == [1, 2, 3, 4, 5]
    values = [component(match, "geography").value for match in results]
    assert values == [1.0, 0.75, 0.75, 0.3, 0.0]
    reasons = [component(match, "geography").reason for match in results]
    assert reasons[0] == "same country: KE"
    assert reasons[1] == "same region: Eastern Africa (014)"
    assert reasons[2] == "same region: Sub-Saharan Africa (202)"
    assert reasons[3] == "not country-specific"
    assert reasons[4] == "different countries and regions"


def test_value_fit_is_log_scaled_and_neutral_when_unknown():
    assert value_similarity(50_000, 50_000) == 1.0
    assert value_similarity(5_000, 50_000) == pytest.approx(0.5)
    assert value_similarity(500, 50_000) == 0.0
    assert value_similarity(None, 50_000) == 0.5
    assert value_similarity(0, 50_000) == 0.5
    index = MatchIndex([offer(1, value_usd=40_000), offer(2, value_usd=4_000_000), offer(3)])
    results = index.search(
        need(value_usd=50_000), weights=Weights(text=0.1, sdg=0, geography=0, value=1)
    )
    assert ids(results) == [1, 3, 2]
    assert component(results[0], "value").reason == (
        "value 40,000 USD against 50,000 USD (similar scale)"
    )
    assert component(results[1], "value").reason == "value unknown on one side (neutral)"
    assert (
        component(results[2], "value").reason
        == "value 4,000,000 USD against 50,000 USD (80 times apart)"
    )


def test_contributions_add_up_to_the_score_and_are_weight_times_value():
    index = MatchIndex([offer(1, sdgs=frozenset({3, 9}), value_usd=10_000)])
    (match,) = index.search(need(sdgs=frozenset({3}), value_usd=20_000))
    assert [c.name for c in match.components] == ["text", "sdg", "geography", "value"]
    assert match.score == pytest.approx(sum(c.contribution for c in match.components))
    for c in match.components:
        assert c.contribution == pytest.approx(c.weight * c.value)
        assert 0.0 <= c.value <= 1.0


def test_reasons_name_the_shared_words_phrases_and_sdgs():
    index = MatchIndex(
        [
            offer(
                1,
                "Vaccines in Kenya need solar refrigerators and a cold chain",
                sdgs=frozenset({3, 17}),
            )
        ]
    )
    (match,) = index.search(need("We want a cold chain for vaccines", sdgs=frozenset({3})))
    text_reason = component(match, "text").reason
    assert text_reason.startswith("shared words: ")
    assert '"cold chain"' in text_reason
    assert '"vaccines"' in text_reason
    assert '"want"' not in text_reason  # a query word the offer lacks
    assert component(match, "sdg").reason == "SDGs in common: 3"


def test_reasons_say_when_nothing_is_shared():
    index = MatchIndex([offer(1, "laptops", sdgs=frozenset({3}))])
    (match,) = index.search(need("vaccines", sdgs=frozenset({3, 4})))
    assert component(match, "text").reason == "no words in common"
    index = MatchIndex([offer(1, "vaccines")])
    (match,) = index.search(need("vaccines"))
    assert component(match, "sdg").reason == "no SDGs declared on one side"


def test_sdg_overlap_lifts_an_otherwise_weaker_text_match():
    index = MatchIndex(
        [
            offer(1, "cold chain vaccines", sdgs=frozenset({9})),
            offer(2, "vaccines for children", sdgs=frozenset({3})),
        ]
    )
    query = need(sdgs=frozenset({3}))
    assert ids(index.search(query, weights=TEXT_ONLY)) == [1, 2]
    assert ids(index.search(query, weights=Weights(text=0.5, sdg=0.5))) == [2, 1]
