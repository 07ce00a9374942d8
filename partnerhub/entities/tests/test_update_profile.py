"""entity_update_profile: who may edit an entity's partnership profile, and what is recorded."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import ALL_ROLES
from partnerhub.core.models import AuditEvent
from partnerhub.entities.services import PROFILE_TEXT_MAX_CHARS, entity_update_profile

ALLOWED = ["focal_point", "coordinator", "admin"]
DENIED = [role for role in ALL_ROLES if role not in ALLOWED] + ["other_focal_point"]


@pytest.mark.parametrize("role", ALLOWED)
def test_it_lets_the_entitys_focal_point_the_coordinator_and_admins_edit(request, entity, role):
    actor = request.getfixturevalue(role)
    update = entity_update_profile(
        entity=entity,
        actor=actor,
        mandate="  Ending hunger.  ",
        how_to_partner="Logistics partnerships.",
        partnership_email="partnerships@wfp.example",
        sdgs=[2, 17],
        countries=["KE", "sd"],
    )
    assert update.changed_fields == [
        "mandate",
        "how_to_partner",
        "partnership_email",
        "sdgs",
        "countries",
    ]
    entity.refresh_from_db()
    assert entity.mandate == "Ending hunger."
    assert entity.profile_edited_at is not None
    assert sorted(entity.sdgs.values_list("number", flat=True)) == [2, 17]
    assert sorted(entity.countries.values_list("iso2", flat=True)) == ["KE", "SD"]
    event = AuditEvent.objects.get(verb="entity.profile_updated")
    assert event.actor == actor
    assert event.target_id == str(entity.pk)
    assert event.details["fields"] == update.changed_fields
    assert event.details["sdgs"] == {"before": [], "after": [2, 17]}


@pytest.mark.parametrize("role", DENIED)
def test_everyone_else_is_refused(request, entity, role):
    actor = request.getfixturevalue(role) or AnonymousUser()
    with pytest.raises(PermissionDenied):
        entity_update_profile(entity=entity, actor=actor, mandate="Hijacked.")
    entity.refresh_from_db()
    assert entity.mandate == ""
    assert not AuditEvent.objects.exists()


def test_a_focal_point_of_another_entity_cannot_edit_this_one(entity, other_focal_point):
    with pytest.raises(PermissionDenied, match="focal points"):
        entity_update_profile(entity=entity, actor=other_focal_point, mandate="Not mine.")


def test_no_actor_is_refused(entity):
    with pytest.raises(PermissionDenied):
        entity_update_profile(entity=entity, actor=None, mandate="Nobody.")


def test_history_records_one_version_with_the_user(entity, focal_point):
    versions = entity.history.count()
    entity_update_profile(entity=entity, actor=focal_point, mandate="New.", sdgs=[2])
    assert entity.history.count() == versions + 1
    latest = entity.history.first()
    assert latest.history_user == focal_point
    assert latest.mandate == "New."
    assert [goal.sdggoal_id for goal in latest.sdgs.all()] == [2]


def test_nothing_changed_writes_nothing(entity, focal_point):
    entity_update_profile(entity=entity, actor=focal_point, mandate="Same.", sdgs=[2])
    versions = entity.history.count()
    update = entity_update_profile(entity=entity, actor=focal_point, mandate="Same.", sdgs=[2])
    assert update.changed_fields == []
    assert AuditEvent.objects.count() == 1
    assert entity.history.count() == versions


def test_an_oversized_mandate_is_refused_with_a_message(entity, focal_point):
    with pytest.raises(ValidationError) as error:
        entity_update_profile(
            entity=entity, actor=focal_point, mandate="x" * (PROFILE_TEXT_MAX_CHARS + 1)
        )
    assert "mandate" in error.value.message_dict
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field_in_error"),
    [
        ({"sdgs": [2, 99]}, "sdgs"),
        ({"sdgs": ["two"]}, "sdgs"),
        ({"countries": ["XX"]}, "countries"),
        ({"partnership_email": "not an address"}, "partnership_email"),
    ],
)
def test_invalid_values_are_refused(entity, focal_point, fields, field_in_error):
    with pytest.raises(ValidationError) as error:
        entity_update_profile(entity=entity, actor=focal_point, **fields)
    assert field_in_error in error.value.message_dict
    assert not AuditEvent.objects.exists()


def test_fields_outside_the_profile_cannot_be_changed(entity, admin):
    with pytest.raises(TypeError, match="acronym"):
        entity_update_profile(entity=entity, actor=admin, acronym="XYZ")
