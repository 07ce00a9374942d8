"""The timeline shows partners what concerns them, never the UN's internal reviews."""

from __future__ import annotations

from django.test import Client

from partnerhub.core.services import audit_record
from partnerhub.partnerships.models import Partnership


def _page(user, partnership):
    client = Client()
    client.force_login(user)
    return client.get(partnership.get_absolute_url()).content.decode()


def test_partners_do_not_see_the_cost_benefit_review_on_the_timeline(
    partnership, focal_point, company_rep
):
    Partnership.objects.filter(pk=partnership.pk).update(status="review")
    audit_record(actor=focal_point, verb="appraisal.completed", target=partnership)
    audit_record(actor=focal_point, verb="partnership.updated", target=partnership)
    assert "Cost–benefit review completed" in _page(focal_point, partnership)
    page = _page(company_rep, partnership)
    assert "Cost–benefit review completed" not in page
    assert "Details edited" in page


def test_partners_see_staff_as_un_staff_and_never_their_addresses(
    partnership, focal_point, company_rep
):
    focal_point.full_name = "Kenji Sato"
    focal_point.save()
    audit_record(actor=focal_point, verb="partnership.updated", target=partnership)
    audit_record(actor=company_rep, verb="partnership.updated", target=partnership)
    staff_page = _page(focal_point, partnership)
    assert "Kenji Sato" in staff_page
    page = _page(company_rep, partnership)
    assert focal_point.email not in page
    assert "Kenji Sato" not in page
    assert "UN staff" in page
