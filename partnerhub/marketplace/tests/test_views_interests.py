"""Expressions of interest: a company in a need, a focal point in an offer, and the answers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.marketplace.models import Interest, Need
from partnerhub.marketplace.tests.factories import InterestFactory, NeedFactory, OfferFactory
from partnerhub.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(entity):
    return NeedFactory(entity=entity, title="Cold chain for vaccines")


def _interest_url(need):
    return reverse("marketplace:need_interest", args=[need.pk])


def test_a_company_rep_expresses_interest(as_role, need, organisation):
    offer = OfferFactory(organisation=organisation)
    _user, client = as_role("company_rep")
    response = client.post(
        _interest_url(need),
        {"organisation": organisation.pk, "proposed_offer": offer.pk, "message": "Our reefers."},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#interests")
    interest = Interest.objects.get()
    assert (interest.need, interest.organisation, interest.proposed_offer) == (
        need,
        organisation,
        offer,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"message": ""}, "This field is required."),
        ({"message": "x" * 2001}, "at most 2000 characters"),
        ({"organisation": "999999"}, "Select a valid choice."),
    ],
)
def test_bad_interest_is_refused_with_a_visible_error(as_role, need, organisation, data, message):
    _user, client = as_role("company_rep")
    response = client.post(
        _interest_url(need), {"organisation": organisation.pk, "message": "Hi", **data}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Interest.objects.exists()


def test_another_companys_offer_cannot_be_proposed(as_role, need, organisation):
    stranger = OfferFactory(organisation=OrganisationFactory())
    _user, client = as_role("company_rep")
    response = client.post(
        _interest_url(need),
        {"organisation": organisation.pk, "proposed_offer": stranger.pk, "message": "Hi"},
    )
    assert response.status_code == 400
    assert not Interest.objects.exists()


def test_interest_twice_is_explained(as_role, need, organisation):
    InterestFactory(need=need, organisation=organisation)
    _user, client = as_role("company_rep")
    response = client.post(
        _interest_url(need), {"organisation": organisation.pk, "message": "Again"}
    )
    assert response.status_code == 400
    assert "already expressed interest" in response.content.decode()


def test_a_closed_need_takes_no_interest(as_role, need, organisation):
    need.status = Need.Status.CLOSED
    need.save()
    _user, client = as_role("company_rep")
    response = client.post(_interest_url(need), {"organisation": organisation.pk, "message": "Hi"})
    assert response.status_code == 400
    assert "no longer takes expressions of interest" in response.content.decode()


def test_an_un_only_need_does_not_exist_for_a_company(as_role, entity, organisation):
    hidden = NeedFactory(entity=entity, visibility="un_only")
    _user, client = as_role("company_rep")
    response = client.post(
        _interest_url(hidden), {"organisation": organisation.pk, "message": "Hi"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["focal_point", "plain_user"])
def test_only_company_reps_express_interest(as_role, need, organisation, role):
    _user, client = as_role(role)
    response = client.post(_interest_url(need), {"organisation": organisation.pk, "message": "Hi"})
    assert response.status_code == 403


# --- Answers ----------------------------------------------------------------------------------


@pytest.fixture
def interest(need, organisation, company_rep):
    return InterestFactory(need=need, organisation=organisation, created_by=company_rep)


def _answer(interest):
    return reverse("marketplace:interest_answer", args=[interest.pk])


def test_the_focal_point_takes_an_interest_forward(as_role, interest):
    _user, client = as_role("focal_point")
    response = client.post(
        _answer(interest), {"accept": "1", "response": "Let's talk"}, follow=True
    )
    interest.refresh_from_db()
    assert interest.status == Interest.Status.ACCEPTED
    assert interest.need.status == Need.Status.IN_DISCUSSION
    assert "The interest was taken forward." in response.content.decode()


def test_declining_needs_a_reason(as_role, interest):
    _user, client = as_role("focal_point")
    response = client.post(_answer(interest), {"accept": "0", "response": ""}, follow=True)
    interest.refresh_from_db()
    assert interest.status == Interest.Status.OPEN
    assert "Give a reason for declining." in response.content.decode()
    client.post(_answer(interest), {"accept": "0", "response": "Not in scope"})
    interest.refresh_from_db()
    assert (interest.status, interest.response) == (Interest.Status.DECLINED, "Not in scope")


def test_a_garbled_answer_is_explained(as_role, interest):
    _user, client = as_role("focal_point")
    response = client.post(_answer(interest), {"accept": "maybe"}, follow=True)
    assert "Choose to take the interest forward or to decline it." in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("company_rep", 403),
        ("screening_officer", 403),
        ("other_focal_point", 404),
        ("anonymous", 302),
    ],
)
def test_only_the_other_side_answers(as_role, interest, role, status):
    _user, client = as_role(role)
    assert client.post(_answer(interest), {"accept": "1"}).status_code == status
    interest.refresh_from_db()
    assert interest.status == Interest.Status.OPEN


def test_the_company_withdraws_its_interest(as_role, interest):
    _user, client = as_role("company_rep")
    client.post(reverse("marketplace:interest_withdraw", args=[interest.pk]))
    interest.refresh_from_db()
    assert interest.status == Interest.Status.WITHDRAWN


def test_the_focal_point_cannot_withdraw_the_companys_interest(as_role, interest):
    _user, client = as_role("focal_point")
    assert (
        client.post(reverse("marketplace:interest_withdraw", args=[interest.pk])).status_code == 403
    )


# --- A focal point responds to an offer -------------------------------------------------------


@pytest.fixture
def offer(organisation):
    return OfferFactory(organisation=organisation, title="Warehouses in Mombasa")


def _respond(offer):
    return reverse("marketplace:offer_respond", args=[offer.pk])


def test_a_focal_point_responds_for_their_entity(as_role, offer, entity):
    _user, client = as_role("focal_point")
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "Respond for my entity" in page
    response = client.post(_respond(offer), {"entity": entity.pk, "message": "We need storage."})
    assert response.status_code == 302
    interest = Interest.objects.get()
    assert (interest.offer, interest.entity, interest.direction) == (
        offer,
        entity,
        "entity_to_offer",
    )


def test_a_focal_point_cannot_respond_for_another_entity(as_role, offer, other_entity):
    _user, client = as_role("focal_point")
    response = client.post(_respond(offer), {"entity": other_entity.pk, "message": "Hi"})
    assert response.status_code == 400
    assert not Interest.objects.exists()


def test_an_empty_response_is_refused(as_role, offer, entity):
    _user, client = as_role("focal_point")
    response = client.post(_respond(offer), {"entity": entity.pk, "message": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"), [("company_rep", 403), ("screening_officer", 403), ("plain_user", 404)]
)
def test_only_focal_points_respond(as_role, offer, entity, role, status):
    _user, client = as_role(role)
    assert (
        client.post(_respond(offer), {"entity": entity.pk, "message": "Hi"}).status_code == status
    )


def test_the_company_takes_the_entitys_interest_forward(as_role, offer, entity, focal_point):
    interest = InterestFactory(
        direction="entity_to_offer",
        need=None,
        offer=offer,
        organisation=offer.organisation,
        entity=entity,
        created_by=focal_point,
    )
    _user, client = as_role("company_rep")
    assert "Take forward" in client.get(offer.get_absolute_url()).content.decode()
    client.post(_answer(interest), {"accept": "1"})
    interest.refresh_from_db()
    assert interest.status == Interest.Status.ACCEPTED
