from __future__ import annotations

import factory
import pytest
from django.test import override_settings
from django.urls import reverse

from partnerhub.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = reverse("organisations:list")


@pytest.fixture
def directory():
    return [
        OrganisationFactory(legal_name="Nestlé S.A.", country_id="CH", sector="C"),
        OrganisationFactory(
            legal_name="Trucks for Good Ltd",
            other_names=["TFG Logistics"],
            country_id="KE",
            sector="H",
            global_compact_status="active",
        ),
        OrganisationFactory(legal_name="Safaricom Foundation", country_id="KE", kind="foundation"),
    ]


@pytest.mark.parametrize("role", ["anonymous", "plain_user", "focal_point", "admin"])
def test_it_is_public(as_role, directory, role):
    _user, client = as_role(role)
    response = client.get(URL)
    assert response.status_code == 200
    assert "3 organisations" in response.text
    for organisation in directory:
        assert organisation.get_absolute_url() in response.text


def test_it_offers_registration_to_signed_in_users(as_role):
    _user, client = as_role("plain_user")
    assert reverse("organisations:create") in client.get(URL).text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=nestle", ["Nestlé S.A."]),
        ("q=TFG", ["Trucks for Good Ltd"]),
        ("country=KE", ["Safaricom Foundation", "Trucks for Good Ltd"]),
        ("country=KE&kind=foundation", ["Safaricom Foundation"]),
        ("sector=H", ["Trucks for Good Ltd"]),
        ("gc_status=active", ["Trucks for Good Ltd"]),
    ],
)
def test_it_searches_and_filters(client, directory, query, expected):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert [o.legal_name for o in response.context["page_obj"]] == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("country=ZZ", "There is no country with the code “ZZ”"),
        ("kind=x", "“x” is not a kind of organisation."),
        ("sector=ZZ", "is not an ISIC section letter"),
        ("gc_status=great", "“great” is not a Global Compact status."),
        ("q=" + "x" * 400, "Search names"),
    ],
)
def test_bad_filter_values_are_ignored_with_a_message(client, directory, query, message):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert "Some filters were ignored" in response.text
    assert message in response.text
    assert response.context["page_obj"].paginator.count == 3


def test_bad_filters_do_not_stop_the_good_ones(client, directory):
    response = client.get(f"{URL}?country=ZZ&kind=foundation")
    assert [o.legal_name for o in response.context["page_obj"]] == ["Safaricom Foundation"]


@pytest.mark.parametrize("query", ["q=%00abc", "country=%00", "kind=%00", "q=%25_%25"])
def test_odd_characters_are_harmless(client, directory, query):
    assert client.get(f"{URL}?{query}").status_code == 200


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1.5", ""])
def test_bad_page_numbers_show_a_page(client, directory, page):
    response = client.get(f"{URL}?page={page}")
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) > 0


@override_settings(PAGE_SIZE=2)
def test_it_paginates_and_keeps_filters_in_page_links(client, directory):
    OrganisationFactory(legal_name="Another Kenyan Firm", country_id="KE")
    response = client.get(f"{URL}?country=KE")
    assert "Page 1 of 2" in response.text
    assert "?country=KE&amp;page=2" in response.text
    second = client.get(f"{URL}?country=KE&page=2")
    assert [o.legal_name for o in second.context["page_obj"]] == ["Trucks for Good Ltd"]


def test_it_shows_an_empty_state(client, directory):
    response = client.get(f"{URL}?q=nothing+like+this")
    assert "0 organisations" in response.text
    assert "No organisation matches your search." in response.text


def test_htmx_requests_get_only_the_results(client, directory):
    response = client.get(
        f"{URL}?q=nestle", headers={"HX-Request": "true", "HX-Target": "organisation-results"}
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "1 organisation" in response.text
    assert "HX-Request" in response["Vary"]


def test_other_htmx_requests_get_the_whole_page(client, directory):
    response = client.get(URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in response.text


def test_the_page_works_without_javascript(client, directory):
    """The filter form is a plain GET form with a submit button; htmx only enhances it."""
    text = client.get(URL).text
    assert f'<form method="get" action="{URL}"' in text
    assert 'type="submit"' in text
    assert 'id="organisation-results" aria-live="polite"' in text


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("role", ["anonymous", "focal_point"])
def test_query_count_does_not_grow_with_rows(as_role, django_assert_max_num_queries, rows, role):
    OrganisationFactory.create_batch(
        rows,
        legal_name=factory.Sequence(lambda n: f"Company {n}"),
        other_names=["Alias"],
        sector="C",
        global_compact_status="active",
    )
    _user, client = as_role(role)
    # Count, page of rows (with countries), country options; signed in: session, user, roles,
    # unread notifications.
    with django_assert_max_num_queries(3 if role == "anonymous" else 7):
        response = client.get(f"{URL}?sector=C")
    assert response.status_code == 200
