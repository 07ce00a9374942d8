"""The partnership-profile form: /entities/<slug>/edit/."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import ALL_ROLES
from partnerhub.core.models import AuditEvent
from partnerhub.entities.services import PROFILE_TEXT_MAX_CHARS

pytestmark = pytest.mark.django_db
URL = reverse("entities:edit", kwargs={"slug": "wfp"})
ALLOWED = ["focal_point", "coordinator", "admin"]
DENIED_SIGNED_IN = [r for r in ALL_ROLES if r not in [*ALLOWED, "anonymous"]] + [
    "other_focal_point"
]
VALID = {
    "mandate": "Ending hunger.",
    "how_to_partner": "Logistics partnerships.",
    "partnership_email": "partnerships@wfp.example",
    "sdgs": ["2", "17"],
    "countries": ["KE", "SD"],
}


@pytest.mark.parametrize("role", ALLOWED)
def test_allowed_roles_see_the_form(as_role, entity, role):
    _user, client = as_role(role)
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<legend" in content  # the SDG checkboxes are a labelled group
    for field in ["mandate", "how_to_partner", "partnership_email", "countries"]:
        assert f'for="id_{field}"' in content
    assert 'for="id_sdgs_0"' in content


@pytest.mark.parametrize("role", ALLOWED)
def test_allowed_roles_save_the_profile(as_role, entity, role):
    user, client = as_role(role)
    response = client.post(URL, VALID)
    assert response.status_code == 302
    assert response["Location"] == entity.get_absolute_url()
    entity.refresh_from_db()
    assert entity.mandate == "Ending hunger."
    assert sorted(entity.sdgs.values_list("number", flat=True)) == [2, 17]
    assert sorted(entity.countries.values_list("iso2", flat=True)) == ["KE", "SD"]
    event = AuditEvent.objects.get(verb="entity.profile_updated")
    assert event.actor == user
    assert entity.history.first().history_user == user
    assert "Partnership profile saved." in client.get(response["Location"]).content.decode()


def test_the_form_starts_from_the_current_profile(as_role, entity):
    entity.mandate = "Current words."
    entity.save()
    entity.sdgs.set([2])
    _user, client = as_role("focal_point")
    content = client.get(URL).content.decode()
    assert "Current words." in content
    assert 'value="2" class="form-check-input" id="id_sdgs_1" checked>' in content
    assert 'value="17" class="form-check-input" id="id_sdgs_16">' in content


@pytest.mark.parametrize("role", DENIED_SIGNED_IN)
def test_other_signed_in_roles_are_refused(as_role, entity, role):
    _user, client = as_role(role)
    assert client.get(URL).status_code == 403
    assert client.post(URL, VALID).status_code == 403
    entity.refresh_from_db()
    assert entity.mandate == ""


def test_anonymous_visitors_are_sent_to_sign_in(client, entity):
    for response in (client.get(URL), client.post(URL, VALID)):
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    entity.refresh_from_db()
    assert entity.mandate == ""


def test_an_oversized_mandate_is_a_form_error(as_role, entity):
    _user, client = as_role("focal_point")
    response = client.post(URL, {**VALID, "mandate": "x" * (PROFILE_TEXT_MAX_CHARS + 1)})
    assert response.status_code == 200
    assert "Ensure this value has at most 10000 characters" in response.content.decode()
    entity.refresh_from_db()
    assert entity.mandate == ""
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("sdgs", ["99"]), ("countries", ["XX"]), ("partnership_email", "not-an-address")],
)
def test_invalid_values_are_form_errors(as_role, entity, field, value):
    _user, client = as_role("focal_point")
    response = client.post(URL, {**VALID, field: value})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not AuditEvent.objects.exists()


def test_saving_without_changes_says_so(as_role, entity):
    _user, client = as_role("focal_point")
    client.post(URL, VALID)
    response = client.post(URL, VALID, follow=True)
    assert "Nothing changed." in response.content.decode()
    assert AuditEvent.objects.filter(verb="entity.profile_updated").count() == 1


def test_an_unknown_entity_is_a_404(as_role, entity):
    _user, client = as_role("admin")
    assert client.get(reverse("entities:edit", kwargs={"slug": "nope"})).status_code == 404
