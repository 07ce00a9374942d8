"""The tokeniser, the query parser and snippets, per language (plain Python, no database)."""

from __future__ import annotations

import pytest

from partnerhub.search import text


def test_it_folds_case_and_latin_accents():
    assert text.normalise("Éducation À L'ÉCOLE niño Straße") == "education a l'ecole nino strasse"


def test_it_folds_full_width_letters_and_ligatures():
    assert text.normalise("ＵＮＤＰ ﬁnance") == "undp finance"


def test_it_folds_cyrillic_yo_and_case():
    assert text.tokens("Ёлка ОБРАЗОВАНИЕ") == ["елка", "образование"]


def test_it_strips_arabic_harakat_tatweel_and_unifies_alef():
    assert text.normalise("المِيَاهُ") == text.normalise("المياه")
    assert text.normalise("مـــاء") == "ماء"
    assert text.normalise("أإآٱ") == "اااا"


def test_it_drops_the_arabic_definite_article():
    assert text.tokens("المياه والتعليم") == ["مياه", "تعليم"]
    # Too short to be an article plus a word: kept whole.
    assert text.tokens("الم") == ["الم"]


def test_it_splits_chinese_runs_into_overlapping_bigrams():
    assert text.tokens("水资源管理") == ["水资", "资源", "源管", "管理"]
    assert text.tokens("水") == ["水"]


def test_index_text_adds_single_ideographs_after_the_stream():
    assert text.index_text("水资源 water") == "水资 资源 water 水 资 源"


def test_index_text_keeps_words_of_every_script():
    indexed = text.index_text(
        "Clean water — eau potable, agua limpia, чистая вода, مياه نظيفة, 清洁水"
    )
    assert indexed.split()[:10] == [
        "clean",
        "water",
        "eau",
        "potable",
        "agua",
        "limpia",
        "чистая",
        "вода",
        "مياه",
        "نظيفه",
    ]
    assert "清洁" in indexed.split() and "洁水" in indexed.split()


def test_query_groups_make_a_chinese_run_one_phrase():
    groups = text.query_groups("水资源 water ")
    assert [g.tokens for g in groups] == [("水资", "资源"), ("water",)]
    assert not any(g.prefix for g in groups)


def test_the_last_word_is_a_prefix_while_typing():
    groups = text.query_groups("clean wat")
    assert groups[-1] == text.QueryGroup(("wat",), prefix=True)
    assert not groups[0].prefix
    assert not text.query_groups("clean wa")[-1].prefix  # too short to be worth it


@pytest.mark.parametrize(
    "hostile",
    [
        '"',
        '"unbalanced',
        "a* -b",
        "NEAR(a b)",
        "(x OR y) AND NOT z",
        "'; DROP TABLE x; --",
        "^$@!",
        "\\",
    ],
)
def test_query_syntax_is_never_passed_through(hostile):
    for token in text.query_terms(hostile):
        assert token.isalnum()
    assert "OR" not in text.query_terms(hostile) and "or" not in text.query_terms(hostile)


@pytest.mark.parametrize("empty", ["", "   ", "!!!", "«»", "— …", "AND OR"])
def test_queries_without_words_give_no_groups(empty):
    assert text.query_groups(empty) == []


def test_queries_are_bounded():
    assert len(text.query_groups(" ".join(f"w{i}" for i in range(100)))) == text.MAX_QUERY_GROUPS


def test_snippet_marks_the_accented_original_for_an_unaccented_query():
    assert (
        text.snippet("L'Éducation pour tous", "education")
        == "L&#x27;<mark>Éducation</mark> pour tous"
    )


def test_snippet_marks_chinese_inside_a_run():
    assert text.snippet("中国的水资源管理项目", "水资源") == "中国的<mark>水资源</mark>管理项目"


def test_snippet_marks_arabic_with_its_harakat_and_article():
    result = text.snippet("توفير المِيَاهِ النظيفة للأطفال", "مياه اطفال")
    assert result == "توفير <mark>المِيَاهِ</mark> النظيفة <mark>للأطفال</mark>"


def test_snippet_marks_russian_and_spanish():
    assert text.snippet("Чистая вода для школ", "вода") == "Чистая <mark>вода</mark> для школ"
    assert text.snippet("Niños y niñas", "ninos") == "<mark>Niños</mark> y niñas"


def test_snippet_marks_prefixes_of_the_last_word():
    assert text.snippet("Watershed management", "wat") == "<mark>Watershed</mark> management"


def test_snippet_escapes_html():
    result = text.snippet("<script>alert(1)</script> water & soap", "water")
    assert "<script>" not in result
    assert result == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>water</mark> &amp; soap"


def test_snippet_cuts_around_the_best_cluster_at_word_boundaries():
    long_text = (
        ("Filler words about nothing in particular. " * 20)
        + "Cold chain for vaccines in Sudan. "
        + ("More filler here. " * 20)
    )
    result = text.snippet(long_text, "vaccines sudan", length=80)
    assert result.startswith("…") and result.endswith("…")
    assert "<mark>vaccines</mark>" in result and "<mark>Sudan</mark>" in result
    assert len(result.replace("<mark>", "").replace("</mark>", "")) <= 82
    inner = result.strip("…")
    assert long_text.find(inner.replace("<mark>", "").replace("</mark>", "")) >= 0


def test_snippet_without_a_match_is_the_start_of_the_text():
    assert text.snippet("One two three four five", "zebra", length=9) == "One two…"


def test_highlight_marks_the_whole_text():
    assert text.highlight("Water for Kordofan", "kordofan") == "Water for <mark>Kordofan</mark>"


@pytest.mark.parametrize(
    "sample, language",
    [
        ("Le programme pour les enfants", "fr"),
        ("El programa para los niños", "es"),
        ("The programme for the children", "en"),
        ("Программа для детей", "ru"),
        ("برنامج للأطفال", "ar"),
        ("儿童方案", "zh"),
        ("12345", ""),
    ],
)
def test_it_guesses_the_language_from_script_and_function_words(sample, language):
    assert text.guess_language(sample) == language
