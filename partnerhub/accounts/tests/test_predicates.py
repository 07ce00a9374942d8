"""Every role predicate, allowed and denied, for every named role."""

from __future__ import annotations

import pytest

from conftest import ALL_ROLES
from partnerhub.accounts import predicates

EXPECTED = {
    "is_administrator": {"admin"},
    "is_system_coordinator": {"coordinator"},
    "is_company_rep": {"company_rep"},
    "is_un_staff": {
        "focal_point",
        "screening_officer",
        "legal_officer",
        "me_officer",
        "country_coordinator",
        "coordinator",
        "admin",
    },
}


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("predicate_name", sorted(EXPECTED))
def test_user_predicates(request, role, predicate_name):
    user = request.getfixturevalue(role)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    predicate = getattr(predicates, predicate_name)
    assert predicate(user) is (role in EXPECTED[predicate_name])


ENTITY_PREDICATES = {
    "is_focal_point_of_entity": {"focal_point"},
    "is_screening_officer_of_entity": {"screening_officer"},
    "is_legal_officer_of_entity": {"legal_officer"},
    "is_me_officer_of_entity": {"me_officer"},
    "is_member_of_entity": {"focal_point", "screening_officer", "legal_officer", "me_officer"},
}


@pytest.mark.parametrize("role", [*ALL_ROLES, "other_focal_point"])
@pytest.mark.parametrize("predicate_name", sorted(ENTITY_PREDICATES))
def test_entity_predicates(request, entity, role, predicate_name):
    user = request.getfixturevalue(role)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    predicate = getattr(predicates, predicate_name)
    assert predicate(user, entity) is (role in ENTITY_PREDICATES[predicate_name])


@pytest.mark.parametrize("role", ALL_ROLES)
def test_rep_of_organisation(request, organisation, role):
    user = request.getfixturevalue(role)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    assert predicates.is_rep_of_organisation(user, organisation) is (role == "company_rep")


def test_superuser_is_administrator(db):
    from partnerhub.accounts.models import User

    root = User.objects.create_superuser("root@un.example", "pw-long-enough-123")
    assert predicates.is_administrator(root)


def test_memberships_are_read_once_per_user(focal_point, entity, django_assert_num_queries):
    predicates.forget_memberships(focal_point)
    with django_assert_num_queries(1):
        for _ in range(5):
            predicates.is_member_of_entity(focal_point, entity)
            predicates.is_un_staff(focal_point)
