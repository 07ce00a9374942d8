"""The KPI form (with targets as rows) and the confirmations before removing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.core.models import AuditEvent
from partnerhub.results.models import KPI, KPITarget

pytestmark = pytest.mark.django_db


def form_data(**changes):
    data = {
        "name": "Meals served",
        "result_level": "2",
        "measure": "1",
        "unit": "meals",
        "ascending": "on",
        "sdg_indicator": "2.1.1",
        "baseline_value": "0",
        "baseline_year": "2025",
        "baseline_comment": "",
        "reporting_frequency": "quarterly",
        "responsible_partner": "",
        "targets-TOTAL_FORMS": "2",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "40",
        "targets-0-period_start": "2026-01-01",
        "targets-0-period_end": "2026-12-31",
        "targets-0-value": "1000",
        "targets-1-period_start": "",
        "targets-1-period_end": "",
        "targets-1-value": "",
    }
    data.update(changes)
    return data


def test_the_lead_entity_adds_a_kpi_with_targets(as_role, partnership):
    _user, client = as_role("me_officer")
    url = reverse("results:kpi_create", args=[partnership.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data())
    assert response.status_code == 302
    assert response["Location"].endswith("#results")
    kpi = KPI.objects.get(name="Meals served")
    assert [t.value for t in kpi.targets.all()] == [1000]


def test_errors_come_back_on_the_form(as_role, partnership):
    _user, client = as_role("focal_point")
    response = client.post(
        reverse("results:kpi_create", args=[partnership.pk]), form_data(sdg_indicator="3.99.1")
    )
    assert response.status_code == 400
    assert "There is no SDG target 3.99" in response.content.decode()
    response = client.post(
        reverse("results:kpi_create", args=[partnership.pk]),
        form_data(**{"targets-0-period_start": "2020-01-01"}),
    )
    assert response.status_code == 400
    assert "starts before the partnership" in response.content.decode()
    assert not KPI.objects.filter(name="Meals served").exists()


def test_editing_changes_existing_targets(as_role, kpi):
    target = kpi.targets.get()
    _user, client = as_role("focal_point")
    url = reverse("results:kpi_edit", args=[kpi.pk])
    html = client.get(url).content.decode()
    assert reverse("results:target_delete", args=[target.pk]) in html
    data = form_data(
        name="Tonnes delivered",
        responsible_partner=str(kpi.responsible_partner_id),
        **{
            "targets-TOTAL_FORMS": "3",
            "targets-INITIAL_FORMS": "1",
            "targets-0-id": str(target.pk),
            "targets-0-value": "150",
            "targets-2-period_start": "",
            "targets-2-period_end": "",
            "targets-2-value": "",
        },
    )
    assert client.post(url, data).status_code == 302
    kpi.refresh_from_db()
    assert kpi.name == "Tonnes delivered"
    assert list(kpi.targets.values_list("value", flat=True)) == [150]


@pytest.mark.parametrize(
    "role",
    ["company_rep", "other_focal_point", "screening_officer", "legal_officer", "coordinator"],
)
def test_others_are_refused(as_role, partnership, kpi, role):
    _user, client = as_role(role)
    for url in (
        reverse("results:kpi_create", args=[partnership.pk]),
        reverse("results:kpi_edit", args=[kpi.pk]),
        reverse("results:kpi_delete", args=[kpi.pk]),
        reverse("results:target_delete", args=[kpi.targets.get().pk]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, form_data()).status_code == 403
    assert KPI.objects.count() == 1


def test_anonymous_goes_to_login(client, kpi):
    response = client.get(reverse("results:kpi_edit", args=[kpi.pk]))
    assert response.status_code == 302


def test_once_active_the_form_sends_you_back(as_role, active, kpi):
    _user, client = as_role("focal_point")
    response = client.get(reverse("results:kpi_edit", args=[kpi.pk]))
    assert response.status_code == 302
    response = client.post(reverse("results:kpi_delete", args=[kpi.pk]))
    assert KPI.objects.filter(pk=kpi.pk).exists()


def test_removing_a_kpi_asks_first(as_role, kpi):
    _user, client = as_role("focal_point")
    url = reverse("results:kpi_delete", args=[kpi.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Remove this KPI?" in response.content.decode()
    assert KPI.objects.filter(pk=kpi.pk).exists()
    assert client.post(url).status_code == 302
    assert not KPI.objects.filter(pk=kpi.pk).exists()
    assert AuditEvent.objects.filter(verb="results.kpi_deleted").exists()


def test_removing_a_target_asks_first(as_role, kpi):
    target = kpi.targets.get()
    _user, client = as_role("focal_point")
    url = reverse("results:target_delete", args=[target.pk])
    assert "Remove this target?" in client.get(url).content.decode()
    client.post(url)
    assert not KPITarget.objects.exists()


def test_unknown_kpi_404(as_role):
    _user, client = as_role("focal_point")
    assert client.get(reverse("results:kpi_edit", args=[999999])).status_code == 404
