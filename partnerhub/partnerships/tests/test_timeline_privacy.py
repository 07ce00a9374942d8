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


def test_the_page_says_whose_turn_it_is(partnership, focal_point):
    Partnership.objects.filter(pk=partnership.pk).update(status="agreement")
    page = _page(focal_point, partnership)
    # Negotiations can fail: the focal point may still withdraw before signature.
    assert 'value="withdrawn"' in page
    Partnership.objects.filter(pk=partnership.pk).update(status="due_diligence")
    from partnerhub.accounts.models import Role
    from partnerhub.accounts.tests.factories import MembershipFactory, UserFactory

    legal = UserFactory(email="legal2@wfp.example")
    MembershipFactory(user=legal, role=Role.LEGAL_OFFICER, un_entity=partnership.lead_entity)
    page = _page(legal, partnership)
    assert "Nothing for you to do at this stage." in page
    assert "The next step is for screening officers of the lead entity" in page
