from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.accounts.models import Membership, Role
from partnerhub.accounts.services import membership_grant, membership_revoke
from partnerhub.accounts.tests.factories import UserFactory
from partnerhub.core.models import AuditEvent


@pytest.fixture
def newcomer(db):
    return UserFactory(email="newcomer@un.example")


def test_admin_grants_an_entity_role(admin, newcomer, entity):
    membership = membership_grant(
        actor=admin, user=newcomer, role=Role.SCREENING_OFFICER, un_entity=entity
    )
    assert membership.un_entity == entity
    event = AuditEvent.objects.get(verb="membership.granted")
    assert event.details == {"role": "screening_officer", "scope": "WFP"}
    assert newcomer.has_perm("core.view_audit", entity)


@pytest.mark.parametrize(
    "role",
    [
        "plain_user",
        "company_rep",
        "focal_point",
        "screening_officer",
        "legal_officer",
        "me_officer",
        "country_coordinator",
        "coordinator",
    ],
)
def test_only_administrators_grant_roles(request, role, newcomer, entity):
    actor = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        membership_grant(actor=actor, user=newcomer, role=Role.FOCAL_POINT, un_entity=entity)
    assert not Membership.objects.filter(user=newcomer).exists()


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        (Role.FOCAL_POINT, {}),
        (Role.COMPANY_REP, {}),
        (Role.COUNTRY_COORDINATOR, {}),
        (Role.SYSTEM_COORDINATOR, {"country_id": "SD"}),
        ("emperor", {}),
    ],
)
def test_scope_must_match_role(admin, newcomer, entity, role, scope):
    kwargs = {}
    if "country_id" in scope:
        from partnerhub.vocabularies.models import Country

        kwargs["country"] = Country.objects.get(iso2="SD")
    with pytest.raises(ValidationError):
        membership_grant(actor=admin, user=newcomer, role=role, **kwargs)


def test_entity_role_cannot_also_name_an_organisation(admin, newcomer, entity, organisation):
    with pytest.raises(ValidationError):
        membership_grant(
            actor=admin,
            user=newcomer,
            role=Role.FOCAL_POINT,
            un_entity=entity,
            organisation=organisation,
        )


def test_the_same_role_cannot_be_given_twice(admin, newcomer, entity):
    membership_grant(actor=admin, user=newcomer, role=Role.FOCAL_POINT, un_entity=entity)
    with pytest.raises(ValidationError, match="already has this role"):
        membership_grant(actor=admin, user=newcomer, role=Role.FOCAL_POINT, un_entity=entity)


def test_admin_revokes_a_role(admin, focal_point, entity):
    membership = focal_point.memberships.get()
    assert focal_point.has_perm("core.view_audit", entity)
    membership_revoke(membership=membership, actor=admin)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(verb="membership.revoked").count() == 1


def test_non_admin_cannot_revoke(coordinator, focal_point):
    with pytest.raises(PermissionDenied):
        membership_revoke(membership=focal_point.memberships.get(), actor=coordinator)
    assert focal_point.memberships.exists()


def test_a_company_representative_cannot_get_a_un_role(admin, company_rep, entity):
    with pytest.raises(ValidationError, match="represents a company"):
        membership_grant(
            actor=admin, user=company_rep, role=Role.SCREENING_OFFICER, un_entity=entity
        )


def test_un_staff_cannot_represent_a_company(admin, focal_point, organisation):
    with pytest.raises(ValidationError, match="UN staff cannot also represent"):
        membership_grant(
            actor=admin, user=focal_point, role=Role.COMPANY_REP, organisation=organisation
        )
