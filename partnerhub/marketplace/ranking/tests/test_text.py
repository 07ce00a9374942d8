from __future__ import annotations

import math

import pytest

from partnerhub.marketplace.ranking.text import (
    Bm25Index,
    detect_language,
    fold,
    term_counts,
    tokens,
)


def test_it_folds_case_and_accents():
    assert fold("Créer ÉNERGIE Año") == "creer energie ano"


def test_it_drops_stop_words_and_single_letters():
    assert [t.surface for t in tokens("The water and a sanitation of x")] == ["water", "sanitation"]


def test_it_stems_english_plurals_and_verb_forms():
    assert term_counts("vaccines vaccine") == {"vaccin": 2}
    assert tokens("refrigerators")[0].term == tokens("refrigerator")[0].term


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("the vaccines for the children in the region", "english"),
        ("les vaccins pour les enfants dans la région", "french"),
        ("las vacunas para los niños en la región", "spanish"),
    ],
)
def test_it_detects_the_language_from_stop_words(text, language):
    assert detect_language(text.split()) == language


def test_it_stems_french_and_spanish_with_their_own_stemmers():
    assert "vaccin" in term_counts("les vaccins pour les enfants")
    assert "vacun" in term_counts("las vacunas para los niños")
    # Accents are folded after stemming, so accented and unaccented spellings meet.
    assert term_counts("la région") == term_counts("la region")


def test_it_keeps_surface_forms_for_reasons():
    assert [(t.surface, t.term) for t in tokens("Cold-chain equipment")] == [
        ("cold", "cold"),
        ("chain", "chain"),
        ("equipment", "equip"),
    ]


def test_it_splits_chinese_into_character_bigrams():
    assert [t.term for t in tokens("冷链疫苗")] == ["冷链", "链疫", "疫苗"]
    assert [t.term for t in tokens("水 and 5G网络")] == ["水", "5g", "网络"]


def test_it_keeps_arabic_words_unstemmed():
    assert term_counts("سلسلة التبريد للقاحات") == {"سلسلة": 1, "التبريد": 1, "للقاحات": 1}


def test_it_returns_nothing_for_empty_or_punctuation_only_text():
    assert tokens("") == []
    assert term_counts("  -- ... !! ") == {}


def test_bm25_matches_a_hand_computed_example():
    # N = 3, lengths 2, 2, 1 (avgdl 5/3), k1 = 1.2, b = 0.75.
    index = Bm25Index([{"cat": 1, "dog": 1}, {"cat": 2}, {"fish": 1}])
    idf_cat = math.log(1 + (3 - 2 + 0.5) / (2 + 0.5))  # 0.470004
    norm = 1.2 * (1 - 0.75 + 0.75 * 2 / (5 / 3))  # 1.38 for both documents of length 2
    expected = [idf_cat * 1 * 2.2 / (1 + norm), idf_cat * 2 * 2.2 / (2 + norm), 0.0]
    assert index.scores(["cat"]) == pytest.approx(expected)
    assert expected[:2] == pytest.approx([0.434457, 0.611839], abs=1e-6)
    # fish: df 1 -> idf ln(1 + 2.5 / 1.5); document length 1.
    assert index.scores(["fish"])[2] == pytest.approx(0.980829 * 2.2 / (1 + 1.2 * 0.7), abs=1e-6)


def test_bm25_counts_a_repeated_query_word_once_and_ignores_unknown_words():
    index = Bm25Index([{"cat": 1}, {"dog": 1}])
    assert list(index.scores(["cat", "cat", "zebra"])) == list(index.scores(["cat"]))


def test_bm25_term_weight_and_self_scores_agree_with_scores():
    index = Bm25Index([{"cat": 1, "dog": 1}, {"cat": 2}])
    assert index.term_weight("cat", 2, 2) == pytest.approx(index.scores(["cat"])[1])
    assert index.self_scores() == pytest.approx(index.scores(["cat", "dog"]))


def test_bm25_over_no_documents_scores_nothing():
    index = Bm25Index([])
    assert len(index.scores(["cat"])) == 0
    assert len(index.self_scores()) == 0
