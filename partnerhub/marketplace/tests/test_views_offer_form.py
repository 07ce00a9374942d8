"""Posting, editing, submitting and withdrawing an offer (journey 1)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.entities.tests.factories import UNEntityFactory
from partnerhub.marketplace.models import Offer, OfferRoute
from partnerhub.marketplace.tests.factories import OfferFactory, OfferRouteFactory
from partnerhub.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
CREATE = reverse("marketplace:offer_create")

TEXT = {
    "title": "Trucks and warehouse space for emergency response in East Africa",
    "description": "Forty trucks and 5,000 m² of warehouse space in Mombasa and Nairobi for "
    "food and relief logistics during emergencies.",
}


@pytest.fixture
def mandates(db):
    UNEntityFactory(
        acronym="WFP",
        name="World Food Programme",
        mandate="Food assistance and emergency logistics, trucks and warehouses.",
        sdgs=[2],
    )
    UNEntityFactory(
        acronym="UNESCO", name="UNESCO", mandate="Education, science and culture.", sdgs=[4]
    )


def _data(organisation, **extra):
    return {**TEXT, "organisation": organisation.pk, "cash_value_usd": "1000", **extra}


def test_anonymous_is_sent_to_sign_in(client, db):
    assert client.get(CREATE).status_code == 302


@pytest.mark.parametrize("role", ["plain_user", "focal_point", "coordinator"])
def test_only_company_reps_post_offers(as_role, role):
    _user, client = as_role(role)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, {}).status_code == 403


def test_the_form(as_role, organisation):
    _user, client = as_role("company_rep")
    response = client.get(CREATE)
    content = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{organisation.pk}" selected>' in content
    assert "Suggest SDGs from the text" in content
    assert 'value="submit"' in content and 'value="draft"' in content


def test_saving_a_draft(as_role, organisation):
    _user, client = as_role("company_rep")
    response = client.post(CREATE, _data(organisation, action="draft", pro_bono_hours="20"))
    offer = Offer.objects.get()
    assert response.status_code == 302
    assert offer.status == Offer.Status.DRAFT
    assert offer.pro_bono_hours == 20
    assert not offer.routes.exists()


def test_submitting_routes_the_offer_and_shows_where_it_went(as_role, organisation, mandates):
    _user, client = as_role("company_rep")
    response = client.post(
        CREATE, _data(organisation, action="submit", sdgs=["2"], countries=["KE"]), follow=True
    )
    offer = Offer.objects.get()
    assert offer.status == Offer.Status.SUBMITTED
    content = response.content.decode()
    assert "Below is where it was sent and why." in content
    assert offer.routes.exists()
    assert "WFP" in content


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"cash_value_usd": "-1"}, "cash_value_usd"),
        ({"in_kind_value_usd": "-0.01"}, "in_kind_value_usd"),
        ({"pro_bono_hours": "-3"}, "pro_bono_hours"),
        ({"pro_bono_hours": "2.5"}, "pro_bono_hours"),
        ({"description": ""}, "description"),
        ({"starts_on": "2026-02-30"}, "starts_on"),
        ({"starts_on": "2026-05-01", "ends_on": "2026-01-01"}, "ends_on"),
        ({"conditions": "x" * 2001}, "conditions"),
        ({"themes": ["no-such-theme"]}, "themes"),
    ],
)
def test_bad_input_is_refused_with_a_visible_error(as_role, organisation, extra, field):
    _user, client = as_role("company_rep")
    response = client.post(CREATE, _data(organisation, action="submit", **extra))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "Please correct the errors below." in response.content.decode()
    assert not Offer.objects.exists()


def test_a_rep_cannot_post_for_another_company(as_role, organisation):
    stranger = OrganisationFactory()
    _user, client = as_role("company_rep")
    response = client.post(CREATE, _data(stranger, action="draft"))
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors


# --- Edit and submit --------------------------------------------------------------------------


@pytest.fixture
def draft(organisation):
    return OfferFactory(organisation=organisation, title="Old", status="draft", published_at=None)


def test_the_rep_edits_and_submits_a_draft(as_role, draft, mandates):
    _user, client = as_role("company_rep")
    url = reverse("marketplace:offer_edit", args=[draft.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {**TEXT, "sdgs": ["2"], "action": "submit"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == TEXT["title"]
    assert draft.status == Offer.Status.SUBMITTED


def test_submitting_from_the_detail_page(as_role, draft, mandates):
    _user, client = as_role("company_rep")
    client.post(reverse("marketplace:offer_transition", args=[draft.pk]), {"to": "submitted"})
    draft.refresh_from_db()
    assert draft.status == Offer.Status.SUBMITTED


@pytest.mark.parametrize(("role", "status"), [("focal_point", 404), ("plain_user", 404)])
def test_others_cannot_edit_a_draft(as_role, draft, role, status):
    _user, client = as_role(role)
    url = reverse("marketplace:offer_edit", args=[draft.pk])
    assert client.get(url).status_code == status
    assert client.post(url, {**TEXT}).status_code == status


def test_un_staff_cannot_edit_a_submitted_offer(as_role, organisation):
    offer = OfferFactory(organisation=organisation)
    _user, client = as_role("focal_point")
    url = reverse("marketplace:offer_edit", args=[offer.pk])
    assert client.get(url).status_code == 403
    assert (
        client.post(
            reverse("marketplace:offer_transition", args=[offer.pk]), {"to": "withdrawn"}
        ).status_code
        == 403
    )


def test_another_company_cannot_touch_the_offer(as_role, db):
    offer = OfferFactory(organisation=OrganisationFactory())
    _user, client = as_role("company_rep")
    assert (
        client.post(
            reverse("marketplace:offer_transition", args=[offer.pk]), {"to": "withdrawn"}
        ).status_code
        == 404
    )


def test_withdrawing_closes_the_open_routes(as_role, organisation, entity):
    offer = OfferFactory(organisation=organisation)
    route = OfferRouteFactory(offer=offer, entity=entity)
    _user, client = as_role("company_rep")
    response = client.post(
        reverse("marketplace:offer_transition", args=[offer.pk]), {"to": "withdrawn"}, follow=True
    )
    offer.refresh_from_db()
    route.refresh_from_db()
    assert offer.status == Offer.Status.WITHDRAWN
    assert route.status == OfferRoute.Status.CLOSED
    assert "The offer is now withdrawn." in response.content.decode()


def test_a_forbidden_transition_is_explained(as_role, organisation):
    offer = OfferFactory(organisation=organisation)
    _user, client = as_role("company_rep")
    response = client.post(
        reverse("marketplace:offer_transition", args=[offer.pk]),
        {"to": "in_discussion"},
        follow=True,
    )
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SUBMITTED
    assert "cannot become in discussion" in response.content.decode()
