from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.accounts.models import ApiToken
from partnerhub.accounts.services import (
    MAX_ACTIVE_TOKENS,
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
)
from partnerhub.core.models import AuditEvent


def test_it_creates_a_token_and_stores_only_its_hash(plain_user):
    token, secret = api_token_create(user=plain_user, name="export script")
    assert secret.startswith("ph_")
    assert secret not in token.key_hash
    assert token.prefix == secret[:8]
    assert api_token_authenticate(secret) == plain_user
    assert AuditEvent.objects.filter(verb="api_token.created").count() == 1


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_it_rejects_bad_names(plain_user, name):
    with pytest.raises(ValidationError):
        api_token_create(user=plain_user, name=name)
    assert not ApiToken.objects.exists()


def test_it_caps_active_tokens(plain_user):
    for n in range(MAX_ACTIVE_TOKENS):
        api_token_create(user=plain_user, name=f"t{n}")
    with pytest.raises(ValidationError, match="revoke one first"):
        api_token_create(user=plain_user, name="one too many")


def test_revoked_tokens_stop_working(plain_user):
    token, secret = api_token_create(user=plain_user, name="t")
    api_token_revoke(token=token, actor=plain_user)
    assert api_token_authenticate(secret) is None
    with pytest.raises(ValidationError):
        api_token_revoke(token=token, actor=plain_user)


def test_others_cannot_revoke_my_token(plain_user, focal_point):
    token, _secret = api_token_create(user=plain_user, name="t")
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=token, actor=focal_point)


def test_admin_can_revoke_any_token(plain_user, admin):
    token, _secret = api_token_create(user=plain_user, name="t")
    api_token_revoke(token=token, actor=admin)
    token.refresh_from_db()
    assert not token.is_active


@pytest.mark.parametrize("secret", ["", "nope", "ph_" + "a" * 43])
def test_unknown_secrets_authenticate_nobody(db, secret):
    assert api_token_authenticate(secret) is None


def test_inactive_users_tokens_fail(plain_user):
    _token, secret = api_token_create(user=plain_user, name="t")
    plain_user.is_active = False
    plain_user.save()
    assert api_token_authenticate(secret) is None


def test_anonymous_cannot_create_tokens(db):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        api_token_create(user=AnonymousUser(), name="t")
