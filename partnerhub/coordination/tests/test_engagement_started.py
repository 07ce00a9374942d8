"""engagement_started: the coordination alert raised when a second UN entity starts engaging
an organisation another entity is already engaging."""

from __future__ import annotations

import pytest
from django.db import transaction

from partnerhub.accounts.models import Role
from partnerhub.accounts.tests.factories import MembershipFactory
from partnerhub.coordination.models import CoordinationAlert
from partnerhub.coordination.services import engagement_started
from partnerhub.core.models import AuditEvent
from partnerhub.marketplace.tests.factories import InterestFactory, NeedFactory, OfferFactory
from partnerhub.notifications.models import Notification
from partnerhub.partnerships.tests.factories import PartnerFactory, PartnershipFactory, screening_of

from .conftest import entity_interest


def _start(entity, organisation, target, actor=None, kind="interest"):
    return engagement_started(
        entity=entity, organisation=organisation, kind=kind, target=target, actor=actor
    )


def test_a_second_entity_on_the_same_organisation_raises_an_alert(
    wfp_interest, other_entity, entity, organisation, offer, other_focal_point
):
    interest = entity_interest(offer, other_entity)

    [alert] = _start(other_entity, organisation, interest, other_focal_point)

    assert alert.organisation == organisation
    assert alert.matched_organisation is None
    assert alert.reason == "same organisation"
    assert (alert.first_entity, alert.first_kind) == (entity, "interest")
    assert alert.first_label == "Trucks for Port Sudan"
    assert alert.first_url == wfp_interest.need.get_absolute_url()
    assert (alert.second_entity, alert.second_kind) == (other_entity, "interest")
    assert alert.second_label == "Ten trucks in Mombasa"
    assert alert.second_url == offer.get_absolute_url()
    assert alert.created_by == other_focal_point
    assert alert.is_open
    event = AuditEvent.objects.get(verb="coordination.alert_raised")
    assert event.target_id == str(organisation.pk)
    assert event.actor == other_focal_point
    assert event.details["first_entity"] == "WFP"
    assert event.details["second_entity"] == "UNHCR"


def test_both_focal_points_and_the_coordinator_are_told_but_not_the_company(
    wfp_interest,
    other_entity,
    organisation,
    offer,
    focal_point,
    other_focal_point,
    coordinator,
    company_rep,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    with django_capture_on_commit_callbacks(execute=True):
        [alert] = _start(other_entity, organisation, entity_interest(offer, other_entity))

    told = {n.user: n for n in Notification.objects.filter(verb="coordination.alert")}
    assert set(told) == {focal_point, other_focal_point, coordinator}
    assert told[other_focal_point].title == "WFP is already engaging Trucks for Good Ltd"
    assert told[focal_point].title == "UNHCR has started engaging Trucks for Good Ltd too"
    assert told[coordinator].title == "WFP and UNHCR are both engaging Trucks for Good Ltd"
    assert {n.url for n in told.values()} == {alert.get_absolute_url()}
    assert "Trucks for Port Sudan" in told[other_focal_point].body
    assert not Notification.objects.filter(user=company_rep).exists()
    recipients = {address for message in mailoutbox for address in message.to}
    assert recipients == {focal_point.email, other_focal_point.email, coordinator.email}
    assert company_rep.email not in recipients


def test_a_person_with_several_roles_is_told_once(
    wfp_interest, entity, other_entity, organisation, offer, coordinator
):
    MembershipFactory(user=coordinator, role=Role.FOCAL_POINT, un_entity=entity)
    _start(other_entity, organisation, entity_interest(offer, other_entity))
    assert Notification.objects.filter(user=coordinator, verb="coordination.alert").count() == 1


def test_the_same_entity_engaging_again_raises_nothing(
    wfp_interest, entity, organisation, offer, focal_point
):
    assert _start(entity, organisation, entity_interest(offer, entity)) == []
    assert not CoordinationAlert.objects.exists()
    assert not Notification.objects.filter(verb="coordination.alert").exists()


def test_an_organisation_nobody_else_engages_raises_nothing(other_entity, organisation, offer):
    assert _start(other_entity, organisation, entity_interest(offer, other_entity)) == []
    assert not AuditEvent.objects.filter(verb="coordination.alert_raised").exists()


def test_the_same_pair_is_alerted_once_whichever_engages_next(
    wfp_interest, entity, other_entity, organisation, offer, other_focal_point
):
    _start(other_entity, organisation, entity_interest(offer, other_entity))
    second_offer = OfferFactory(organisation=organisation)
    assert _start(other_entity, organisation, entity_interest(second_offer, other_entity)) == []
    assert _start(entity, organisation, entity_interest(second_offer, entity)) == []
    assert CoordinationAlert.objects.count() == 1
    assert Notification.objects.filter(user=other_focal_point).count() == 1


def test_a_third_entity_is_alerted_against_each_of_the_others(
    wfp_interest, other_entity, third_entity, organisation, offer
):
    _start(other_entity, organisation, entity_interest(offer, other_entity))
    alerts = _start(third_entity, organisation, entity_interest(offer, third_entity))
    assert {a.first_entity.acronym for a in alerts} == {"WFP", "UNHCR"}
    assert {a.second_entity.acronym for a in alerts} == {"UNICEF"}
    assert CoordinationAlert.objects.count() == 3


def test_a_record_whose_name_matches_after_normalisation_raises_an_alert(
    entity, other_entity, twin, organisation, offer
):
    InterestFactory(need=NeedFactory(entity=entity), organisation=twin)

    [alert] = _start(other_entity, organisation, entity_interest(offer, other_entity))

    assert alert.organisation == organisation
    assert alert.matched_organisation == twin
    assert alert.other_organisation == twin
    assert alert.name_score == 100
    assert alert.reason == "names match: “TRUCKS FOR GOOD LIMITED” (100%)"


def test_a_different_company_with_a_close_name_raises_nothing(
    entity, other_entity, lookalike, organisation, offer
):
    InterestFactory(need=NeedFactory(entity=entity), organisation=lookalike)
    assert _start(other_entity, organisation, entity_interest(offer, other_entity)) == []


def test_ended_engagements_do_not_count(entity, other_entity, organisation, offer):
    InterestFactory(need=NeedFactory(entity=entity), organisation=organisation, status="declined")
    withdrawn = PartnershipFactory(lead_entity=entity, status="withdrawn")
    PartnerFactory(partnership=withdrawn, organisation=organisation)
    screening_of(organisation, entity, status="completed")

    assert _start(other_entity, organisation, entity_interest(offer, other_entity)) == []


def test_entities_in_the_same_partnership_are_working_together_not_competing(
    entity, other_entity, organisation
):
    partnership = PartnershipFactory(lead_entity=entity, status="proposed")
    partnership.participating_entities.add(other_entity)
    PartnerFactory(partnership=partnership, organisation=organisation)

    assert _start(entity, organisation, partnership, kind="partnership") == []
    assert _start(other_entity, organisation, partnership, kind="partnership") == []


def test_a_rolled_back_engagement_leaves_no_alert_and_sends_nothing(
    wfp_interest, other_entity, organisation, offer, focal_point, mailoutbox
):
    interest = entity_interest(offer, other_entity)
    with pytest.raises(RuntimeError), transaction.atomic():
        _start(other_entity, organisation, interest)
        raise RuntimeError("the caller's service failed after the hook")
    assert not CoordinationAlert.objects.exists()
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.filter(verb="coordination.alert_raised").exists()
    assert mailoutbox == []


def test_an_unknown_kind_is_a_programming_error(other_entity, organisation, offer):
    with pytest.raises(ValueError, match="Unknown engagement kind"):
        _start(other_entity, organisation, offer, kind="friendship")
