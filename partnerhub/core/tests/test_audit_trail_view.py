from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from partnerhub.core.services import audit_record


def url_for(obj, app="entities", model="unentity"):
    return reverse("core:audit_trail", args=[app, model, obj.pk])


@pytest.fixture
def entity_event(entity, admin):
    with transaction.atomic():
        return audit_record(actor=admin, verb="entity.profile_updated", target=entity)


@pytest.mark.parametrize("role", ["focal_point", "screening_officer", "coordinator", "admin"])
def test_it_shows_entity_trail_to_its_staff(as_role, role, entity, entity_event):
    _user, client = as_role(role)
    response = client.get(url_for(entity))
    assert response.status_code == 200
    assert b"entity.profile_updated" in response.content


@pytest.mark.parametrize(
    "role", ["plain_user", "company_rep", "other_focal_point", "country_coordinator"]
)
def test_it_denies_entity_trail_to_others(as_role, role, entity, entity_event):
    _user, client = as_role(role)
    assert client.get(url_for(entity)).status_code == 403


def test_it_denies_anonymous(as_role, entity):
    _user, client = as_role("anonymous")
    assert client.get(url_for(entity)).status_code == 403


@pytest.mark.parametrize("role", ["focal_point", "country_coordinator", "coordinator", "admin"])
def test_it_shows_organisation_trail_to_un_staff(as_role, role, organisation):
    _user, client = as_role(role)
    assert client.get(url_for(organisation, "organisations", "organisation")).status_code == 200


@pytest.mark.parametrize("role", ["anonymous", "plain_user", "company_rep"])
def test_it_denies_organisation_trail_outside_the_un(as_role, role, organisation):
    _user, client = as_role(role)
    assert client.get(url_for(organisation, "organisations", "organisation")).status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/audit/accounts/user/1/",
        "/audit/nonsense/thing/1/",
        "/audit/entities/unentity/999999/",
        "/audit/entities/unentity/abc/",
    ],
)
def test_it_answers_404_for_unknown_targets(as_role, path):
    _user, client = as_role("admin")
    assert client.get(path).status_code == 404


def test_query_count_does_not_grow_with_events(
    as_role, entity, admin, django_assert_max_num_queries
):
    _user, client = as_role("admin")
    with transaction.atomic():
        audit_record(actor=admin, verb="one", target=entity)
    with django_assert_max_num_queries(12) as one:
        client.get(url_for(entity))
    with transaction.atomic():
        for n in range(49):
            audit_record(actor=admin, verb=f"event{n}", target=entity)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url_for(entity))
    assert response.content.count(b"<code>event") == 49


def test_field_history_names_the_changed_fields(as_role, entity, focal_point):
    from partnerhub.entities.services import entity_update_profile

    entity_update_profile(entity=entity, actor=focal_point, mandate="Fight hunger worldwide.")
    _user, client = as_role("admin")
    response = client.get(url_for(entity))
    assert b"<code>mandate</code>" in response.content
