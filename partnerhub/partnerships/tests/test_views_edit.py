from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.partnerships.models import Partnership


def _edit(partnership):
    return reverse("partnerships:edit", args=[partnership.pk])


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("company_rep", 403),
        ("screening_officer", 403),
        ("other_focal_point", 403),
        ("coordinator", 403),
        ("focal_point", 200),
        ("admin", 200),
    ],
)
def test_who_may_edit(as_role, partnership, role, status):
    _user, client = as_role(role)
    assert client.get(_edit(partnership)).status_code == status


def test_edit_saves_and_audits(as_role, partnership):
    _user, client = as_role("focal_point")
    response = client.post(
        _edit(partnership),
        {
            "title": "Renamed",
            "summary": "New summary",
            "confidentiality": "un_only",
            "sdgs": ["2"],
            "countries": ["KE"],
        },
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert (partnership.title, partnership.confidentiality) == ("Renamed", "un_only")
    assert [g.pk for g in partnership.sdgs.all()] == [2]


def test_end_before_start_is_a_form_error(as_role, partnership):
    _user, client = as_role("focal_point")
    response = client.post(
        _edit(partnership),
        {
            "title": "X",
            "confidentiality": "public_once_signed",
            "starts_on": "2027-01-01",
            "ends_on": "2026-01-01",
        },
    )
    assert response.status_code == 400
    partnership.refresh_from_db()
    assert partnership.title != "X"


def test_past_proposal_the_partnership_cannot_be_edited(as_role, partnership):
    Partnership.objects.filter(pk=partnership.pk).update(status="review")
    _user, client = as_role("focal_point")
    assert client.get(_edit(partnership)).status_code == 302


def test_a_company_author_may_edit_its_draft(as_role, partnership):
    user, client = as_role("company_rep")
    Partnership.objects.filter(pk=partnership.pk).update(created_by=user)
    assert client.get(_edit(partnership)).status_code == 200


def test_direct_proposal_page(as_role, entity):
    _user, client = as_role("focal_point")
    url = reverse("partnerships:create")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"lead_entity": entity.pk, "title": "Direct", "confidentiality": "un_only"}
    )
    assert response.status_code == 302
    assert Partnership.objects.get().origin == "direct"


@pytest.mark.parametrize("role", ["company_rep", "screening_officer", "plain_user"])
def test_only_focal_points_propose_directly(as_role, role):
    _user, client = as_role(role)
    assert client.get(reverse("partnerships:create")).status_code == 403
