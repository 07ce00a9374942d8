from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = reverse("organisations:similar")


def test_anonymous_is_sent_to_sign_in(client, organisation):
    response = client.get(URL, {"legal_name": "Trucks for Good"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("role", ["plain_user", "company_rep", "focal_point"])
def test_it_lists_possible_duplicates_with_links_and_reasons(as_role, organisation, role):
    _user, client = as_role(role)
    response = client.get(URL, {"legal_name": "Trucks-for-Good"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Possible duplicates" in response.text
    assert organisation.get_absolute_url() in response.text
    assert "same name after removing legal form" in response.text


def test_it_names_the_other_name_that_matched(as_role):
    OrganisationFactory(legal_name="Kenya Freight Holdings", other_names=["Siemens Kenya"])
    _user, client = as_role("plain_user")
    text = client.get(URL, {"legal_name": "Siemens Kenya Ltd"}).text
    assert "Kenya Freight Holdings" in text
    assert "also known as “Siemens Kenya”" in text


@pytest.mark.parametrize(
    "legal_name", ["", "Tr", "Completely Unrelated Bakery", "x" * 5000, "\x00\x00\x00"]
)
def test_it_is_empty_when_nothing_matches(as_role, organisation, legal_name):
    _user, client = as_role("plain_user")
    response = client.get(URL, {"legal_name": legal_name})
    assert response.status_code == 200
    assert "Possible duplicates" not in response.text
