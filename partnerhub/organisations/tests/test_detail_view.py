from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.accounts.models import Role
from partnerhub.accounts.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

UN_STAFF = [
    "focal_point",
    "screening_officer",
    "legal_officer",
    "me_officer",
    "country_coordinator",
    "coordinator",
    "admin",
]
NOT_UN_STAFF = ["anonymous", "plain_user", "company_rep"]
CAN_EDIT = ["company_rep", "coordinator", "admin"]


@pytest.fixture
def representative(organisation):
    user = UserFactory(email="zeb@trucks.example", full_name="Zebedee Mwangi")
    MembershipFactory(user=user, role=Role.COMPANY_REP, organisation=organisation)
    return user


def test_it_shows_the_profile(client, organisation):
    organisation.description = "We move food."
    organisation.website = "https://trucks.example"
    organisation.save()
    response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    assert "<h1" in response.text
    assert "Trucks for Good Ltd" in response.text
    assert "We move food." in response.text
    assert "Kenya" in response.text
    assert 'href="https://trucks.example"' in response.text


def test_an_unknown_organisation_is_a_404(client):
    assert client.get(reverse("organisations:detail", kwargs={"pk": 999999})).status_code == 404


@pytest.mark.parametrize("role", CAN_EDIT)
def test_the_edit_link_shows_to_those_who_may_edit(as_role, organisation, role):
    _user, client = as_role(role)
    text = client.get(organisation.get_absolute_url()).text
    assert reverse("organisations:edit", kwargs={"pk": organisation.pk}) in text


@pytest.mark.parametrize("role", sorted(set(UN_STAFF + NOT_UN_STAFF) - set(CAN_EDIT)))
def test_the_edit_link_is_hidden_from_others(as_role, organisation, role):
    _user, client = as_role(role)
    text = client.get(organisation.get_absolute_url()).text
    assert reverse("organisations:edit", kwargs={"pk": organisation.pk}) not in text


@pytest.mark.parametrize("role", UN_STAFF)
def test_un_staff_see_the_audit_link_and_the_representatives(
    as_role, organisation, representative, role
):
    _user, client = as_role(role)
    text = client.get(organisation.get_absolute_url()).text
    assert (
        reverse("core:audit_trail", args=["organisations", "organisation", organisation.pk]) in text
    )
    assert "Representatives" in text
    assert "Zebedee Mwangi" in text


@pytest.mark.parametrize("role", NOT_UN_STAFF)
def test_others_see_neither_audit_link_nor_representatives(
    as_role, organisation, representative, role
):
    _user, client = as_role(role)
    text = client.get(organisation.get_absolute_url()).text
    assert "/audit/" not in text
    assert "Representatives" not in text
    assert "Zebedee Mwangi" not in text
    assert "zeb@trucks.example" not in text
