"""evaluation_record and no_evaluation_reason_set."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.core.models import AuditEvent
from partnerhub.notifications.models import Notification
from partnerhub.results import services
from partnerhub.results.models import Evaluation

pytestmark = pytest.mark.django_db

DATA = {
    "kind": "final",
    "independence": "independent",
    "evaluator": "WFP Office of Evaluation",
    "completed_on": datetime.date(2026, 10, 1),
    "rating": 5,
    "findings": "Deliveries reached 9 of 10 districts.",
    "recommendations": "Pre-position stock.",
    "management_response": "Agreed.",
}


@pytest.mark.parametrize("role", ["focal_point", "me_officer", "admin"])
def test_recorded_by_the_lead_entity(request, active, company_rep, role):
    actor = request.getfixturevalue(role)
    evaluation = services.evaluation_record(partnership=active, actor=actor, data=DATA)
    assert evaluation.created_by == actor
    assert AuditEvent.objects.get(verb="results.evaluation_recorded").target_id == str(active.pk)
    assert Notification.objects.filter(
        user=company_rep, verb="results.evaluation_recorded"
    ).exists()
    assert not Notification.objects.filter(user=actor).exists()


@pytest.mark.parametrize(
    "role",
    [
        "company_rep",
        "other_focal_point",
        "screening_officer",
        "legal_officer",
        "coordinator",
        "anonymous",
    ],
)
def test_others_may_not_record(request, active, role):
    with pytest.raises(PermissionDenied):
        services.evaluation_record(
            partnership=active, actor=request.getfixturevalue(role), data=DATA
        )
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("status", ["review", "agreement", "draft"])
def test_not_before_the_partnership_runs(partnership, focal_point, status):
    partnership.status = status
    partnership.save()
    with pytest.raises(ValidationError, match="once a partnership is active"):
        services.evaluation_record(partnership=partnership, actor=focal_point, data=DATA)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "annual"}, "kind"),
        ({"independence": "self"}, "independence"),
        ({"rating": 7}, "rating"),
        ({"findings": " "}, "findings"),
        ({"completed_on": datetime.date.today() + datetime.timedelta(days=3)}, "completed_on"),
        ({"completed_on": None}, "completed_on"),
    ],
)
def test_bad_data(active, focal_point, change, field):
    with pytest.raises(ValidationError) as exc:
        services.evaluation_record(partnership=active, actor=focal_point, data={**DATA, **change})
    assert field in exc.value.error_dict


def test_reason_for_no_evaluation_while_closing(active, focal_point, me_officer):
    with pytest.raises(ValidationError, match="while closing"):
        services.no_evaluation_reason_set(partnership=active, actor=focal_point, reason="Too small")
    active.status = "closing"
    active.save()
    with pytest.raises(ValidationError, match="why there is no evaluation"):
        services.no_evaluation_reason_set(partnership=active, actor=focal_point, reason="  ")
    services.no_evaluation_reason_set(
        partnership=active, actor=focal_point, reason="Below the evaluation threshold."
    )
    active.refresh_from_db()
    assert active.no_evaluation_reason == "Below the evaluation threshold."
    assert AuditEvent.objects.filter(verb="results.no_evaluation_reason_set").exists()
    assert Notification.objects.filter(user=me_officer).exists()


@pytest.mark.parametrize("role", ["company_rep", "other_focal_point", "legal_officer", "anonymous"])
def test_reason_refused_for_others(request, active, role):
    active.status = "closing"
    active.save()
    with pytest.raises(PermissionDenied):
        services.no_evaluation_reason_set(
            partnership=active, actor=request.getfixturevalue(role), reason="No"
        )
