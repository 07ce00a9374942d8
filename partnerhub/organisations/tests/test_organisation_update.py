from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.accounts.models import Role
from partnerhub.accounts.tests.factories import MembershipFactory, UserFactory
from partnerhub.core.models import AuditEvent
from partnerhub.organisations.models import Organisation, OrganisationNameKey
from partnerhub.organisations.selectors import similar_organisations
from partnerhub.organisations.services import organisation_update
from partnerhub.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ALLOWED = ["company_rep", "coordinator", "admin"]
DENIED = [
    "anonymous",
    "plain_user",
    "focal_point",
    "screening_officer",
    "legal_officer",
    "me_officer",
    "country_coordinator",
]


@pytest.mark.parametrize("role", ALLOWED)
def test_allowed_roles_update_the_profile(request, organisation, role):
    actor = request.getfixturevalue(role)
    updated = organisation_update(
        organisation=organisation,
        actor=actor,
        description="We move food.",
        website="https://trucks.example",
    )
    assert updated.description == "We move food."
    organisation.refresh_from_db()
    assert organisation.website == "https://trucks.example"
    event = AuditEvent.objects.get(verb="organisation.updated")
    assert event.actor == actor
    assert event.details == {
        "changed_fields": ["website", "description"],
        "changes": {"website": ["", "https://trucks.example"]},
    }


@pytest.mark.parametrize("role", DENIED)
def test_other_roles_cannot_update(request, organisation, role):
    actor = request.getfixturevalue(role) or AnonymousUser()
    with pytest.raises(PermissionDenied):
        organisation_update(organisation=organisation, actor=actor, description="Hijacked")
    organisation.refresh_from_db()
    assert organisation.description == ""
    assert not AuditEvent.objects.exists()


def test_a_representative_of_another_organisation_cannot_update(organisation):
    other_rep = UserFactory(email="rep@other.example")
    MembershipFactory(user=other_rep, role=Role.COMPANY_REP, organisation=OrganisationFactory())
    with pytest.raises(PermissionDenied):
        organisation_update(organisation=organisation, actor=other_rep, description="x")


def test_renaming_renormalises_and_reindexes(company_rep, organisation):
    organisation_update(
        organisation=organisation,
        actor=company_rep,
        legal_name="Lorries for Good Limited",
        other_names=["LFG"],
    )
    organisation.refresh_from_db()
    assert organisation.normalised_name == "lorries for good"
    assert organisation.search_text == "lorries for good limited\nlfg"
    assert set(OrganisationNameKey.objects.values_list("key", flat=True)) == {"lorr", "good", "lfg"}
    assert similar_organisations("Trucks for Good") == []
    assert [m.organisation for m in similar_organisations("Lorries-for-Good")] == [organisation]


def test_nothing_changed_writes_nothing(company_rep, organisation):
    organisation_update(
        organisation=organisation, actor=company_rep, legal_name="Trucks for Good Ltd"
    )
    assert not AuditEvent.objects.exists()
    assert organisation.history.count() == 1


def test_it_validates_like_registration(company_rep, organisation):
    with pytest.raises(ValidationError) as caught:
        organisation_update(
            organisation=organisation, actor=company_rep, legal_name="", description="d" * 100_000
        )
    assert set(caught.value.message_dict) == {"legal_name", "description"}
    organisation.refresh_from_db()
    assert organisation.legal_name == "Trucks for Good Ltd"


def test_it_refuses_another_organisations_registration_number(company_rep, organisation):
    OrganisationFactory(legal_name="Other", registration_number="C-1")
    with pytest.raises(ValidationError) as caught:
        organisation_update(organisation=organisation, actor=company_rep, registration_number="C-1")
    assert "registration_number" in caught.value.message_dict


def test_it_rejects_unknown_fields(company_rep, organisation):
    with pytest.raises(TypeError):
        organisation_update(organisation=organisation, actor=company_rep, created_by=company_rep)


def test_a_representative_cannot_change_the_global_compact_status(company_rep, organisation):
    with pytest.raises(PermissionDenied):
        organisation_update(
            organisation=organisation,
            actor=company_rep,
            global_compact_status="active",
            global_compact_joined_on=datetime.date(2020, 1, 1),
        )
    organisation.refresh_from_db()
    assert organisation.global_compact_status == "not_participant"


def test_a_representative_may_send_the_unchanged_status_with_other_fields(
    company_rep, organisation
):
    organisation_update(
        organisation=organisation,
        actor=company_rep,
        global_compact_status="not_participant",
        size="small",
    )
    organisation.refresh_from_db()
    assert organisation.size == "small"


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_coordinator_and_admin_change_the_global_compact_status(request, organisation, role):
    actor = request.getfixturevalue(role)
    organisation_update(
        organisation=organisation,
        actor=actor,
        global_compact_status="delisted",
        global_compact_joined_on=datetime.date(2016, 1, 1),
        global_compact_status_since=datetime.date(2022, 6, 30),
    )
    organisation = Organisation.objects.get(pk=organisation.pk)
    assert organisation.global_compact_status == "delisted"
    event = AuditEvent.objects.get(verb="organisation.global_compact_status_changed")
    assert event.details == {"from": "not_participant", "to": "delisted", "since": "2022-06-30"}


def test_a_stale_copy_does_not_undo_anothers_status_change(company_rep, coordinator, organisation):
    stale = Organisation.objects.get(pk=organisation.pk)
    organisation_update(
        organisation=organisation,
        actor=coordinator,
        global_compact_status="delisted",
        global_compact_joined_on=datetime.date(2016, 1, 1),
        global_compact_status_since=datetime.date(2022, 6, 30),
    )
    organisation_update(organisation=stale, actor=company_rep, description="Still here.")
    fresh = Organisation.objects.get(pk=organisation.pk)
    assert fresh.global_compact_status == "delisted"
    assert fresh.description == "Still here."
