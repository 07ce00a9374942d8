from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from partnerhub.accounts.models import ApiToken, Membership, User
from partnerhub.accounts.tests.factories import MembershipFactory, UserFactory


def test_tokens_page_requires_sign_in(client, db):
    response = client.get(reverse("accounts:tokens"))
    assert response.status_code == 302


def test_tokens_page_creates_and_shows_the_secret_once(as_role):
    user, client = as_role("plain_user")
    response = client.post(reverse("accounts:tokens"), {"name": "my script"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=user)
    assert b"copy it now" in response.content
    assert token.prefix.encode() in response.content
    again = client.get(reverse("accounts:tokens"))
    assert b"copy it now" not in again.content


def test_tokens_page_rejects_an_empty_name(as_role):
    _user, client = as_role("plain_user")
    response = client.post(reverse("accounts:tokens"), {"name": ""})
    assert response.status_code == 200
    assert b"is-invalid" in response.content
    assert not ApiToken.objects.exists()


def test_revoke_only_own_token(as_role, focal_point):
    from partnerhub.accounts.services import api_token_create

    token, _secret = api_token_create(user=focal_point, name="theirs")
    _user, client = as_role("plain_user")
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_revoke_needs_post(as_role):
    _user, client = as_role("plain_user")
    assert client.get(reverse("accounts:token_revoke", args=[1])).status_code == 405


@pytest.mark.parametrize(
    "role",
    ["plain_user", "company_rep", "focal_point", "coordinator", "country_coordinator"],
)
def test_roles_page_is_for_administrators(as_role, role):
    _user, client = as_role(role)
    assert client.get(reverse("accounts:memberships")).status_code == 403


def test_roles_page_redirects_anonymous_to_sign_in(client, db):
    assert client.get(reverse("accounts:memberships")).status_code == 302


def test_admin_gives_a_role(as_role, entity):
    _admin, client = as_role("admin")
    newcomer = UserFactory(email="new@un.example")
    response = client.post(
        reverse("accounts:memberships"),
        {"email": "NEW@un.example", "role": "legal_officer", "un_entity": entity.pk},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=newcomer, role="legal_officer", un_entity=entity).exists()


def test_admin_gets_a_clear_error_for_unknown_email(as_role):
    _admin, client = as_role("admin")
    response = client.post(
        reverse("accounts:memberships"), {"email": "ghost@un.example", "role": "administrator"}
    )
    assert response.status_code == 200
    assert b"must sign up first" in response.content


def test_admin_gets_a_clear_error_for_wrong_scope(as_role):
    _admin, client = as_role("admin")
    UserFactory(email="new@un.example")
    response = client.post(
        reverse("accounts:memberships"), {"email": "new@un.example", "role": "focal_point"}
    )
    assert response.status_code == 200
    assert b"belongs to one UN entity" in response.content


def test_admin_removes_a_role(as_role, focal_point):
    _admin, client = as_role("admin")
    membership = focal_point.memberships.get()
    response = client.post(reverse("accounts:membership_revoke", args=[membership.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_non_admin_cannot_remove_roles(as_role, focal_point):
    _user, client = as_role("coordinator")
    membership = focal_point.memberships.get()
    assert (
        client.post(reverse("accounts:membership_revoke", args=[membership.pk])).status_code == 403
    )
    assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize("rows", [1, 50])
def test_roles_page_query_count_is_flat(as_role, entity, rows, django_assert_max_num_queries):
    _admin, client = as_role("admin")
    for n in range(rows):
        MembershipFactory(
            user=UserFactory(email=f"m{n}@un.example"), role="focal_point", un_entity=entity
        )
    with django_assert_max_num_queries(14):
        response = client.get(reverse("accounts:memberships") + "?page=1")
    assert response.status_code == 200


def test_signup_sends_a_verification_email_and_blocks_sign_in_until_verified(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "founder@startup.example",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email="founder@startup.example").exists()
    assert len(mail.outbox) == 1
    assert "founder@startup.example" in mail.outbox[0].to
    # Not verified yet: signing in sends the user to the "verify your e-mail" page.
    client.logout()
    login = client.post(
        reverse("account_login"),
        {"login": "founder@startup.example", "password": "a long and unusual passphrase"},
    )
    assert login.status_code == 302
    assert "confirm-email" in login["Location"] or "verification" in login["Location"]


def test_verified_user_signs_in(client, plain_user):
    response = client.post(
        reverse("account_login"),
        {"login": "plain@example.org", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_sign_in_page_renders_with_bootstrap(client, db):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert b"form-control" in response.content


def test_verification_mail_names_partnerhub_not_example_com(client, db):
    client.post(
        reverse("account_signup"),
        {
            "email": "x@startup.example",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
        },
    )
    assert "example.com" not in mail.outbox[0].body
    assert "partnerhub" in mail.outbox[0].body


def test_roles_page_names_entities_in_full(as_role, entity):
    _admin, client = as_role("admin")
    assert (
        "WFP — World Food Programme" in client.get(reverse("accounts:memberships")).content.decode()
    )
