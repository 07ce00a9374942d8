"""Stale commitments (no progress report for a year) and the command that flags them once."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from partnerhub.core.models import AuditEvent
from partnerhub.initiatives import selectors, services
from partnerhub.initiatives.models import Deliverable, ProgressReport
from partnerhub.initiatives.tests.factories import CommitmentFactory
from partnerhub.notifications.models import Notification

pytestmark = pytest.mark.django_db

D = datetime.date


def _stale_titles(today):
    return {c.title for c in selectors.stale_commitments(today=today)}


def test_a_commitment_without_reports_is_stale_a_year_after_it_was_made(commitment):
    # Made on 15 January 2025.
    assert _stale_titles(D(2026, 1, 15)) == set()
    assert _stale_titles(D(2026, 1, 16)) == {"Trucks for school meals"}


def test_a_report_restarts_the_year(commitment):
    ProgressReport.objects.create(commitment=commitment, reported_on=D(2025, 9, 1))
    assert _stale_titles(D(2026, 1, 16)) == set()
    assert _stale_titles(D(2026, 9, 2)) == {"Trucks for school meals"}


def test_the_latest_report_counts(commitment):
    ProgressReport.objects.create(commitment=commitment, reported_on=D(2025, 9, 1))
    ProgressReport.objects.create(commitment=commitment, reported_on=D(2025, 3, 1))
    assert _stale_titles(D(2026, 8, 31)) == set()


def test_completed_and_draft_commitments_are_not_stale(commitment, organisation, initiative):
    Deliverable.objects.filter(commitment=commitment).update(status="completed")
    CommitmentFactory(
        title="A draft", organisation=organisation, initiative=initiative, status="draft"
    )
    assert _stale_titles(D(2030, 1, 1)) == set()


def test_the_list_filter_and_the_page_flag(client, commitment, organisation, initiative):
    CommitmentFactory(
        title="Fresh one",
        organisation=organisation,
        initiative=initiative,
        made_on=datetime.date.today(),
    )
    response = client.get("/commitments/", {"state": "stale"})
    assert [c.title for c in response.context["page_obj"]] == ["Trucks for school meals"]
    assert "Stale: no progress report for a year" in response.content.decode()
    response = client.get("/commitments/", {"state": "active"})
    assert [c.title for c in response.context["page_obj"]] == ["Fresh one"]
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert "No progress has been reported on this commitment for more than a year." in page


def test_the_command_notifies_once(
    commitment, company_rep, focal_point, other_focal_point, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("flag_stale_commitments", stdout=StringIO())
    commitment.refresh_from_db()
    assert commitment.stale_flagged_at is not None
    recipients = set(Notification.objects.values_list("user__email", flat=True))
    assert recipients == {company_rep.email, focal_point.email}
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([company_rep.email, focal_point.email])

    with django_capture_on_commit_callbacks(execute=True):
        call_command("flag_stale_commitments", stdout=StringIO())
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(verb="commitment.stale_flagged").count() == 1


def test_a_new_report_clears_the_flag(commitment, company_rep):
    assert services.commitments_flag_stale(today=D(2026, 2, 1)) == 1
    marks = {d.pk: ("on_track", "") for d in commitment.deliverables.all()}
    services.progress_report_submit(
        commitment=commitment, actor=company_rep, marks=marks, reported_on=D(2026, 2, 1)
    )
    commitment.refresh_from_db()
    assert commitment.stale_flagged_at is None
    assert services.commitments_flag_stale(today=D(2026, 2, 2)) == 0
    assert services.commitments_flag_stale(today=D(2027, 2, 2)) == 1
