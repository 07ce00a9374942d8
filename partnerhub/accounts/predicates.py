"""Role predicates for django-rules. Each app's rules.py combines them into permissions.

A user's memberships are read once per user object and cached on it, so checking many
permissions on one page costs one query.
"""

from __future__ import annotations

from typing import Any

import rules

from partnerhub.accounts.models import (
    COUNTRY_ROLES,
    ENTITY_ROLES,
    Membership,
    Role,
)

_CACHE_ATTR = "_partnerhub_memberships"


def memberships_of(user: Any) -> list[Membership]:
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user).select_related(
                "un_entity", "organisation", "country"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user: Any) -> None:
    """Drop the cached memberships after a change to them."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_of(user: Any) -> set[str]:
    return {m.role for m in memberships_of(user)}


def entity_ids_for(user: Any, *roles: str) -> set[int]:
    wanted = set(roles) or {r.value for r in ENTITY_ROLES}
    return {m.un_entity_id for m in memberships_of(user) if m.role in wanted and m.un_entity_id}


def organisation_ids_for(user: Any) -> set[int]:
    return {
        m.organisation_id
        for m in memberships_of(user)
        if m.role == Role.COMPANY_REP and m.organisation_id
    }


def country_codes_for(user: Any) -> set[str]:
    return {m.country_id for m in memberships_of(user) if m.role in COUNTRY_ROLES and m.country_id}


@rules.predicate
def is_administrator(user: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser) or Role.ADMINISTRATOR in roles_of(user)


@rules.predicate
def is_system_coordinator(user: Any) -> bool:
    return Role.SYSTEM_COORDINATOR in roles_of(user)


@rules.predicate
def is_un_staff(user: Any) -> bool:
    """Holds any role inside the UN system (entity, country or system-wide)."""
    return bool(roles_of(user) - {Role.COMPANY_REP}) or is_administrator(user)


@rules.predicate
def is_company_rep(user: Any) -> bool:
    return Role.COMPANY_REP in roles_of(user)


def _role_in_entity(role: str) -> Any:
    @rules.predicate(name=f"is_{role}_of_entity")
    def predicate(user: Any, entity: Any) -> bool:
        return entity is not None and entity.pk in entity_ids_for(user, role)

    return predicate


is_focal_point_of_entity = _role_in_entity(Role.FOCAL_POINT)
is_screening_officer_of_entity = _role_in_entity(Role.SCREENING_OFFICER)
is_legal_officer_of_entity = _role_in_entity(Role.LEGAL_OFFICER)
is_me_officer_of_entity = _role_in_entity(Role.ME_OFFICER)


@rules.predicate
def is_member_of_entity(user: Any, entity: Any) -> bool:
    return entity is not None and entity.pk in entity_ids_for(user)


@rules.predicate
def is_rep_of_organisation(user: Any, organisation: Any) -> bool:
    return organisation is not None and organisation.pk in organisation_ids_for(user)


is_authenticated = rules.is_authenticated
