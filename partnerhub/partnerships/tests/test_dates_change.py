"""Changing only the start and end dates past the proposal: rules, audit, the report schedule,
the page form and the API."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from partnerhub.core.models import AuditEvent
from partnerhub.partnerships import services
from partnerhub.partnerships.tests.factories import PartnerFactory, PartnershipFactory
from partnerhub.partnerships.tests.test_api_editing import Api
from partnerhub.results import services as result_services
from partnerhub.results.models import ProgressReport
from partnerhub.results.tests.factories import KPIFactory, ProgressReportFactory

D = datetime.date
TODAY = D(2026, 2, 10)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def active(entity, organisation):
    """Active, led by WFP, 2026-01-01 to 2026-06-30, one quarterly KPI."""
    partnership = PartnershipFactory(
        lead_entity=entity, status="active", starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30)
    )
    PartnerFactory(partnership=partnership, organisation=organisation)
    KPIFactory(partnership=partnership)
    return partnership


def change(partnership, actor, starts_on, ends_on):
    return services.partnership_dates_change(
        partnership=partnership, actor=actor, starts_on=starts_on, ends_on=ends_on
    )


def periods(partnership):
    return list(
        ProgressReport.objects.filter(partnership=partnership, is_final=False)
        .order_by("period_start")
        .values_list("period_start", "period_end")
    )


# --- The service ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["review", "agreement", "active", "closing"])
def test_focal_points_change_dates_past_the_proposal(active, focal_point, status):
    active.status = status
    active.save()
    assert change(active, focal_point, D(2026, 1, 1), D(2026, 9, 30)) == ["ends_on"]
    active.refresh_from_db()
    assert active.ends_on == D(2026, 9, 30)
    event = AuditEvent.objects.get(verb="partnership.dates_changed")
    assert event.actor == focal_point
    assert event.details["before"] == {"starts_on": "2026-01-01", "ends_on": "2026-06-30"}
    assert event.details["after"] == {"starts_on": "2026-01-01", "ends_on": "2026-09-30"}


@pytest.mark.parametrize(
    "status", ["draft", "proposed", "due_diligence", "suspended", "closed", "terminated"]
)
def test_other_states_refuse_a_date_change(active, focal_point, status):
    active.status = status
    active.save()
    with pytest.raises(ValidationError, match="dates can be changed only"):
        change(active, focal_point, D(2026, 1, 1), D(2026, 9, 30))
    active.refresh_from_db()
    assert active.ends_on == D(2026, 6, 30)


def test_administrators_may_change_dates(active, admin):
    change(active, admin, D(2026, 1, 1), D(2026, 12, 31))
    active.refresh_from_db()
    assert active.ends_on == D(2026, 12, 31)


@pytest.mark.parametrize(
    "role",
    ["other_focal_point", "legal_officer", "screening_officer", "coordinator", "company_rep"],
)
def test_others_may_not_change_dates(request, active, role):
    with pytest.raises(PermissionDenied):
        change(active, request.getfixturevalue(role), D(2026, 1, 1), D(2026, 12, 31))


def test_the_end_may_not_be_before_the_start(active, focal_point):
    with pytest.raises(ValidationError) as caught:
        change(active, focal_point, D(2026, 7, 1), D(2026, 6, 30))
    assert "end date is before the start date" in str(caught.value.message_dict["ends_on"])


def test_the_start_may_not_move_after_the_first_accepted_report(active, focal_point):
    ProgressReportFactory(partnership=active, status="accepted")  # 2026-01-01 – 2026-03-31
    with pytest.raises(ValidationError) as caught:
        change(active, focal_point, D(2026, 1, 2), D(2026, 6, 30))
    assert "2026-01-01" in str(caught.value.message_dict["starts_on"])
    change(active, focal_point, D(2025, 12, 1), D(2026, 6, 30))  # earlier is fine


def test_the_end_may_not_move_before_the_last_accepted_report(active, focal_point):
    ProgressReportFactory(
        partnership=active, status="accepted", period_start=D(2026, 4, 1), period_end=D(2026, 6, 30)
    )
    with pytest.raises(ValidationError) as caught:
        change(active, focal_point, D(2026, 1, 1), D(2026, 6, 29))
    assert "2026-06-30" in str(caught.value.message_dict["ends_on"])


def test_reports_not_yet_accepted_do_not_hold_the_dates(active, focal_point):
    ProgressReportFactory(partnership=active, status="submitted")
    ProgressReportFactory(
        partnership=active, status="due", period_start=D(2026, 4, 1), period_end=D(2026, 6, 30)
    )
    change(active, focal_point, D(2026, 2, 1), D(2026, 5, 31))
    active.refresh_from_db()
    assert (active.starts_on, active.ends_on) == (D(2026, 2, 1), D(2026, 5, 31))


def test_unchanged_dates_record_nothing(active, focal_point):
    assert change(active, focal_point, D(2026, 1, 1), D(2026, 6, 30)) == []
    assert not AuditEvent.objects.filter(verb="partnership.dates_changed").exists()


def test_an_extension_adds_the_reports_of_the_new_periods(active, focal_point):
    result_services.reports_schedule(partnership=active)
    assert periods(active) == [(D(2026, 1, 1), D(2026, 3, 31)), (D(2026, 4, 1), D(2026, 6, 30))]
    change(active, focal_point, D(2026, 1, 1), D(2026, 12, 31))
    assert periods(active) == [
        (D(2026, 1, 1), D(2026, 3, 31)),
        (D(2026, 4, 1), D(2026, 6, 30)),
        (D(2026, 7, 1), D(2026, 9, 30)),
        (D(2026, 10, 1), D(2026, 12, 31)),
    ]
    event = AuditEvent.objects.get(verb="partnership.dates_changed")
    assert event.details["schedule_followed"] is True


def test_a_moved_start_leaves_the_schedule_alone(active, focal_point):
    """reports_schedule would add a second, differently aligned set of reports."""
    result_services.reports_schedule(partnership=active)
    before = periods(active)
    change(active, focal_point, D(2026, 2, 1), D(2026, 6, 30))
    assert periods(active) == before
    event = AuditEvent.objects.get(verb="partnership.dates_changed")
    assert event.details["schedule_followed"] is False


def test_an_extension_to_mid_period_adds_the_cut_period(active, focal_point):
    result_services.reports_schedule(partnership=active)
    change(active, focal_point, D(2026, 1, 1), D(2026, 8, 15))
    assert periods(active)[-1] == (D(2026, 7, 1), D(2026, 8, 15))


def test_extending_a_cut_last_period_leaves_the_schedule_alone(active, focal_point):
    """The report for the cut period would overlap the full one reports_schedule adds."""
    active.ends_on = D(2026, 8, 15)
    active.save()
    result_services.reports_schedule(partnership=active)
    before = periods(active)
    change(active, focal_point, D(2026, 1, 1), D(2026, 12, 31))
    assert periods(active) == before


def test_a_shortened_end_leaves_the_schedule_alone(active, focal_point):
    result_services.reports_schedule(partnership=active)
    before = periods(active)
    change(active, focal_point, D(2026, 1, 1), D(2026, 5, 31))
    assert periods(active) == before
    event = AuditEvent.objects.get(verb="partnership.dates_changed")
    assert event.details["schedule_followed"] is False


def test_a_closing_partnership_keeps_its_reports(active, focal_point):
    active.status = "closing"
    active.save()
    change(active, focal_point, D(2026, 1, 1), D(2026, 12, 31))
    assert not ProgressReport.objects.filter(partnership=active).exists()


# --- The page ---------------------------------------------------------------------------------


def test_the_page_offers_the_form_to_focal_points(as_role, active):
    _user, client = as_role("focal_point")
    page = client.get(active.get_absolute_url()).content.decode()
    assert "Change dates" in page
    assert 'for="id_dates_ends_on"' in page


@pytest.mark.parametrize("role", ["legal_officer", "company_rep"])
def test_the_page_hides_the_form_from_others(as_role, active, role):
    _user, client = as_role(role)
    response = client.get(active.get_absolute_url())
    assert response.status_code == 200
    assert "Change dates" not in response.content.decode()


def test_posting_new_dates_says_so_and_shows_on_the_timeline(as_role, active):
    _user, client = as_role("focal_point")
    url = reverse("partnerships:dates", args=[active.pk])
    response = client.post(url, {"starts_on": "2026-01-01", "ends_on": "2026-12-31"})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Dates changed."]
    active.refresh_from_db()
    assert active.ends_on == D(2026, 12, 31)
    assert "Dates changed" in client.get(active.get_absolute_url()).content.decode()


def test_a_refused_change_shows_the_error_on_the_form(as_role, active):
    ProgressReportFactory(partnership=active, status="accepted")
    _user, client = as_role("focal_point")
    response = client.post(
        reverse("partnerships:dates", args=[active.pk]),
        {"starts_on": "2026-02-01", "ends_on": "2026-06-30"},
    )
    assert response.status_code == 400
    assert "an accepted progress report covers" in response.content.decode()
    active.refresh_from_db()
    assert active.starts_on == D(2026, 1, 1)


def test_a_bad_date_is_a_form_error(as_role, active):
    _user, client = as_role("focal_point")
    response = client.post(
        reverse("partnerships:dates", args=[active.pk]),
        {"starts_on": "someday", "ends_on": ""},
    )
    assert response.status_code == 400
    assert "Enter a valid date" in response.content.decode()


def test_a_partnership_in_the_wrong_state_refuses_with_a_message(as_role, active):
    active.status = "closed"
    active.save()
    _user, client = as_role("focal_point")
    response = client.post(
        reverse("partnerships:dates", args=[active.pk]),
        {"starts_on": "2026-01-01", "ends_on": "2026-12-31"},
    )
    assert response.status_code == 302
    assert "dates can be changed only" in str(next(iter(get_messages(response.wsgi_request))))


def test_other_staff_may_not_post(as_role, active):
    _user, client = as_role("legal_officer")
    response = client.post(
        reverse("partnerships:dates", args=[active.pk]),
        {"starts_on": "2026-01-01", "ends_on": "2026-12-31"},
    )
    assert response.status_code == 403


# --- The API ----------------------------------------------------------------------------------


def test_the_api_changes_dates_of_an_active_partnership(focal_point, active):
    response = Api(focal_point).patch(f"/{active.pk}", {"ends_on": "2026-12-31"})
    assert response.status_code == 200, response.json()
    assert response.json()["ends_on"] == "2026-12-31"
    assert AuditEvent.objects.filter(verb="partnership.dates_changed").exists()


def test_the_api_applies_the_same_rules(focal_point, active):
    ProgressReportFactory(
        partnership=active, status="accepted", period_start=D(2026, 4, 1), period_end=D(2026, 6, 30)
    )
    response = Api(focal_point).patch(f"/{active.pk}", {"ends_on": "2026-05-31"})
    assert response.status_code == 400
    assert "2026-06-30" in response.json()["detail"]


def test_the_api_still_refuses_other_fields_past_the_proposal(focal_point, active):
    response = Api(focal_point).patch(f"/{active.pk}", {"title": "New", "ends_on": "2026-12-31"})
    assert response.status_code == 400
    active.refresh_from_db()
    assert active.ends_on == D(2026, 6, 30)


def test_the_api_refuses_other_staff(legal_officer, active):
    response = Api(legal_officer).patch(f"/{active.pk}", {"ends_on": "2026-12-31"})
    assert response.status_code == 403
