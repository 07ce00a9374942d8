"""Saved searches: /marketplace/saved-searches/ and saving from the list pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.marketplace.models import SavedSearch
from partnerhub.marketplace.tests.factories import SavedSearchFactory

pytestmark = pytest.mark.django_db
LIST = reverse("marketplace:saved_searches")
CREATE = reverse("marketplace:saved_search_create")


def test_anonymous_is_sent_to_sign_in(client, db):
    assert client.get(LIST).status_code == 302
    assert client.post(CREATE, {"kind": "needs", "name": "x"}).status_code == 302


def test_a_user_sees_only_their_searches_with_links_back(as_role, company_rep, focal_point):
    SavedSearchFactory(
        user=company_rep, name="Kenyan trucks", query={"q": "trucks", "country": "KE"}
    )
    SavedSearchFactory(user=focal_point, name="Not mine")
    _user, client = as_role("company_rep")
    content = client.get(LIST).content.decode()
    assert "Kenyan trucks" in content
    assert "Not mine" not in content
    assert reverse("marketplace:need_list") + "?q=trucks&amp;country=KE" in content


def test_saving_a_needs_search_keeps_only_filter_parameters(as_role, company_rep):
    _user, client = as_role("company_rep")
    response = client.post(
        CREATE,
        {
            "kind": "needs",
            "name": "Food",
            "alerts": "on",
            "q": "food",
            "sdg": "2",
            "page": "3",
            "evil": "x",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("marketplace:need_list") + "?")
    search = SavedSearch.objects.get()
    assert (search.user, search.kind, search.query, search.alerts) == (
        company_rep,
        "needs",
        {"q": "food", "sdg": "2"},
        True,
    )


def test_saving_an_offers_search(as_role):
    _user, client = as_role("focal_point")
    client.post(CREATE, {"kind": "offers", "name": "Trucks", "q": "trucks"})
    assert SavedSearch.objects.get().kind == "offers"


def test_people_without_a_role_cannot_save_offer_searches(as_role):
    _user, client = as_role("plain_user")
    assert client.post(CREATE, {"kind": "offers", "name": "Trucks"}).status_code == 403
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "Give the search a name"),
        ({"name": "x" * 121}, "Give the search a name"),
        ({"name": "Bad", "sdg": "99"}, "filters that were not understood"),
    ],
)
def test_bad_searches_are_refused_with_a_message(as_role, data, message):
    _user, client = as_role("company_rep")
    response = client.post(CREATE, {"kind": "needs", **data}, follow=True)
    assert message in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_a_duplicate_name_is_explained(as_role, company_rep):
    SavedSearchFactory(user=company_rep, name="Food")
    _user, client = as_role("company_rep")
    response = client.post(CREATE, {"kind": "needs", "name": "Food"}, follow=True)
    assert "You already have a search with this name." in response.content.decode()


def test_toggling_alerts_and_deleting(as_role, company_rep):
    search = SavedSearchFactory(user=company_rep, alerts=True)
    _user, client = as_role("company_rep")
    client.post(reverse("marketplace:saved_search_alerts", args=[search.pk]), {})
    search.refresh_from_db()
    assert search.alerts is False
    client.post(reverse("marketplace:saved_search_alerts", args=[search.pk]), {"alerts": "on"})
    search.refresh_from_db()
    assert search.alerts is True
    response = client.post(
        reverse("marketplace:saved_search_delete", args=[search.pk]), follow=True
    )
    assert "deleted" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_someone_elses_search_does_not_exist(as_role, focal_point):
    search = SavedSearchFactory(user=focal_point)
    _user, client = as_role("company_rep")
    assert (
        client.post(reverse("marketplace:saved_search_alerts", args=[search.pk])).status_code == 404
    )
    assert (
        client.post(reverse("marketplace:saved_search_delete", args=[search.pk])).status_code == 404
    )
    assert SavedSearch.objects.filter(pk=search.pk, alerts=True).exists()


def test_changes_are_post_only(as_role, company_rep):
    search = SavedSearchFactory(user=company_rep)
    _user, client = as_role("company_rep")
    assert (
        client.get(reverse("marketplace:saved_search_delete", args=[search.pk])).status_code == 405
    )
    assert client.get(CREATE).status_code == 405


@pytest.mark.parametrize("rows", [1, 50])
def test_query_count_does_not_grow_with_rows(
    as_role, company_rep, rows, django_assert_max_num_queries
):
    SavedSearchFactory.create_batch(rows, user=company_rep)
    _user, client = as_role("company_rep")
    with django_assert_max_num_queries(8):
        assert client.get(LIST).status_code == 200
