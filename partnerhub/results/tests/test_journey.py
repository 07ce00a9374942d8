"""Journey 4: the company submits progress reports; traffic lights show where targets slip;
a final evaluation and lessons learned close it. Every step is on its timeline and in the
audit trail."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from partnerhub.core.models import AuditEvent
from partnerhub.partnerships.tests.factories import PartnerFactory, PartnershipFactory
from partnerhub.results import services
from partnerhub.results.models import ProgressReport
from partnerhub.results.tests.factories import KPIFactory, KPITargetFactory

pytestmark = pytest.mark.django_db


def schedule(partnership):
    """What partnership_transition does on entering active and closing (idempotent, so
    harmless if the transition has done it already)."""
    partnership.refresh_from_db()
    with transaction.atomic():
        services.reports_schedule(partnership=partnership)


def test_results_to_closure(as_role, entity, organisation):
    today = datetime.date.today()
    partnership = PartnershipFactory(
        lead_entity=entity,
        status="active",
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=300),
    )
    partner = PartnerFactory(partnership=partnership, organisation=organisation)
    kpi = KPIFactory(
        partnership=partnership,
        responsible_partner=partner,
        baseline_year=today.year - 1,
        reporting_frequency="quarterly",
    )
    KPITargetFactory(
        kpi=kpi, period_start=partnership.starts_on, period_end=partnership.ends_on, value=1000
    )
    schedule(partnership)
    first = ProgressReport.objects.filter(partnership=partnership).order_by("period_start").first()
    assert first.period_start == partnership.starts_on

    # The company submits its first quarterly report; the focal point accepts it.
    _rep, company = as_role("company_rep")
    response = company.post(
        reverse("results:report", args=[first.pk]),
        {"narrative": "Customs held the trucks for a month.", f"value_{kpi.pk}": "50"},
    )
    assert response.status_code == 302
    _fp, focal = as_role("focal_point")
    focal.post(reverse("results:report_review", args=[first.pk]), {"decision": "accept"})
    first.refresh_from_db()
    assert first.status == "accepted"

    # The light shows the target slipping: 50 of 1000 after a quarter of the time.
    detail = reverse("partnerships:detail", args=[partnership.pk])
    html = focal.get(detail).content.decode()
    assert "Off track" in html
    assert "Off track" in company.get(detail).content.decode()

    # Closing: the final report, a final evaluation and a lesson.
    focal.post(reverse("partnerships:transition", args=[partnership.pk]), {"to": "closing"})
    partnership.refresh_from_db()
    assert partnership.status == "closing"
    schedule(partnership)
    final = ProgressReport.objects.get(partnership=partnership, is_final=True)
    company.post(
        reverse("results:report", args=[final.pk]),
        {"narrative": "Recovered after customs cleared.", f"value_{kpi.pk}": "900"},
    )
    focal.post(reverse("results:report_review", args=[final.pk]), {"decision": "accept"})
    response = focal.post(
        reverse("results:evaluation_create", args=[partnership.pk]),
        {
            "kind": "final",
            "independence": "independent",
            "completed_on": today.isoformat(),
            "rating": "4",
            "findings": "Late start, strong finish.",
        },
    )
    assert response.status_code == 302
    focal.post(
        reverse("knowledge:lesson_create"),
        {
            "partnership": partnership.pk,
            "kind": "lesson",
            "title": "Clear customs before trucks move",
            "text": "A month was lost at the border.",
            "visibility": "un_only",
        },
    )
    focal.post(reverse("partnerships:transition", args=[partnership.pk]), {"to": "closed"})
    partnership.refresh_from_db()
    assert partnership.status == "closed"

    # Every step on the timeline and in the audit trail.
    verbs = list(
        AuditEvent.objects.filter(target_id=str(partnership.pk)).values_list("verb", flat=True)
    )
    for verb in (
        "results.reports_scheduled",
        "results.report_submitted",
        "results.report_accepted",
        "results.evaluation_recorded",
        "knowledge.lesson_recorded",
        "partnership.status_changed",
    ):
        assert verb in verbs
    html = focal.get(detail).content.decode()
    for label in (
        "Progress reports scheduled",
        "Progress report submitted",
        "Progress report accepted",
        "Evaluation recorded",
        "Lesson recorded",
    ):
        assert label in html
    assert "Clear customs before trucks move" in html
