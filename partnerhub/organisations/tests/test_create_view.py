from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from partnerhub.accounts.models import Membership
from partnerhub.core.models import AuditEvent
from partnerhub.organisations.models import Organisation

pytestmark = pytest.mark.django_db

URL = reverse("organisations:create")
FORM = {
    "legal_name": "Green Crate Kenya Ltd",
    "other_names": "Green Crate\nGC Kenya",
    "kind": "company",
    "country": "KE",
    "registration_number": "",
    "website": "greencrate.example",
    "sector": "H",
    "size": "small",
    "description": "Crates.",
    "global_compact_status": "not_participant",
    "global_compact_joined_on": "",
    "global_compact_status_since": "",
}


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert client.post(URL, FORM).status_code == 302
    assert not Organisation.objects.exists()


def test_the_form_looks_up_duplicates_while_typing(as_role):
    _user, client = as_role("plain_user")
    text = client.get(URL).text
    assert f'hx-get="{reverse("organisations:similar")}"' in text
    assert 'hx-target="#similar-organisations"' in text
    assert 'id="similar-organisations" aria-live="polite"' in text
    assert '<label class="form-label" for="id_legal_name">' in text


def test_a_plain_user_registers_and_becomes_representative(as_role):
    user, client = as_role("plain_user")
    response = client.post(URL, FORM)
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == organisation.get_absolute_url()
    assert organisation.other_names == ["Green Crate", "GC Kenya"]
    assert organisation.website == "https://greencrate.example"
    assert Membership.objects.filter(user=user, organisation=organisation).exists()
    assert AuditEvent.objects.filter(verb="organisation.registered").count() == 1
    page = client.get(response["Location"])
    assert "Green Crate Kenya Ltd is now in the directory." in page.text


def test_a_focal_point_registers_without_becoming_representative(as_role):
    user, client = as_role("focal_point")
    assert client.post(URL, FORM).status_code == 302
    assert not Membership.objects.filter(organisation__isnull=False, user=user).exists()


def test_a_possible_duplicate_needs_confirming_and_keeps_what_was_typed(as_role, organisation):
    _user, client = as_role("plain_user")
    form = {**FORM, "legal_name": "Trucks-for-Good", "description": "Typed with care."}
    response = client.post(URL, form)
    assert response.status_code == 200
    assert Organisation.objects.count() == 1
    text = response.text
    assert "Possible duplicates" in text
    assert organisation.get_absolute_url() in text
    assert "same name after removing legal form" in text
    assert 'name="confirm_not_duplicate"' in text
    assert "This is a different organisation" in text
    assert 'value="Trucks-for-Good"' in text
    assert "Typed with care." in text
    assert "GC Kenya" in text

    response = client.post(URL, {**form, "confirm_not_duplicate": "on"})
    assert response.status_code == 302
    created = Organisation.objects.get(legal_name="Trucks-for-Good")
    event = AuditEvent.objects.get(verb="organisation.registered")
    assert event.target_id == str(created.pk)
    assert event.details["duplicates_overridden"][0]["id"] == organisation.pk


def test_the_confirm_box_is_not_shown_without_duplicates(as_role):
    _user, client = as_role("plain_user")
    text = client.get(URL).text
    assert "confirm_not_duplicate" not in text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"legal_name": "x" * 1000}, "legal_name", "at most 300 characters"),
        ({"legal_name": ""}, "legal_name", "This field is required."),
        ({"legal_name": "..."}, "legal_name", "A legal name needs letters or digits."),
        ({"description": "d" * 100_000}, "description", "at most 10000 characters"),
        ({"country": "ZZ"}, "country", "Select a valid choice."),
        ({"website": "not a url"}, "website", "Enter a valid URL."),
        (
            {"global_compact_status": "delisted"},
            "global_compact_status_since",
            "Give the date since which",
        ),
        (
            {
                "global_compact_status": "active",
                "global_compact_joined_on": str(datetime.date.today() + datetime.timedelta(days=2)),
            },
            "global_compact_joined_on",
            "This date is in the future.",
        ),
    ],
)
def test_invalid_input_is_shown_on_the_form(as_role, changes, field, message):
    _user, client = as_role("plain_user")
    response = client.post(URL, {**FORM, **changes})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert 'aria-invalid="true"' in response.text
    assert not Organisation.objects.exists()


def test_a_registration_number_in_use_is_shown_on_its_field(as_role, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(registration_number="C-42")
    _user, client = as_role("plain_user")
    response = client.post(
        URL, {**FORM, "registration_number": "C-42", "confirm_not_duplicate": "on"}
    )
    assert response.status_code == 200
    assert "Trucks for Good Ltd is already registered in Kenya" in " ".join(
        response.context["form"].errors["registration_number"]
    )
