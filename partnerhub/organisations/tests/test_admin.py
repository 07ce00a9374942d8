from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from partnerhub.accounts.tests.factories import UserFactory
from partnerhub.core.models import AuditEvent
from partnerhub.organisations.models import OrganisationNameKey

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client():
    client = Client()
    client.force_login(UserFactory(email="root@un.example", is_staff=True, is_superuser=True))
    return client


def test_the_changelist_loads_and_searches(superuser_client, organisation):
    url = reverse("admin:organisations_organisation_changelist")
    response = superuser_client.get(url, {"q": "trucks"})
    assert response.status_code == 200
    assert "Trucks for Good Ltd" in response.text


def test_saving_in_the_admin_reindexes_names_and_audits(superuser_client, organisation):
    url = reverse("admin:organisations_organisation_change", args=[organisation.pk])
    response = superuser_client.post(
        url,
        {
            "legal_name": "Lorries for Good Ltd",
            "other_names": "[]",
            "kind": "company",
            "country": "KE",
            "global_compact_status": "not_participant",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation.refresh_from_db()
    assert organisation.normalised_name == "lorries for good"
    assert "lorr" in set(OrganisationNameKey.objects.values_list("key", flat=True))
    event = AuditEvent.objects.get(verb="organisation.changed_in_admin")
    assert "legal_name" in event.details["changed_fields"]


def test_staff_without_django_permissions_are_refused(organisation, as_role):
    user, client = as_role("coordinator")
    user.is_staff = True
    user.save()
    url = reverse("admin:organisations_organisation_change", args=[organisation.pk])
    assert client.get(url).status_code == 403


def test_other_names_must_be_a_list_of_texts(superuser_client, organisation):
    url = reverse("admin:organisations_organisation_change", args=[organisation.pk])
    response = superuser_client.post(
        url,
        {
            "legal_name": "Trucks for Good Ltd",
            "other_names": '"TFG"',
            "kind": "company",
            "country": "KE",
            "global_compact_status": "not_participant",
        },
    )
    assert response.status_code == 200
    assert "other_names" in response.context["adminform"].form.errors
