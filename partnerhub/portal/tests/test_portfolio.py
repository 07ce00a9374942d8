from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

HIDDEN = ("confidential", "proposed", "draft")


def titles(response):
    return [p.title for p in response.context["page_obj"]]


def test_anonymous_visitors_see_only_signed_public_partnerships(client, portfolio):
    response = client.get("/portfolio/")
    assert response.status_code == 200
    assert titles(response) == ["Hibiscus farmers training", "Vaccine cold chain"]
    body = response.content.decode()
    for key in HIDDEN:
        assert portfolio[key].title not in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=current", ["Hibiscus farmers training"]),
        ("state=past", ["Vaccine cold chain"]),
        ("country=SD", ["Hibiscus farmers training"]),
        ("country=KE", ["Vaccine cold chain"]),
        ("sdg=3", ["Vaccine cold chain"]),
        ("entity=wfp", ["Hibiscus farmers training"]),
        ("entity=unhcr", ["Vaccine cold chain"]),
        ("year=2025", ["Hibiscus farmers training"]),
        ("year=2023", ["Vaccine cold chain"]),
        ("year=2024", []),
        ("region=002", ["Hibiscus farmers training", "Vaccine cold chain"]),
        ("region=142", []),
    ],
)
def test_filters(client, portfolio, query, expected):
    response = client.get(f"/portfolio/?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_entity_filter_includes_participating_entities(client, portfolio, other_entity):
    portfolio["current"].participating_entities.add(other_entity)
    response = client.get("/portfolio/?entity=unhcr")
    assert titles(response) == ["Hibiscus farmers training", "Vaccine cold chain"]


def test_bad_filter_values_are_reported_and_ignored(client, portfolio):
    response = client.get("/portfolio/?year=abc&entity=nobody&state=future&sdg=99")
    assert response.status_code == 200
    assert len(titles(response)) == 2
    body = response.content.decode()
    assert "Some filters were not understood" in body


def test_empty_result_says_so(client, portfolio):
    response = client.get("/portfolio/?year=1999")
    assert "No public partnership matches this search." in response.content.decode()


def test_htmx_request_gets_only_the_results(client, portfolio):
    response = client.get("/portfolio/?state=past", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Vaccine cold chain" in body
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]


def test_country_choices_are_those_of_public_partnerships(client, portfolio):
    response = client.get("/portfolio/")
    choices = [value for value, _label in response.context["filter"].form.fields["country"].choices]
    codes = {str(value) for value in choices if value}
    assert codes == {"SD", "KE"}


def test_pagination(client, portfolio, settings):
    settings.PAGE_SIZE = 1
    first = client.get("/portfolio/")
    second = client.get("/portfolio/?page=2")
    beyond = client.get("/portfolio/?page=99")
    assert titles(first) == ["Hibiscus farmers training"]
    assert titles(second) == ["Vaccine cold chain"]
    assert beyond.status_code == 200 and titles(beyond) == ["Vaccine cold chain"]


def test_arabic_page_is_right_to_left(client, portfolio):
    client.cookies["django_language"] = "ar"
    response = client.get("/portfolio/")
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


@pytest.fixture
def indexed_portfolio(portfolio, search_indexing):
    from partnerhub.search.services import index_object

    with search_indexing():
        for partnership in portfolio.values():
            index_object(partnership)
    return portfolio


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hibiscus", ["Hibiscus farmers training"]),
        ("Kordofan women", ["Hibiscus farmers training"]),
        ("vaccine", ["Vaccine cold chain"]),
        # Never the confidential, proposed or draft partnerships, whatever the words.
        ("secondment", []),
        ("solar kiosks", []),
        ("water project", []),
    ],
)
def test_full_text_search(client, indexed_portfolio, query, expected):
    response = client.get("/portfolio/", {"q": query})
    assert response.status_code == 200
    assert titles(response) == expected


def test_search_marks_the_words_found(client, indexed_portfolio):
    body = client.get("/portfolio/", {"q": "Kordofan"}).content.decode()
    assert "<mark>Kordofan</mark>" in body
    assert "most relevant first" in body


def test_hostile_search_input_never_breaks_the_page(client, indexed_portfolio):
    for query in ['"', "*", "NEAR(", "a OR", "(((", "-", "'; DROP TABLE", "\\", "%", "‏"]:
        assert client.get("/portfolio/", {"q": query}).status_code == 200


def test_search_and_filters_combine(client, indexed_portfolio):
    response = client.get("/portfolio/", {"q": "training", "state": "past"})
    assert titles(response) == []
    response = client.get("/portfolio/", {"q": "training", "country": "SD"})
    assert titles(response) == ["Hibiscus farmers training"]


def test_arabic_page_has_arabic_sdg_choices_and_isolates_english_text(client, portfolio):
    client.cookies["django_language"] = "ar"
    body = client.get("/portfolio/").content.decode()
    assert "1. القضاء على الفقر" in body
    assert 'dir="auto"' in body  # English titles keep their own direction in RTL
