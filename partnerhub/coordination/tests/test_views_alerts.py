"""The alert pages: /coordination/alerts/, one alert, and its acknowledge button."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.coordination.models import CoordinationAlert
from partnerhub.coordination.services import engagement_started
from partnerhub.entities.tests.factories import UNEntityFactory
from partnerhub.organisations.tests.factories import OrganisationFactory

from .conftest import entity_interest

ALERTS = reverse("coordination:alerts")


@pytest.fixture
def alert(wfp_interest, other_entity, organisation, offer):
    [alert] = engagement_started(
        entity=other_entity,
        organisation=organisation,
        kind="interest",
        target=entity_interest(offer, other_entity),
        actor=None,
    )
    return alert


def _detail(alert):
    return reverse("coordination:alert_detail", args=[alert.pk])


def _acknowledge(alert):
    return reverse("coordination:alert_acknowledge", args=[alert.pk])


def test_anonymous_goes_to_login(client, alert):
    for url in (ALERTS, _detail(alert)):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    assert client.post(_acknowledge(alert)).status_code == 302


def test_the_company_is_refused(as_role, alert):
    _user, client = as_role("company_rep")
    assert client.get(ALERTS).status_code == 403
    assert client.get(_detail(alert)).status_code == 403
    assert client.post(_acknowledge(alert)).status_code == 403


@pytest.mark.parametrize("role", ["focal_point", "other_focal_point", "legal_officer"])
def test_staff_of_either_entity_see_the_alert_with_both_engagements(as_role, role, alert):
    _user, client = as_role(role)
    assert [a.pk for a in client.get(ALERTS).context["page_obj"].object_list] == [alert.pk]
    response = client.get(_detail(alert))
    assert response.status_code == 200
    content = response.content.decode()
    assert alert.first_url in content
    assert alert.second_url in content
    assert "WFP and UNHCR are both engaging" in content


def test_only_focal_points_get_the_acknowledge_button(as_role, alert):
    _user, client = as_role("focal_point")
    assert client.get(_detail(alert)).context["can_acknowledge"]
    _user, client = as_role("legal_officer")
    assert not client.get(_detail(alert)).context["can_acknowledge"]


def test_staff_of_other_entities_do_not_see_it(as_role, alert):
    _user, client = as_role("country_coordinator")
    assert list(client.get(ALERTS).context["page_obj"].object_list) == []
    assert client.get(_detail(alert)).status_code == 404


def test_the_coordinator_sees_every_alert_and_can_filter_open_ones(as_role, alert):
    _user, client = as_role("coordinator")
    assert len(client.get(ALERTS).context["page_obj"].object_list) == 1
    client.post(_acknowledge(alert))
    assert len(client.get(ALERTS, {"open": "1"}).context["page_obj"].object_list) == 0
    assert len(client.get(ALERTS).context["page_obj"].object_list) == 1


def test_a_focal_point_acknowledges_with_a_post(as_role, alert):
    user, client = as_role("focal_point")
    assert client.get(_acknowledge(alert)).status_code == 405
    response = client.post(_acknowledge(alert), follow=True)
    assert response.redirect_chain[-1][0] == _detail(alert)
    assert "Alert acknowledged." in response.content.decode()
    alert.refresh_from_db()
    assert alert.first_acknowledged_by == user
    again = client.post(_acknowledge(alert), follow=True)
    assert "already acknowledged" in again.content.decode()


def test_a_legal_officer_may_read_but_not_acknowledge(as_role, alert):
    _user, client = as_role("legal_officer")
    assert client.post(_acknowledge(alert)).status_code == 403
    alert.refresh_from_db()
    assert alert.first_acknowledged_at is None


@pytest.mark.parametrize("rows", [1, 50])
def test_query_count_does_not_grow_with_rows(
    as_role, entity, rows, django_assert_max_num_queries, settings
):
    settings.PAGE_SIZE = 100
    organisation = OrganisationFactory()
    for n in range(rows):
        other = UNEntityFactory(acronym=f"E{n}")
        CoordinationAlert.objects.create(
            organisation=organisation,
            first_entity=entity,
            first_kind="interest",
            first_label="Need",
            second_entity=other,
            second_kind="offer",
            second_label="Offer",
            pair_key=CoordinationAlert.pair_key_for(
                (organisation.pk, organisation.pk), (entity.pk, other.pk)
            ),
        )
    _user, client = as_role("focal_point")
    with django_assert_max_num_queries(8):
        response = client.get(ALERTS)
    assert len(response.context["page_obj"].object_list) == rows
