"""kpi_create, kpi_update, kpi_delete, target_set, target_delete."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.core.models import AuditEvent
from partnerhub.notifications.models import Notification
from partnerhub.partnerships.tests.factories import PartnerFactory, PartnershipFactory
from partnerhub.results import services
from partnerhub.results.models import KPI, KPITarget
from partnerhub.results.tests.factories import KPIFactory, KPITargetFactory

pytestmark = pytest.mark.django_db

D = datetime.date
DATA = {
    "name": "Children reached with school meals",
    "result_level": KPI.ResultLevel.OUTCOME,
    "unit": "children",
    "sdg_indicator": "2.1.1",
    "baseline_value": 1000,
    "baseline_year": 2025,
    "reporting_frequency": KPI.Frequency.QUARTERLY,
}
TARGET = {"period_start": D(2026, 1, 1), "period_end": D(2026, 12, 31), "value": 5000}


def create(partnership, actor, **changes):
    return services.kpi_create(
        partnership=partnership, actor=actor, data={**DATA, **changes}, targets=[TARGET]
    )


@pytest.mark.parametrize("role", ["focal_point", "me_officer", "admin"])
def test_lead_focal_points_me_officers_and_admins_define_kpis(request, partnership, role):
    actor = request.getfixturevalue(role)
    kpi = create(partnership, actor)
    assert kpi.defined_at_status == "review"
    assert [t.value for t in kpi.targets.all()] == [5000]
    event = AuditEvent.objects.get(verb="results.kpi_created")
    assert event.target_id == str(partnership.pk)
    assert event.details["name"] == DATA["name"]


@pytest.mark.parametrize(
    "role",
    [
        "company_rep",
        "other_focal_point",
        "screening_officer",
        "legal_officer",
        "coordinator",
        "country_coordinator",
        "anonymous",
    ],
)
def test_others_may_not(request, partnership, role):
    with pytest.raises(PermissionDenied):
        create(partnership, request.getfixturevalue(role))
    assert not KPI.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="results.").exists()


@pytest.mark.parametrize("status", ["active", "suspended", "closing", "closed"])
def test_kpis_are_frozen_once_active(partnership, focal_point, kpi, status):
    partnership.status = status
    partnership.save()
    target = kpi.targets.get()
    for attempt in (
        lambda: create(partnership, focal_point),
        lambda: services.kpi_update(kpi=kpi, actor=focal_point, data={"name": "Moved goalposts"}),
        lambda: services.kpi_delete(kpi=kpi, actor=focal_point),
        lambda: services.target_set(kpi=kpi, actor=focal_point, data=TARGET),
        lambda: services.target_delete(target=target, actor=focal_point),
    ):
        with pytest.raises(ValidationError, match="KPIs are fixed once a partnership is active"):
            attempt()
    kpi.refresh_from_db()
    assert kpi.name != "Moved goalposts"
    assert KPITarget.objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize("status", ["draft", "proposed", "due_diligence", "review", "agreement"])
def test_defined_at_status_records_the_stage(entity, focal_point, status):
    partnership = PartnershipFactory(lead_entity=entity, status=status)
    assert create(partnership, focal_point).defined_at_status == status


@pytest.mark.parametrize(
    ("indicator", "ok"),
    [
        ("3.1.1", True),
        ("14.a.1", True),
        ("17.19.2", True),
        ("3.1", False),
        ("3-1-1", False),
        ("18.1.1", False),
        ("3.99.1", False),
        ("x.1.1", False),
    ],
)
def test_sdg_indicator_format_and_target(partnership, focal_point, indicator, ok):
    if ok:
        assert create(partnership, focal_point, sdg_indicator=indicator).sdg_indicator == indicator
    else:
        with pytest.raises(ValidationError) as exc:
            create(partnership, focal_point, sdg_indicator=indicator)
        assert "sdg_indicator" in exc.value.error_dict


@pytest.mark.parametrize("year", [1900, datetime.date.today().year + 1])
def test_baseline_year_is_sane(partnership, focal_point, year):
    with pytest.raises(ValidationError, match="baseline year"):
        create(partnership, focal_point, baseline_year=year)


def test_a_baseline_value_needs_its_year(partnership, focal_point):
    with pytest.raises(ValidationError, match="which year"):
        create(partnership, focal_point, baseline_year=None)


def test_the_responsible_partner_must_be_a_partner_here(partnership, focal_point, partner):
    assert (
        create(partnership, focal_point, responsible_partner=partner).responsible_partner == partner
    )
    stranger = PartnerFactory()
    with pytest.raises(ValidationError, match="partner here"):
        create(partnership, focal_point, responsible_partner=stranger)


def test_the_responsible_partners_reps_are_told(partnership, focal_point, partner, company_rep):
    create(partnership, focal_point, responsible_partner=partner)
    assert Notification.objects.filter(user=company_rep, verb="results.kpi_assigned").exists()
    assert not Notification.objects.filter(user=focal_point).exists()


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ({**TARGET, "period_start": D(2025, 6, 1)}, "starts before the partnership"),
        ({**TARGET, "period_end": D(2028, 6, 1)}, "ends after the partnership"),
        (
            {**TARGET, "period_end": D(2025, 12, 1), "period_start": D(2026, 2, 1)},
            "ends before it starts",
        ),
        ({**TARGET, "value": None}, "Give the target a value"),
    ],
)
def test_targets_are_checked(partnership, focal_point, target, message):
    with pytest.raises(ValidationError, match=message):
        services.kpi_create(partnership=partnership, actor=focal_point, data=DATA, targets=[target])
    assert not KPI.objects.exists()  # no partial write


def test_update_records_the_changed_fields(kpi, focal_point):
    services.kpi_update(kpi=kpi, actor=focal_point, data={"name": "Tonnes delivered", "unit": "t"})
    kpi.refresh_from_db()
    assert kpi.name == "Tonnes delivered"
    assert AuditEvent.objects.get(verb="results.kpi_updated").details["fields"] == ["name", "unit"]


def test_update_edits_and_adds_targets(kpi, focal_point):
    existing = kpi.targets.get()
    services.kpi_update(
        kpi=kpi,
        actor=focal_point,
        data={},
        targets=[
            {
                "id": existing.pk,
                "period_start": D(2026, 1, 1),
                "period_end": D(2026, 12, 31),
                "value": 120,
            },
            {"period_start": D(2027, 1, 1), "period_end": D(2027, 12, 31), "value": 250},
        ],
    )
    assert [(t.value) for t in kpi.targets.order_by("period_start")] == [120, 250]


def test_update_refused_for_others(kpi, other_focal_point, company_rep):
    for actor in (other_focal_point, company_rep):
        with pytest.raises(PermissionDenied):
            services.kpi_update(kpi=kpi, actor=actor, data={"name": "x"})


def test_delete(kpi, me_officer):
    services.kpi_delete(kpi=kpi, actor=me_officer)
    assert not KPI.objects.exists()
    assert AuditEvent.objects.get(verb="results.kpi_deleted").details["name"] == kpi.name


def test_delete_refused_for_the_company(kpi, company_rep):
    with pytest.raises(PermissionDenied):
        services.kpi_delete(kpi=kpi, actor=company_rep)
    assert KPI.objects.filter(pk=kpi.pk).exists()


def test_target_set_replaces_the_periods_target(kpi, focal_point):
    target = services.target_set(kpi=kpi, actor=focal_point, data={**TARGET, "value": 90})
    assert list(kpi.targets.values_list("value", flat=True)) == [90]
    assert target.pk == kpi.targets.get().pk
    assert AuditEvent.objects.filter(verb="results.target_set").count() == 1


def test_target_set_refuses_a_target_of_another_kpi(kpi, focal_point):
    other = KPITargetFactory(kpi=KPIFactory(partnership=kpi.partnership))
    with pytest.raises(ValidationError, match="not one of this KPI's"):
        services.target_set(kpi=kpi, actor=focal_point, data=TARGET, target=other)


def test_qualitative_targets_are_described(partnership, focal_point):
    kpi = services.kpi_create(
        partnership=partnership,
        actor=focal_point,
        data={**DATA, "measure": KPI.Measure.QUALITATIVE, "baseline_value": None},
    )
    with pytest.raises(ValidationError, match="described, not valued"):
        services.target_set(kpi=kpi, actor=focal_point, data=TARGET)
    services.target_set(
        kpi=kpi, actor=focal_point, data={**TARGET, "value": None, "comment": "Policy adopted"}
    )


def test_target_delete(kpi, focal_point, company_rep):
    target = kpi.targets.get()
    with pytest.raises(PermissionDenied):
        services.target_delete(target=target, actor=company_rep)
    services.target_delete(target=target, actor=focal_point)
    assert not KPITarget.objects.exists()
    assert AuditEvent.objects.filter(verb="results.target_deleted").exists()
