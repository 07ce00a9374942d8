from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.partnerships.tests.factories import PartnerFactory, PartnershipFactory

LIST = reverse("partnerships:list")


def _titles(response):
    return {p.title for p in response.context["page_obj"].object_list}


@pytest.fixture
def partnerships(entity, other_entity, organisation):
    ours_draft = PartnershipFactory(title="WFP draft", lead_entity=entity)
    PartnerFactory(partnership=ours_draft, organisation=organisation)
    theirs_draft = PartnershipFactory(title="UNHCR draft", lead_entity=other_entity)
    theirs_active = PartnershipFactory(
        title="UNHCR active", lead_entity=other_entity, status="active"
    )
    return ours_draft, theirs_draft, theirs_active


def test_anonymous_goes_to_login(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_user_without_role_is_refused(as_role):
    _user, client = as_role("plain_user")
    assert client.get(LIST).status_code == 403


def test_un_staff_see_everything_past_draft_and_their_entitys_drafts(as_role, partnerships):
    _user, client = as_role("focal_point")
    assert _titles(client.get(LIST)) == {"WFP draft", "UNHCR active"}
    _user, client = as_role("other_focal_point")
    assert _titles(client.get(LIST)) == {"UNHCR draft", "UNHCR active"}


def test_a_company_sees_only_its_partnerships(as_role, partnerships):
    _user, client = as_role("company_rep")
    assert _titles(client.get(LIST)) == {"WFP draft"}


def test_the_coordinator_sees_all(as_role, partnerships):
    _user, client = as_role("coordinator")
    assert _titles(client.get(LIST)) == {"WFP draft", "UNHCR draft", "UNHCR active"}


def test_filter_by_status(as_role, partnerships):
    _user, client = as_role("coordinator")
    assert _titles(client.get(LIST, {"status": "active"})) == {"UNHCR active"}


@pytest.mark.parametrize("rows", [1, 50])
def test_query_count_does_not_grow_with_rows(
    as_role, entity, rows, django_assert_max_num_queries, settings
):
    settings.PAGE_SIZE = 100
    for partnership in PartnershipFactory.create_batch(rows, lead_entity=entity, status="active"):
        PartnerFactory(partnership=partnership)
    _user, client = as_role("focal_point")
    with django_assert_max_num_queries(12):
        response = client.get(LIST)
    assert len(response.context["page_obj"].object_list) == rows
