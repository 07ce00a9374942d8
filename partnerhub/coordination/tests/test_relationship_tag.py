"""The organisation page's "Relationship with the UN system" section (the un_relationship
tag): every engagement of the organisation, open and past, grouped by entity, for UN staff
only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.marketplace.tests.factories import InterestFactory, NeedFactory
from partnerhub.partnerships.tests.factories import PartnerFactory, PartnershipFactory, screening_of

from .conftest import entity_interest

HEADING = "Relationship with the UN system"


@pytest.fixture
def history(wfp_interest, entity, other_entity, organisation, offer):
    entity_interest(offer, other_entity)
    closed = PartnershipFactory(lead_entity=entity, status="closed", title="Drought response 2024")
    PartnerFactory(partnership=closed, organisation=organisation)
    screening_of(organisation, other_entity, status="completed")


def _page(client, organisation):
    return client.get(reverse("organisations:detail", args=[organisation.pk]))


@pytest.mark.parametrize(
    "role", ["focal_point", "me_officer", "country_coordinator", "coordinator"]
)
def test_un_staff_see_every_engagement_grouped_by_entity(as_role, role, history, organisation):
    _user, client = as_role(role)
    content = _page(client, organisation).content.decode()
    assert HEADING in content
    assert "Trucks for Port Sudan" in content  # WFP's open interest
    assert "Drought response 2024" in content  # WFP's past partnership
    assert "Ten trucks in Mombasa" in content  # UNHCR's interest
    assert "Due diligence screening: approve" in content  # UNHCR's completed screening
    assert "2 entities are engaging this organisation now" in content


@pytest.mark.parametrize("role", ["anonymous", "plain_user", "company_rep"])
def test_companies_and_the_public_do_not_see_it(as_role, role, history, organisation):
    _user, client = as_role(role)
    response = _page(client, organisation)
    assert response.status_code == 200
    content = response.content.decode()
    assert HEADING not in content
    assert "Drought response 2024" not in content


def test_an_organisation_nobody_engaged_says_so(as_role, organisation):
    _user, client = as_role("focal_point")
    assert (
        "No UN entity has engaged this organisation" in _page(client, organisation).content.decode()
    )


@pytest.mark.parametrize("rows", [1, 50])
def test_query_count_does_not_grow_with_engagements(
    as_role, entity, organisation, rows, django_assert_max_num_queries
):
    need = NeedFactory(entity=entity)
    for _ in range(rows):
        InterestFactory(need=need, organisation=organisation)
        PartnerFactory(
            partnership=PartnershipFactory(lead_entity=entity), organisation=organisation
        )
    _user, client = as_role("focal_point")
    with django_assert_max_num_queries(11):
        response = _page(client, organisation)
    assert response.content.decode().count("bi-circle-fill") == 2 * rows
