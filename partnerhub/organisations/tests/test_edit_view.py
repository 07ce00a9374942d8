from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.core.models import AuditEvent
from partnerhub.organisations.forms import OrganisationForm
from partnerhub.organisations.models import Organisation

pytestmark = pytest.mark.django_db

ALLOWED = ["company_rep", "coordinator", "admin"]
DENIED = [
    "plain_user",
    "focal_point",
    "screening_officer",
    "legal_officer",
    "me_officer",
    "country_coordinator",
]


def url(organisation):
    return reverse("organisations:edit", kwargs={"pk": organisation.pk})


def form_data(organisation, **changes):
    initial = OrganisationForm.initial_for(organisation)
    data = {k: ("" if v is None else v) for k, v in initial.items()}
    data.update(changes)
    return data


def test_anonymous_is_sent_to_sign_in(client, organisation):
    response = client.get(url(organisation))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert client.post(url(organisation), form_data(organisation)).status_code == 302


@pytest.mark.parametrize("role", DENIED)
def test_other_roles_are_refused(as_role, organisation, role):
    _user, client = as_role(role)
    assert client.get(url(organisation)).status_code == 403
    response = client.post(url(organisation), form_data(organisation, description="Hijacked"))
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.description == ""


def test_a_representative_of_another_organisation_is_refused(as_role, organisation):
    _user, client = as_role("company_rep")
    other = Organisation.objects.create(legal_name="Other Org", country_id="KE")
    assert client.get(url(other)).status_code == 403


@pytest.mark.parametrize("role", ALLOWED)
def test_allowed_roles_edit_the_profile(as_role, organisation, role):
    user, client = as_role(role)
    assert client.get(url(organisation)).status_code == 200
    response = client.post(
        url(organisation),
        form_data(organisation, description="We move food.", other_names="TFG\nTrucks4Good"),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.description == "We move food."
    assert organisation.other_names == ["TFG", "Trucks4Good"]
    event = AuditEvent.objects.get(verb="organisation.updated")
    assert event.actor == user
    assert event.details["changed_fields"] == ["other_names", "description"]


def test_the_form_is_filled_with_the_current_profile(as_role, organisation):
    organisation.other_names = ["TFG"]
    organisation.save()
    _user, client = as_role("company_rep")
    text = client.get(url(organisation)).text
    assert 'value="Trucks for Good Ltd"' in text
    assert "TFG</textarea>" in text


def test_representatives_do_not_get_the_global_compact_fields(as_role, organisation):
    _user, client = as_role("company_rep")
    response = client.get(url(organisation))
    assert "global_compact_status" not in response.context["form"].fields
    assert "kept up to date by the system coordinator" in response.text
    client.post(url(organisation), form_data(organisation, global_compact_status="active"))
    organisation.refresh_from_db()
    assert organisation.global_compact_status == "not_participant"


def test_the_coordinator_sets_the_global_compact_status(as_role, organisation):
    _user, client = as_role("coordinator")
    response = client.post(
        url(organisation),
        form_data(
            organisation,
            global_compact_status="non_communicating",
            global_compact_joined_on="2018-01-01",
            global_compact_status_since="2023-01-01",
        ),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.global_compact_status == "non_communicating"


def test_invalid_input_is_shown_on_the_form(as_role, organisation):
    _user, client = as_role("coordinator")
    response = client.post(
        url(organisation), form_data(organisation, global_compact_status="delisted")
    )
    assert response.status_code == 200
    assert "global_compact_status_since" in response.context["form"].errors


def test_problems_with_fields_the_form_does_not_show_go_above_it(as_role, organisation):
    """A profile left inconsistent (e.g. by an admin edit) is reported, not a crash."""
    Organisation.objects.filter(pk=organisation.pk).update(global_compact_status="delisted")
    _user, client = as_role("company_rep")
    response = client.post(url(organisation), form_data(organisation, description="x"))
    assert response.status_code == 200
    assert "Global Compact status since" in " ".join(response.context["form"].non_field_errors())


def test_an_unknown_organisation_is_a_404(as_role):
    _user, client = as_role("admin")
    assert client.get(reverse("organisations:edit", kwargs={"pk": 999999})).status_code == 404
