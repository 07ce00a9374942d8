from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.marketplace import services
from partnerhub.marketplace.tests.factories import NeedFactory, SavedSearchFactory
from partnerhub.notifications.models import Notification


def test_it_saves_and_refuses_duplicates_and_blank_names(company_rep):
    services.saved_search_create(
        user=company_rep, kind="needs", name="Logistics", query={"q": "trucks"}, alerts=True
    )
    with pytest.raises(ValidationError):
        services.saved_search_create(
            user=company_rep, kind="needs", name="Logistics", query={}, alerts=True
        )
    with pytest.raises(ValidationError):
        services.saved_search_create(
            user=company_rep, kind="needs", name=" ", query={}, alerts=True
        )


def test_the_public_cannot_save_offer_searches(plain_user):
    with pytest.raises(PermissionDenied):
        services.saved_search_create(
            user=plain_user, kind="offers", name="x", query={}, alerts=True
        )


def test_only_the_owner_deletes(company_rep, focal_point):
    search = SavedSearchFactory(user=company_rep)
    with pytest.raises(PermissionDenied):
        services.saved_search_delete(search=search, actor=focal_point)
    services.saved_search_delete(search=search, actor=company_rep)


def test_a_new_need_alerts_matching_searches_only(
    company_rep, plain_user, entity, django_capture_on_commit_callbacks
):
    SavedSearchFactory(user=company_rep, query={"q": "trucks", "country": "KE"})
    SavedSearchFactory(user=plain_user, query={"q": "vaccines"})
    need = NeedFactory(entity=entity, title="Trucks wanted", countries=["KE"])
    with django_capture_on_commit_callbacks(execute=True):
        told = services.saved_search_alerts_send(kind="needs", listing_id=need.pk)
    assert told == 1
    assert Notification.objects.filter(user=company_rep, verb="saved_search.match").exists()
    assert not Notification.objects.filter(user=plain_user).exists()
    assert [m.to for m in mail.outbox] == [[company_rep.email]]


def test_un_only_needs_do_not_alert_companies(company_rep, entity):
    SavedSearchFactory(user=company_rep, query={})
    need = NeedFactory(entity=entity, visibility="un_only")
    assert services.saved_search_alerts_send(kind="needs", listing_id=need.pk) == 0


def test_publishing_enqueues_the_alert_task(
    focal_point, entity, company_rep, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }
    SavedSearchFactory(user=company_rep, query={"q": "drought"})
    need = NeedFactory(entity=entity, status="draft", title="Drought trucks")
    with django_capture_on_commit_callbacks(execute=True):
        services.need_transition(need=need, to="open", actor=focal_point)
    # With the immediate backend the task runs on commit, so the alert arrives.
    assert Notification.objects.filter(user=company_rep, verb="saved_search.match").exists()
