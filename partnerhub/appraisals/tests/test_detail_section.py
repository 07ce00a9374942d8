"""The cost–benefit section of the partnership page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.appraisals.services import assessment_complete
from partnerhub.partnerships.models import Partnership


def _detail(partnership):
    return reverse("partnerships:detail", args=[partnership.pk])


def test_a_completed_review_shows_its_key_figures(as_role, assessment, focal_point):
    assessment_complete(
        assessment=assessment,
        actor=focal_point,
        recommendation="proceed",
        rationale="Fit is evident.",
    )
    _user, client = as_role("screening_officer")
    content = client.get(_detail(assessment.partnership)).content.decode()
    assert 'id="cost-benefit"' in content
    assert "2.38" in content  # leverage
    assert "the figures recommended: Proceed with conditions" in content
    assert reverse("appraisals:review", args=[assessment.partnership.pk]) in content


def test_the_focal_point_can_start_it_from_the_page(as_role, partnership):
    _user, client = as_role("focal_point")
    content = client.get(_detail(partnership)).content.decode()
    assert reverse("appraisals:start", args=[partnership.pk]) in content


def test_no_start_button_in_draft(as_role, partnership):
    Partnership.objects.filter(pk=partnership.pk).update(status="draft")
    _user, client = as_role("focal_point")
    content = client.get(_detail(partnership)).content.decode()
    assert 'id="cost-benefit"' in content
    assert reverse("appraisals:start", args=[partnership.pk]) not in content


@pytest.mark.parametrize("role", ["company_rep"])
def test_the_company_does_not_see_the_section(as_role, assessment, role):
    _user, client = as_role(role)
    response = client.get(_detail(assessment.partnership))
    assert response.status_code == 200
    assert b'id="cost-benefit"' not in response.content
    assert reverse("appraisals:review", args=[assessment.partnership.pk]).encode() not in (
        response.content
    )


def test_the_timeline_names_review_events(as_role, assessment, focal_point):
    assessment_complete(
        assessment=assessment,
        actor=focal_point,
        recommendation="proceed_with_conditions",
        conditions="Reports",
    )
    _user, client = as_role("focal_point")
    assert (
        b"Cost\xe2\x80\x93benefit review completed"
        in client.get(_detail(assessment.partnership)).content
    )
