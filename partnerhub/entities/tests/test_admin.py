"""The Django admin for UN entities."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    user = UserFactory(email="root@un.example", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def test_the_changelist_searches_and_filters(superuser_client, entity):
    url = reverse("admin:entities_unentity_changelist")
    response = superuser_client.get(url, {"q": "food", "category": "Funds and Programmes"})
    assert response.status_code == 200
    assert b"WFP" in response.content


def test_the_history_page_works(superuser_client, entity):
    url = reverse("admin:entities_unentity_history", args=[entity.pk])
    assert superuser_client.get(url).status_code == 200


def test_non_staff_cannot_use_the_admin(as_role, entity):
    _user, client = as_role("focal_point")
    response = client.get(reverse("admin:entities_unentity_changelist"))
    assert response.status_code == 302


def test_a_profile_edit_in_the_admin_protects_it_from_the_importer(superuser_client, entity):
    url = reverse("admin:entities_unentity_change", args=[entity.pk])
    assert superuser_client.get(url).status_code == 200
    data = {
        "acronym": "WFP",
        "slug": "wfp",
        "name": "World Food Programme",
        "aliases": "[]",
        "links": "{}",
        "mandate": "Edited in the admin.",
        "sdgs": ["2"],
    }
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entity.refresh_from_db()
    assert entity.mandate == "Edited in the admin."
    assert entity.profile_edited_at is not None
