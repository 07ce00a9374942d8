"""The public /search/ page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.partnerships.models import Partnership
from partnerhub.partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

URL = reverse("search:search")
ACTIVE = Partnership.Status.ACTIVE


@pytest.fixture
def partnerships(indexing, entity):
    with indexing():
        PartnershipFactory(
            title="Water for Kordofan",
            summary="Boreholes <b>and</b> pumps.",
            status=ACTIVE,
            lead_entity=entity,
        )
        PartnershipFactory(
            title="مياه الشرب", summary="توفير المِيَاهِ النظيفة", status=ACTIVE, lead_entity=entity
        )
        PartnershipFactory(
            title="Secret water", status=ACTIVE, lead_entity=entity, confidentiality="un_only"
        )


@pytest.mark.parametrize("role", ["anonymous", "company_rep", "focal_point"])
def test_it_shows_highlighted_public_results_to_everyone(as_role, role, partnerships):
    _user, client = as_role(role)
    response = client.get(URL, {"q": "kordofan"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 result for “kordofan”" in page
    assert "Water for <mark>Kordofan</mark>" in page
    assert "Boreholes &lt;b&gt;and&lt;/b&gt; pumps." in page


def test_it_never_shows_un_only_partnerships(client, partnerships):
    page = client.get(URL, {"q": "water"}).content.decode()
    assert "Secret" not in page
    assert "1 result for “water”" in page


def test_an_empty_query_asks_for_a_word(client, partnerships):
    for params in ({}, {"q": ""}, {"q": " ?!* "}):
        response = client.get(URL, params)
        assert response.status_code == 200
        assert 'id="search-hint"' in response.content.decode()


def test_no_match_says_so(client, partnerships):
    page = client.get(URL, {"q": "zebra"}).content.decode()
    assert "0 results for “zebra”" in page
    assert "Nothing matches every word you typed" in page


@pytest.mark.parametrize(
    "q",
    [
        '"',
        '"water',
        "water*",
        "-water",
        "NEAR(water, 2)",
        "(a OR",
        "<script>alert(1)</script>",
        "a" * 500,
        "x\x00y",
        "' OR 1=1 --",
    ],
)
def test_hostile_input_is_answered_without_error(client, partnerships, q):
    response = client.get(URL, {"q": q, "kind": "partnership", "page": "-1"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_an_unknown_kind_is_a_form_error(client, partnerships):
    response = client.get(URL, {"q": "water", "kind": "nonsense"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_the_kind_tabs_filter_and_keep_the_query(client, partnerships, indexing):
    from partnerhub.knowledge.tests.factories import LessonFactory

    with indexing():
        LessonFactory(title="Water prices", text="Contract early.")
    page = client.get(URL, {"q": "water"}).content.decode()
    assert "2 results for “water”" in page
    assert "?q=water&amp;kind=lesson&amp;page=" in page
    only_lessons = client.get(URL, {"q": "water", "kind": "lesson"}).content.decode()
    assert "1 result for “water”" in only_lessons
    assert "<mark>Water</mark> prices" in only_lessons and "Kordofan" not in only_lessons


def test_arabic_results_in_the_arabic_interface(client, partnerships):
    client.cookies["django_language"] = "ar"
    response = client.get(URL, {"q": "مياه"}, HTTP_ACCEPT_LANGUAGE="ar")
    page = response.content.decode()
    assert 'dir="rtl"' in page
    assert "<mark>مياه</mark> الشرب" in page
    assert "<mark>المِيَاهِ</mark> النظيفة" in page


def test_it_pages_results(client, indexing, entity, settings):
    settings.PAGE_SIZE = 2
    with indexing():
        for n in range(5):
            PartnershipFactory(title=f"Solar pump {n}", status=ACTIVE, lead_entity=entity)
    first = client.get(URL, {"q": "solar"}).content.decode()
    assert "5 results" in first and "Page 1 of 3" in first
    last = client.get(URL, {"q": "solar", "page": "3"}).content.decode()
    assert last.count("<mark>Solar</mark> pump") == 1


@pytest.mark.parametrize("rows", [1, 50])
def test_query_count(client, indexing, entity, rows, django_assert_max_num_queries, settings):
    settings.PAGE_SIZE = 25
    with indexing():
        for n in range(rows):
            PartnershipFactory(title=f"Solar pump {n}", status=ACTIVE, lead_entity=entity)
    from partnerhub.search import registry

    # The rank check, a capped count per kind, the page, its objects (one kind here).
    with django_assert_max_num_queries(len(registry.kinds()) + 3):
        response = client.get(URL, {"q": "solar"})
    assert response.status_code == 200
    assert response.content.decode().count("<mark>Solar</mark> pump") == min(rows, 25)


def test_very_common_words_get_a_capped_count(client, indexing, entity, monkeypatch):
    from partnerhub.search import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    with indexing():
        for n in range(5):
            PartnershipFactory(title=f"Solar pump {n}", status=ACTIVE, lead_entity=entity)
    page = client.get(URL, {"q": "solar"}).content.decode()
    assert "More than 3 results for “solar”" in page
