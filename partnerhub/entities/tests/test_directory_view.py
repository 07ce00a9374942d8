"""The directory page: /entities/."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.entities.tests.factories import UNEntityFactory

pytestmark = pytest.mark.django_db
URL = reverse("entities:directory")


@pytest.fixture
def chart(db):
    return {
        "wfp": UNEntityFactory(
            acronym="WFP",
            name="World Food Programme",
            description="Food assistance in emergencies.",
            sdgs=[2, 17],
        ),
        "dco": UNEntityFactory(
            acronym="DCO",
            name="Development Coordination Office",
            aliases=["RCS"],
            category="",
            principal_organ="Secretariat",
        ),
        "who": UNEntityFactory(
            acronym="WHO",
            name="World Health Organization",
            category="",
            principal_organ="Specialized Agencies",
            mandate="Directs and coordinates international HEALTH work.",
            sdgs=[3],
        ),
        "unsoh": UNEntityFactory(
            acronym="UNSOH",
            name="Support Office",
            category="Special Political Missions",
            principal_organ="General Assembly; Security Council",
        ),
    }


def _acronyms(response):
    return [entity.acronym for entity in response.context["page_obj"].object_list]


def test_it_lists_entities_with_their_sdg_badges(client, chart):
    response = client.get(URL)
    assert response.status_code == 200
    assert _acronyms(response) == ["DCO", "UNSOH", "WFP", "WHO"]
    content = response.content.decode()
    assert "4 entities found" in content
    assert 'class="sdg-badge' in content
    assert "Goal 17. Strengthen the means of implementation" in content
    assert chart["wfp"].get_absolute_url() in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("wfp", ["WFP"]),  # acronym, case-insensitive
        ("food PROGRAMME", ["WFP"]),  # name
        ("rcs", ["DCO"]),  # alias
        ("emergencies", ["WFP"]),  # description
        ("health work", ["WHO"]),  # mandate
    ],
)
def test_search_covers_acronym_name_aliases_description_and_mandate(client, chart, query, expected):
    assert _acronyms(client.get(URL, {"q": query})) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"category": "Funds and Programmes"}, ["WFP"]),
        ({"principal_organ": "Specialized Agencies"}, ["WHO"]),
        ({"principal_organ": "Security Council"}, ["UNSOH"]),
        ({"principal_organ": "General Assembly"}, ["UNSOH", "WFP"]),
        ({"sdg": "2"}, ["WFP"]),
        ({"sdg": "2", "q": "health"}, []),
    ],
)
def test_filters(client, chart, params, expected):
    assert _acronyms(client.get(URL, params)) == expected


def test_filter_choices_come_from_the_data(client, chart):
    form = client.get(URL).context["filter"].form
    assert ("Funds and Programmes", "Funds and Programmes") in form.fields["category"].choices
    organs = [value for value, _label in form.fields["principal_organ"].choices]
    assert organs == [
        "",
        "General Assembly",
        "Secretariat",
        "Security Council",
        "Specialized Agencies",
    ]
    assert "2. Zero hunger" in client.get(URL).content.decode()  # short titles in the select


@pytest.mark.parametrize(
    "params",
    [{"sdg": "99"}, {"sdg": "abc"}, {"category": "nonsense"}, {"principal_organ": "<script>"}],
)
def test_unknown_filter_values_are_ignored_with_a_message(client, chart, params):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert "Some filters were not understood and have been ignored" in response.content.decode()
    assert len(_acronyms(response)) == 4
    assert b"<script>" not in response.content


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", ""])
def test_bad_page_numbers_still_show_a_page(client, chart, page):
    response = client.get(URL, {"page": page})
    assert response.status_code == 200
    assert _acronyms(response)


def test_an_overlong_search_is_ignored_with_a_message(client, chart):
    response = client.get(URL, {"q": "x" * 500})
    assert response.status_code == 200
    assert "Some filters were not understood" in response.content.decode()


def test_empty_state(client, chart):
    response = client.get(URL, {"q": "no such entity anywhere"})
    content = response.content.decode()
    assert "0 entities found" in content
    assert "No UN entity matches this search." in content


def test_pagination_keeps_the_filters(client, settings):
    settings.PAGE_SIZE = 2
    for number in range(5):
        UNEntityFactory(acronym=f"FP{number}", category="Funds and Programmes")
    UNEntityFactory(acronym="OTHER", category="Other Entities")
    response = client.get(URL, {"category": "Funds and Programmes"})
    assert _acronyms(response) == ["FP0", "FP1"]
    assert "page=2" in response.content.decode()
    assert "category=Funds+and+Programmes" in response.content.decode()
    second = client.get(URL, {"category": "Funds and Programmes", "page": "3"})
    assert _acronyms(second) == ["FP4"]


def test_htmx_requests_get_only_the_results(client, chart):
    response = client.get(URL, {"q": "wfp"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "<html" not in content
    assert "1 entity found" in content
    assert "HX-Request" in response["Vary"]


def test_an_htmx_history_restore_gets_the_whole_page(client, chart):
    response = client.get(URL, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in response.content.decode()


def test_the_page_works_without_javascript_and_is_labelled(client, chart):
    content = client.get(URL).content.decode()
    assert f'action="{URL}"' in content
    assert 'method="get"' in content
    assert 'hx-target="#entity-results"' in content
    assert 'id="entity-results" aria-live="polite"' in content
    for field in ["q", "category", "principal_organ", "sdg"]:
        assert f'for="id_{field}"' in content


@pytest.mark.parametrize("role", ["anonymous", "company_rep", "focal_point"])
def test_everyone_can_read_the_directory(as_role, chart, role):
    _user, client = as_role(role)
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, settings, rows):
    settings.PAGE_SIZE = 50
    for number in range(rows):
        UNEntityFactory(acronym=f"E{number:02}", sdgs=[2, 3], countries=["KE"])
    # count, page rows, their SDGs, category and organ choices, SDG choice check and options
    with django_assert_max_num_queries(7):
        response = client.get(URL, {"sdg": "2"})
    assert len(_acronyms(response)) == rows
