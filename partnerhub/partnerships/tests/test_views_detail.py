from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.core.models import AuditEvent
from partnerhub.partnerships.models import Partnership
from partnerhub.partnerships.tests.factories import ContributionFactory, screening_of


def _detail(partnership):
    return reverse("partnerships:detail", args=[partnership.pk])


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("plain_user", 403),
        ("other_focal_point", 403),  # another entity's draft
        ("focal_point", 200),
        ("screening_officer", 200),
        ("company_rep", 200),  # its organisation is a partner
        ("coordinator", 200),
        ("admin", 200),
    ],
)
def test_who_reads_a_draft(as_role, partnership, role, status):
    _user, client = as_role(role)
    assert client.get(_detail(partnership)).status_code == status


def test_any_un_staff_reads_a_partnership_past_draft(as_role, partnership):
    Partnership.objects.filter(pk=partnership.pk).update(status="proposed")
    _user, client = as_role("other_focal_point")
    assert client.get(_detail(partnership)).status_code == 200


def test_unknown_partnership_is_404(as_role):
    _user, client = as_role("admin")
    assert client.get(reverse("partnerships:detail", args=[999999])).status_code == 404


def test_detail_shows_totals_per_kind_and_currency(as_role, partnership, entity, organisation):
    partner = partnership.partners.get()
    ContributionFactory(partner=partner, amount=100, currency="USD")
    ContributionFactory(partner=partner, amount=50, currency="USD")
    ContributionFactory(partner=partner, amount=70, currency="EUR")
    ContributionFactory(partner=partner, kind="pro_bono_hours", amount=40, currency="")
    _user, client = as_role("focal_point")
    response = client.get(_detail(partnership))
    totals = {(t["kind"], t["currency"]): t["amount"] for t in response.context["totals"]}
    assert totals == {("cash", "EUR"): 70, ("cash", "USD"): 150, ("pro_bono_hours", ""): 40}


def test_focal_point_sees_the_next_steps_and_the_company_does_not(as_role, partnership):
    _user, client = as_role("focal_point")
    actions = [a["to"] for a in client.get(_detail(partnership)).context["actions"]]
    assert actions == ["proposed", "withdrawn"]
    _user, client = as_role("company_rep")
    response = client.get(_detail(partnership))
    assert response.context["actions"] == []
    assert response.context["screenings"] is None  # screenings are never shown to the company
    assert response.context["partner_form"] is None


def test_screening_status_links_to_the_screening(as_role, partnership, entity, organisation):
    screening = screening_of(organisation, entity)
    _user, client = as_role("screening_officer")
    response = client.get(_detail(partnership))
    [row] = response.context["screenings"]
    assert row["cleared"] and row["screening"] == screening
    assert screening.get_absolute_url().encode() in response.content


def test_transition_through_the_page_shows_on_the_timeline(as_role, partnership):
    _user, client = as_role("focal_point")
    response = client.post(
        reverse("partnerships:transition", args=[partnership.pk]),
        {"to": "proposed", "note": "Ready for review"},
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.status == "proposed"
    page = client.get(_detail(partnership))
    assert b"Ready for review" in page.content


def test_a_refused_guard_is_shown_as_a_message(as_role, partnership):
    Partnership.objects.filter(pk=partnership.pk).update(status="due_diligence")
    _user, client = as_role("screening_officer")
    response = client.post(
        reverse("partnerships:transition", args=[partnership.pk]), {"to": "review"}, follow=True
    )
    assert response.status_code == 200
    assert b"not screened yet" in response.content
    partnership.refresh_from_db()
    assert partnership.status == "due_diligence"


def test_a_role_that_may_not_move_gets_403(as_role, partnership):
    _user, client = as_role("company_rep")
    response = client.post(
        reverse("partnerships:transition", args=[partnership.pk]), {"to": "proposed"}
    )
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(verb="partnership.status_changed").exists()


def test_the_audit_trail_is_open_to_un_staff_who_read_it(as_role, partnership):
    url = reverse("core:audit_trail", args=["partnerships", "partnership", partnership.pk])
    _user, client = as_role("focal_point")
    assert client.get(url).status_code == 200
    _user, client = as_role("company_rep")
    assert client.get(url).status_code == 403


def test_the_company_does_not_see_screening_events_on_the_timeline(
    as_role, partnership, entity, organisation, focal_point
):
    from partnerhub.partnerships.services import partnership_transition

    screening_of(organisation, entity)
    Partnership.objects.filter(pk=partnership.pk).update(status="proposed")
    partnership_transition(partnership=partnership, to="due_diligence", actor=focal_point)
    _user, client = as_role("screening_officer")
    assert b"existing screening reused" in client.get(_detail(partnership)).content
    _user, client = as_role("company_rep")
    content = client.get(_detail(partnership)).content
    assert "Proposed → Due diligence" in content.decode()
    assert b"existing screening reused" not in content
