"""alert_acknowledge: each entity's focal points acknowledge for their side; the system
coordinator closes the alert for both."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.accounts.models import Role
from partnerhub.accounts.tests.factories import MembershipFactory, UserFactory
from partnerhub.coordination.services import alert_acknowledge, engagement_started
from partnerhub.core.models import AuditEvent

from .conftest import entity_interest


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


def test_each_focal_point_acknowledges_their_side(alert, focal_point, other_focal_point):
    alert = alert_acknowledge(alert=alert, actor=focal_point)
    assert alert.first_acknowledged_by == focal_point
    assert alert.second_acknowledged_at is None
    assert alert.is_open

    alert = alert_acknowledge(alert=alert, actor=other_focal_point)
    assert alert.second_acknowledged_by == other_focal_point
    assert not alert.is_open
    events = AuditEvent.objects.filter(verb="coordination.alert_acknowledged")
    assert [e.details["sides"] for e in events.order_by("id")] == [["first"], ["second"]]


def test_the_coordinator_closes_it_for_both(alert, coordinator):
    alert = alert_acknowledge(alert=alert, actor=coordinator)
    assert alert.coordinator_acknowledged_by == coordinator
    assert alert.first_acknowledged_at is None
    assert not alert.is_open


def test_acknowledging_twice_is_refused_with_a_reason(alert, focal_point):
    alert_acknowledge(alert=alert, actor=focal_point)
    with pytest.raises(ValidationError, match="already acknowledged"):
        alert_acknowledge(alert=alert, actor=focal_point)


@pytest.mark.parametrize(
    "role", ["company_rep", "legal_officer", "screening_officer", "country_coordinator"]
)
def test_others_may_not_acknowledge(alert, role, request):
    with pytest.raises(PermissionDenied):
        alert_acknowledge(alert=alert, actor=request.getfixturevalue(role))
    assert not AuditEvent.objects.filter(verb="coordination.alert_acknowledged").exists()


def test_a_focal_point_of_a_third_entity_may_not_acknowledge(alert, third_entity):
    outsider = UserFactory(email="focal@unicef.example")
    MembershipFactory(user=outsider, role=Role.FOCAL_POINT, un_entity=third_entity)
    with pytest.raises(PermissionDenied):
        alert_acknowledge(alert=alert, actor=outsider)
