from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partnerhub.accounts.models import Membership, Role
from partnerhub.core.models import AuditEvent
from partnerhub.organisations import services
from partnerhub.organisations.models import Organisation, OrganisationNameKey
from partnerhub.organisations.services import (
    DuplicateOrganisationWarning,
    organisation_register,
)
from partnerhub.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


def register(actor, **overrides):
    values = {"legal_name": "Green Crate Kenya Ltd", "country": "KE"}
    values.update(overrides)
    return organisation_register(actor=actor, **values)


def test_it_registers_an_organisation(plain_user):
    organisation = register(
        plain_user,
        other_names=["Green Crate", " ", "green crate kenya ltd"],
        website="https://greencrate.example",
        sector="h",
        registration_number="  PVT-2019  ABC ",
        global_compact_status="active",
        global_compact_joined_on=datetime.date(2020, 5, 1),
    )
    organisation.refresh_from_db()
    assert organisation.legal_name == "Green Crate Kenya Ltd"
    # Blank names and a repeat of the legal name are dropped.
    assert organisation.other_names == ["Green Crate"]
    assert organisation.sector == "H"
    assert organisation.registration_number == "PVT-2019 ABC"
    assert organisation.normalised_name == "green crate kenya"
    assert organisation.search_text == "green crate kenya ltd\ngreen crate"
    assert organisation.created_by == plain_user
    assert set(OrganisationNameKey.objects.values_list("key", flat=True)) == {
        "gree",
        "crat",
        "keny",
    }
    assert organisation.history.get().history_user == plain_user


def test_it_makes_a_plain_user_the_representative(plain_user):
    organisation = register(plain_user)
    assert Membership.objects.filter(
        user=plain_user, role=Role.COMPANY_REP, organisation=organisation
    ).exists()
    assert plain_user.has_perm("organisations.edit_organisation", organisation)


def test_a_representative_of_another_organisation_also_becomes_representative(company_rep):
    organisation = register(company_rep)
    assert Membership.objects.filter(user=company_rep, organisation=organisation).exists()


@pytest.mark.parametrize("role", ["focal_point", "coordinator", "admin", "country_coordinator"])
def test_un_staff_registering_a_company_do_not_become_its_representative(request, role):
    actor = request.getfixturevalue(role)
    organisation = register(actor)
    assert not Membership.objects.filter(organisation=organisation).exists()
    event = AuditEvent.objects.get(verb="organisation.registered")
    assert event.details["representative_added"] is False


def test_it_records_an_audit_event(plain_user):
    organisation = register(plain_user)
    event = AuditEvent.objects.get(verb="organisation.registered")
    assert event.actor == plain_user
    assert event.target_id == str(organisation.pk)
    assert event.details == {
        "country": "KE",
        "representative_added": True,
        "duplicates_overridden": [],
    }


@pytest.mark.parametrize("actor", [None, AnonymousUser()])
def test_anonymous_cannot_register(actor):
    with pytest.raises(PermissionDenied):
        register(actor)
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("legal_name", {"legal_name": "   "}),
        ("legal_name", {"legal_name": "x" * 1000}),
        ("legal_name", {"legal_name": "..."}),
        ("country", {"country": ""}),
        ("country", {"country": "ZZ"}),
        ("country", {"country": "Kenya"}),
        ("kind", {"kind": "cartel"}),
        ("sector", {"sector": "Z"}),
        ("size", {"size": "huge"}),
        ("other_names", {"other_names": ["y" * 301]}),
        ("other_names", {"other_names": [f"Name {n}" for n in range(21)]}),
        ("other_names", {"other_names": "not a list"}),
        ("registration_number", {"registration_number": "1" * 65}),
        ("website", {"website": "not a url"}),
        ("website", {"website": "ftp://files.example"}),
        ("website", {"website": "https://example.org/" + "a" * 300}),
        ("description", {"description": "d" * 100_000}),
        ("global_compact_status", {"global_compact_status": "excellent"}),
        (
            "global_compact_joined_on",
            {"global_compact_status": "active", "global_compact_joined_on": TOMORROW},
        ),
        (
            "global_compact_joined_on",
            {"global_compact_status": "active", "global_compact_joined_on": "2020-02-31"},
        ),
        ("global_compact_status_since", {"global_compact_status": "delisted"}),
        ("global_compact_status_since", {"global_compact_status": "non_communicating"}),
        (
            "global_compact_status_since",
            {"global_compact_status": "delisted", "global_compact_status_since": TOMORROW},
        ),
        (
            "global_compact_status_since",
            {
                "global_compact_status": "delisted",
                "global_compact_joined_on": datetime.date(2020, 1, 1),
                "global_compact_status_since": datetime.date(2019, 1, 1),
            },
        ),
        (
            "global_compact_status",
            {
                "global_compact_status": "not_participant",
                "global_compact_joined_on": datetime.date(2020, 1, 1),
            },
        ),
    ],
)
def test_it_rejects_invalid_values_without_writing(plain_user, field, overrides):
    with pytest.raises(ValidationError) as caught:
        register(plain_user, **overrides)
    assert field in caught.value.message_dict
    assert not Organisation.objects.exists()
    assert not Membership.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_reports_every_invalid_field_at_once(plain_user):
    with pytest.raises(ValidationError) as caught:
        register(plain_user, legal_name="", country="ZZ", website="nope")
    assert set(caught.value.message_dict) == {"legal_name", "country", "website"}


def test_a_delisted_participant_with_dates_is_valid(plain_user):
    organisation = register(
        plain_user,
        global_compact_status="delisted",
        global_compact_joined_on=datetime.date(2015, 3, 1),
        global_compact_status_since=datetime.date(2019, 3, 1),
    )
    assert organisation.global_compact_status == "delisted"


def test_it_refuses_a_registration_number_used_in_the_same_country(plain_user, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(registration_number="CPR/2011/1234")
    with pytest.raises(ValidationError) as caught:
        register(
            plain_user,
            legal_name="Completely Different Name",
            registration_number="cpr/2011/1234",
            confirm_not_duplicate=True,
        )
    assert "Trucks for Good Ltd" in caught.value.message_dict["registration_number"][0]
    assert Organisation.objects.count() == 1


def test_the_same_registration_number_in_another_country_is_fine(plain_user, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(registration_number="1234")
    other = register(plain_user, legal_name="Other Co", country="UG", registration_number="1234")
    assert other.country_id == "UG"


def test_it_warns_about_similar_names_then_registers_when_confirmed(plain_user, organisation):
    with pytest.raises(DuplicateOrganisationWarning) as caught:
        register(plain_user, legal_name="Trucks-for-Good")
    warning = caught.value
    assert isinstance(warning, ValidationError)
    assert [m.organisation for m in warning.matches] == [organisation]
    assert warning.matches[0].reason == "same name after removing legal form"
    assert "Trucks for Good Ltd (Kenya)" in warning.messages[0]
    assert Organisation.objects.count() == 1
    assert not AuditEvent.objects.exists()

    created = register(plain_user, legal_name="Trucks-for-Good", confirm_not_duplicate=True)
    event = AuditEvent.objects.get(verb="organisation.registered", target_id=str(created.pk))
    assert event.details["duplicates_overridden"] == [
        {
            "id": organisation.pk,
            "legal_name": "Trucks for Good Ltd",
            "matched_name": "Trucks for Good Ltd",
            "score": 100,
            "reason": "same_after_legal_form",
        }
    ]


def test_it_compares_with_other_names_of_existing_organisations(plain_user):
    existing = OrganisationFactory(legal_name="Kenya Freight Holdings Ltd", other_names=["KFH"])
    OrganisationFactory(legal_name="Unrelated Bakery", other_names=["Siemens Kenya"])
    with pytest.raises(DuplicateOrganisationWarning) as caught:
        register(plain_user, legal_name="SIEMENS KENYA LIMITED")
    assert [m.matched_name for m in caught.value.matches] == ["Siemens Kenya"]
    assert existing not in [m.organisation for m in caught.value.matches]


def test_it_compares_the_new_other_names_too(plain_user, organisation):
    with pytest.raises(DuplicateOrganisationWarning):
        register(plain_user, legal_name="TFG Holdings", other_names=["Trucks for Good"])


def test_different_names_register_without_warning(plain_user, organisation):
    OrganisationFactory(legal_name="Apex Logistics Ltd")
    created = register(plain_user, legal_name="Acme Logistics Ltd")
    assert created.pk


def test_a_failure_after_the_insert_leaves_nothing_behind(plain_user, monkeypatch):
    def broken_audit(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(services, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        register(plain_user)
    assert not Organisation.objects.exists()
    assert not OrganisationNameKey.objects.exists()
    assert not Membership.objects.exists()


def test_a_registration_number_taken_meanwhile_is_a_validation_error(
    plain_user, organisation, monkeypatch
):
    """Two registrations of one number racing past the check: the constraint decides."""
    Organisation.objects.filter(pk=organisation.pk).update(registration_number="C-42")
    monkeypatch.setattr(services, "_check_registration_number", lambda *args: None)
    with pytest.raises(ValidationError) as caught:
        register(
            plain_user,
            legal_name="Another Name",
            registration_number="C-42",
            confirm_not_duplicate=True,
        )
    assert "registration_number" in caught.value.message_dict
    assert Organisation.objects.count() == 1
    assert not Membership.objects.exists()
