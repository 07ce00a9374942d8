"""Writes on accounts: memberships (roles) and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.accounts.models import (
    COUNTRY_ROLES,
    ENTITY_ROLES,
    ORGANISATION_ROLES,
    ApiToken,
    Membership,
    Role,
    User,
)
from partnerhub.accounts.predicates import forget_memberships
from partnerhub.core.services import audit_record

TOKEN_PREFIX_LENGTH = 8
MAX_ACTIVE_TOKENS = 10


def _require(actor: Any, perm: str, obj: Any = None, message: str = "") -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message or _("You are not allowed to do this."))


def _check_scope(role: str, un_entity: Any, organisation: Any, country: Any) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if role in ORGANISATION_ROLES and (organisation is None or un_entity or country):
        raise ValidationError(
            _("A company representative belongs to one organisation, and only that.")
        )
    if role in ENTITY_ROLES and (un_entity is None or organisation or country):
        raise ValidationError(
            _("This role belongs to one UN entity: choose the entity, and nothing else.")
        )
    if role in COUNTRY_ROLES and (country is None or organisation):
        raise ValidationError(_("A country coordinator needs a country."))
    if role not in ORGANISATION_ROLES | ENTITY_ROLES | COUNTRY_ROLES and (
        un_entity or organisation or country
    ):
        raise ValidationError(
            _("This role is system-wide: leave entity, organisation and country empty.")
        )


def membership_grant(
    *,
    user: User,
    role: str,
    actor: Any,
    un_entity: Any = None,
    organisation: Any = None,
    country: Any = None,
) -> Membership:
    """Give `user` a role. Administrators only."""
    _require(actor, "accounts.manage_memberships", message=_("Only administrators can give roles."))
    _check_scope(role, un_entity, organisation, country)
    held = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    if role in ORGANISATION_ROLES and held - ORGANISATION_ROLES:
        raise ValidationError(
            _("%(user)s holds a UN role; UN staff cannot also represent a company.")
            % {"user": user}
        )
    if role not in ORGANISATION_ROLES and held & ORGANISATION_ROLES:
        raise ValidationError(
            _(
                "%(user)s represents a company; remove that role before giving a UN role "
                "(screening and decisions must not be made by the company's own people)."
            )
            % {"user": user}
        )
    with transaction.atomic(durable=True):
        exists = Membership.objects.filter(
            user=user, role=role, un_entity=un_entity, organisation=organisation, country=country
        ).exists()
        if exists:
            raise ValidationError(_("%(user)s already has this role.") % {"user": user})
        membership = Membership.objects.create(
            user=user, role=role, un_entity=un_entity, organisation=organisation, country=country
        )
        audit_record(
            actor=actor,
            verb="membership.granted",
            target=user,
            details={"role": role, "scope": str(un_entity or organisation or country or "system")},
        )
    forget_memberships(user)
    return membership


def membership_revoke(*, membership: Membership, actor: Any) -> None:
    _require(
        actor, "accounts.manage_memberships", message=_("Only administrators can remove roles.")
    )
    with transaction.atomic(durable=True):
        user = membership.user
        scope = str(
            membership.un_entity or membership.organisation or membership.country or "system"
        )
        audit_record(
            actor=actor,
            verb="membership.revoked",
            target=user,
            details={"role": membership.role, "scope": scope},
        )
        membership.delete()
    forget_memberships(user)


def organisation_rep_add(*, user: User, organisation: Any) -> Membership:
    """Make `user` a representative of `organisation`. Called inside the organisation service
    that registers the organisation, so it joins that transaction and its audit trail."""
    membership, _created = Membership.objects.get_or_create(
        user=user, role=Role.COMPANY_REP, organisation=organisation
    )
    forget_memberships(user)
    return membership


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns it and its secret, which is never shown again."""
    _require(user, "accounts.manage_own_tokens")
    name = name.strip()
    if not name:
        raise ValidationError(
            {"name": _("Give the token a name, e.g. the script that will use it.")}
        )
    if len(name) > 80:
        raise ValidationError({"name": _("A token name has at most 80 characters.")})
    with transaction.atomic(durable=True):
        active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()
        if active >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                _("You already have %(n)d active tokens; revoke one first.") % {"n": active}
            )
        secret = "ph_" + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            user=user, name=name, prefix=secret[:TOKEN_PREFIX_LENGTH], key_hash=hash_token(secret)
        )
        audit_record(
            actor=user, verb="api_token.created", target=user, details={"token": str(token)}
        )
    return token, secret


def api_token_revoke(*, token: ApiToken, actor: Any) -> None:
    if token.user_id != actor.pk and not actor.has_perm("accounts.manage_memberships"):
        raise PermissionDenied(_("You can only revoke your own tokens."))
    if token.revoked_at is not None:
        raise ValidationError(_("This token is already revoked."))
    with transaction.atomic(durable=True):
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor, verb="api_token.revoked", target=token.user, details={"token": str(token)}
        )


def api_token_authenticate(secret: str) -> User | None:
    """The active user a token secret belongs to, or None."""
    if not secret or not secret.startswith("ph_"):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # Write last use at most once a minute: a busy script must not turn reads into writes.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
