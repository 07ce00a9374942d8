from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.appraisals import selectors
from partnerhub.appraisals.models import EntityThresholds, StaffRate
from partnerhub.appraisals.services import staff_rate_set, thresholds_update
from partnerhub.appraisals.tests.factories import StaffRateFactory, ThresholdsFactory
from partnerhub.core.models import AuditEvent

DAY = datetime.date(2026, 1, 1)


def _rate(actor, **changes):
    values = {
        "grade": "p5",
        "daily_rate_usd": "990.00",
        "valid_from": DAY,
        "source": "Illustrative: demo figures",
    }
    values.update(changes)
    return staff_rate_set(actor=actor, **values)


@pytest.mark.parametrize("role", ["admin", "coordinator"])
def test_managers_set_system_and_entity_rates(request, role, entity):
    actor = request.getfixturevalue(role)
    system = _rate(actor)
    own = _rate(actor, entity=entity, daily_rate_usd=700)
    assert (system.grade, system.entity, system.daily_rate_usd) == ("P5", None, Decimal("990"))
    assert own.entity == entity
    events = AuditEvent.objects.filter(verb="appraisal.staff_rate_set")
    assert events.count() == 2
    assert events.first().details["source"] == "Illustrative: demo figures"


def test_setting_a_rate_again_for_the_same_date_corrects_it(admin):
    _rate(admin)
    row = _rate(admin, daily_rate_usd=1000, source="Corrected")
    assert StaffRate.objects.count() == 1
    assert row.daily_rate_usd == 1000
    event = AuditEvent.objects.filter(verb="appraisal.staff_rate_set").order_by("-id").first()
    assert event.details["previous"] == {
        "daily_rate_usd": "990.00",
        "source": "Illustrative: demo figures",
    }


@pytest.mark.parametrize(
    "role", ["focal_point", "other_focal_point", "screening_officer", "company_rep", "anonymous"]
)
def test_others_do_not_set_rates(request, role, entity):
    with pytest.raises(PermissionDenied):
        _rate(request.getfixturevalue(role), entity=entity)
    assert not StaffRate.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"source": "  "},
        {"daily_rate_usd": 0},
        {"daily_rate_usd": "-5"},
        {"grade": "P 4"},
        {"grade": ""},
        {"valid_from": "soon"},
    ],
)
def test_bad_rates_are_refused(admin, changes):
    with pytest.raises(ValidationError):
        _rate(admin, **changes)
    assert not StaffRate.objects.exists()


def test_rates_in_force_prefer_the_entitys_and_the_latest(db, entity, other_entity):
    StaffRateFactory(grade="P4", daily_rate_usd=800, valid_from=datetime.date(2024, 1, 1))
    StaffRateFactory(grade="P4", daily_rate_usd=850, valid_from=datetime.date(2025, 1, 1))
    StaffRateFactory(grade="P4", daily_rate_usd=999, valid_from=datetime.date(2099, 1, 1))
    StaffRateFactory(
        entity=entity, grade="P4", daily_rate_usd=900, valid_from=datetime.date(2023, 1, 1)
    )
    StaffRateFactory(grade="G6", daily_rate_usd=400)
    on = datetime.date(2026, 6, 1)
    wfp = {g: r.daily_rate_usd for g, r in selectors.rates_in_force(entity, on).items()}
    assert wfp == {"G6": 400, "P4": 900}
    unhcr = {g: r.daily_rate_usd for g, r in selectors.rates_in_force(other_entity, on).items()}
    assert unhcr == {"G6": 400, "P4": 850}


# --- Thresholds ---------------------------------------------------------------------------------


def test_a_focal_point_sets_its_entitys_thresholds(focal_point, entity):
    ThresholdsFactory(entity=None, min_leverage_ratio=2)
    row = thresholds_update(
        actor=focal_point,
        entity=entity,
        data={"min_strategic_fit": "0.5", "max_risk_rating": "low"},
    )
    assert row.entity == entity and row.updated_by == focal_point
    # Starts from the system's thresholds for what it does not set.
    assert row.min_leverage_ratio == 2
    assert row.min_strategic_fit == Decimal("0.5")
    [event] = AuditEvent.objects.filter(verb="appraisal.thresholds_updated")
    assert event.details["changed"]["max_risk_rating"] == {"from": "moderate", "to": "low"}
    assert selectors.thresholds_for(entity) == row


@pytest.mark.parametrize("role", ["admin", "coordinator"])
def test_managers_set_the_system_thresholds(request, role):
    row = thresholds_update(actor=request.getfixturevalue(role), data={"min_leverage_ratio": 3})
    assert row.entity is None and row.min_leverage_ratio == 3


@pytest.mark.parametrize(
    "role", ["other_focal_point", "screening_officer", "company_rep", "anonymous"]
)
def test_others_do_not_set_an_entitys_thresholds(request, role, entity):
    with pytest.raises(PermissionDenied):
        thresholds_update(actor=request.getfixturevalue(role), entity=entity, data={})
    assert not EntityThresholds.objects.exists()


def test_a_focal_point_does_not_set_the_system_thresholds(focal_point):
    with pytest.raises(PermissionDenied):
        thresholds_update(actor=focal_point, data={"min_leverage_ratio": 0})


@pytest.mark.parametrize(
    "data",
    [
        {"min_strategic_fit": "1.5"},
        {"min_leverage_ratio": -1},
        {"max_risk_rating": "medium"},
        {"pro_bono_hour_value_usd": "x"},
        {"colour": "blue"},
    ],
)
def test_bad_thresholds_are_refused(admin, data):
    with pytest.raises(ValidationError):
        thresholds_update(actor=admin, data=data)
    assert not EntityThresholds.objects.exists()


def test_without_any_row_the_defaults_apply(db, entity):
    thresholds = selectors.thresholds_for(entity)
    assert thresholds.pk is None
    assert (thresholds.min_leverage_ratio, thresholds.max_risk_rating) == (1, "moderate")
