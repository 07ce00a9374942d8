from __future__ import annotations

import pytest

from partnerhub.accounts.models import Membership
from partnerhub.accounts.services import api_token_create
from partnerhub.core.models import AuditEvent
from partnerhub.organisations.models import Organisation

pytestmark = pytest.mark.django_db

URL = "/api/organisations"
PAYLOAD = {"legal_name": "Green Crate Kenya Ltd", "country": "KE", "sector": "H"}


@pytest.fixture
def post(client):
    def send(user, payload):
        headers = {}
        if user is not None:
            _token, secret = api_token_create(user=user, name="test")
            headers["Authorization"] = f"Bearer {secret}"
        return client.post(URL, payload, content_type="application/json", headers=headers)

    return send


def test_it_needs_a_token(post):
    response = post(None, PAYLOAD)
    assert response.status_code == 401
    assert "detail" in response.json()
    assert not Organisation.objects.exists()


def test_a_bad_token_is_401(client):
    response = client.post(
        URL, PAYLOAD, content_type="application/json", headers={"Authorization": "Bearer ph_nope"}
    )
    assert response.status_code == 401


def test_a_session_is_not_enough(as_role):
    _user, client = as_role("plain_user")
    response = client.post(URL, PAYLOAD, content_type="application/json")
    assert response.status_code == 401


def test_it_registers_and_makes_the_user_representative(post, plain_user):
    response = post(plain_user, PAYLOAD)
    assert response.status_code == 201
    body = response.json()
    organisation = Organisation.objects.get(pk=body["id"])
    assert body["legal_name"] == "Green Crate Kenya Ltd"
    assert body["country_name"] == "Kenya"
    assert Membership.objects.filter(user=plain_user, organisation=organisation).exists()
    assert AuditEvent.objects.get(verb="organisation.registered").actor == plain_user


def test_un_staff_do_not_become_representative(post, focal_point):
    assert post(focal_point, PAYLOAD).status_code == 201
    assert not Membership.objects.filter(user=focal_point, organisation__isnull=False).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"legal_name": ""}, "legal_name"),
        ({"legal_name": "x" * 1000}, "legal_name"),
        ({"description": "d" * 100_000}, "description"),
        ({"country": "ZZ"}, "country"),
        ({"website": "nope"}, "website"),
        ({"kind": "cartel"}, "kind"),
        ({"global_compact_status": "delisted"}, "global_compact_status_since"),
        # PostgreSQL cannot store NUL characters: refused before they reach the database.
        ({"legal_name": "Green\x00Crate"}, "legal_name"),
        ({"other_names": ["Green\x00"]}, "other_names"),
        (
            {"global_compact_status": "active", "global_compact_joined_on": "2999-01-01"},
            "global_compact_joined_on",
        ),
    ],
)
def test_invalid_values_are_400_with_detail(post, plain_user, changes, field):
    response = post(plain_user, {**PAYLOAD, **changes})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"]
    assert field in body["errors"]
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"country": "KE"},
        {**PAYLOAD, "other_names": "not a list"},
        {**PAYLOAD, "global_compact_joined_on": "2020-02-31"},
    ],
)
def test_malformed_requests_are_4xx_with_detail(post, plain_user, payload):
    response = post(plain_user, payload)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Invalid request")


def test_a_used_registration_number_is_400(post, plain_user, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(registration_number="C-42")
    response = post(
        plain_user,
        {**PAYLOAD, "registration_number": "C-42", "confirm_not_duplicate": True},
    )
    assert response.status_code == 400
    assert "registration_number" in response.json()["errors"]


def test_a_possible_duplicate_is_409_until_confirmed(post, plain_user, organisation):
    payload = {**PAYLOAD, "legal_name": "TRUCKS FOR GOOD LIMITED"}
    response = post(plain_user, payload)
    assert response.status_code == 409
    body = response.json()
    assert "Trucks for Good Ltd" in body["detail"]
    assert body["duplicates"] == [
        {
            "id": organisation.pk,
            "legal_name": "Trucks for Good Ltd",
            "country": "KE",
            "matched_name": "Trucks for Good Ltd",
            "score": 100,
            "reason": "same name after removing legal form",
            "url": organisation.get_absolute_url(),
        }
    ]
    assert Organisation.objects.count() == 1

    response = post(plain_user, {**payload, "confirm_not_duplicate": True})
    assert response.status_code == 201
    event = AuditEvent.objects.get(verb="organisation.registered")
    assert event.details["duplicates_overridden"][0]["id"] == organisation.pk
