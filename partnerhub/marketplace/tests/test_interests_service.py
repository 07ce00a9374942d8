from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.marketplace import services
from partnerhub.marketplace.models import Interest
from partnerhub.marketplace.tests.factories import NeedFactory, OfferFactory
from partnerhub.notifications.models import Notification


def test_a_company_expresses_interest_and_the_entity_is_told(
    company_rep, organisation, entity, focal_point
):
    need = NeedFactory(entity=entity)
    interest = services.interest_in_need(
        need=need, organisation=organisation, actor=company_rep, message="We have trucks"
    )
    assert interest.direction == "company_to_need" and interest.entity == entity
    assert Notification.objects.filter(user=focal_point, verb="need.interest").exists()


def test_it_refuses_twice_empty_messages_and_closed_needs(company_rep, organisation, entity):
    need = NeedFactory(entity=entity)
    with pytest.raises(ValidationError):
        services.interest_in_need(
            need=need, organisation=organisation, actor=company_rep, message=" "
        )
    services.interest_in_need(
        need=need, organisation=organisation, actor=company_rep, message="Yes"
    )
    with pytest.raises(ValidationError):
        services.interest_in_need(
            need=need, organisation=organisation, actor=company_rep, message="Again"
        )
    closed = NeedFactory(entity=entity, status="closed")
    with pytest.raises(ValidationError):
        services.interest_in_need(
            need=closed, organisation=organisation, actor=company_rep, message="Yes"
        )


def test_a_company_cannot_see_or_answer_a_un_only_need(company_rep, organisation, entity):
    need = NeedFactory(entity=entity, visibility="un_only")
    with pytest.raises(PermissionDenied):
        services.interest_in_need(
            need=need, organisation=organisation, actor=company_rep, message="Yes"
        )


def test_a_proposed_offer_must_be_the_company_s_own(company_rep, organisation, entity):
    need = NeedFactory(entity=entity)
    foreign = OfferFactory()
    with pytest.raises(ValidationError):
        services.interest_in_need(
            need=need,
            organisation=organisation,
            actor=company_rep,
            message="Yes",
            proposed_offer=foreign,
        )


def test_the_entity_takes_it_forward_and_the_need_goes_in_discussion(
    company_rep, organisation, entity, focal_point
):
    need = NeedFactory(entity=entity)
    interest = services.interest_in_need(
        need=need, organisation=organisation, actor=company_rep, message="Yes"
    )
    with pytest.raises(PermissionDenied):
        services.interest_answer(interest=interest, actor=company_rep, accept=True, response="")
    services.interest_answer(interest=interest, actor=focal_point, accept=True, response="Call us")
    need.refresh_from_db()
    interest.refresh_from_db()
    assert interest.status == "accepted" and need.status == "in_discussion"
    assert Notification.objects.filter(user=company_rep, verb="interest.answered").exists()
    with pytest.raises(ValidationError):
        services.interest_answer(interest=interest, actor=focal_point, accept=False, response="No")


def test_declining_an_interest_needs_a_reason(company_rep, organisation, entity, focal_point):
    need = NeedFactory(entity=entity)
    interest = services.interest_in_need(
        need=need, organisation=organisation, actor=company_rep, message="Yes"
    )
    with pytest.raises(ValidationError):
        services.interest_answer(interest=interest, actor=focal_point, accept=False, response="")


def test_a_focal_point_responds_to_an_offer(focal_point, entity, organisation, company_rep):
    offer = OfferFactory(organisation=organisation)
    interest = services.interest_in_offer(
        offer=offer, entity=entity, actor=focal_point, message="Interested"
    )
    assert interest.direction == "entity_to_offer" and interest.organisation == organisation
    assert Notification.objects.filter(user=company_rep, verb="offer.interest").exists()
    services.interest_answer(interest=interest, actor=company_rep, accept=True, response="Great")
    interest.refresh_from_db()
    assert interest.status == "accepted"


def test_a_focal_point_speaks_only_for_their_entity(focal_point, other_entity):
    offer = OfferFactory()
    with pytest.raises(PermissionDenied):
        services.interest_in_offer(offer=offer, entity=other_entity, actor=focal_point, message="x")


def test_draft_offers_are_not_visible_to_respond_to(focal_point, entity):
    offer = OfferFactory(status="draft")
    with pytest.raises(PermissionDenied):
        services.interest_in_offer(offer=offer, entity=entity, actor=focal_point, message="x")


def test_the_author_side_withdraws(company_rep, organisation, entity, focal_point):
    need = NeedFactory(entity=entity)
    interest = services.interest_in_need(
        need=need, organisation=organisation, actor=company_rep, message="Yes"
    )
    with pytest.raises(PermissionDenied):
        services.interest_withdraw(interest=interest, actor=focal_point)
    services.interest_withdraw(interest=interest, actor=company_rep)
    assert Interest.objects.get(pk=interest.pk).status == "withdrawn"
