"""The coordinator's subscriber list (counts, search, pages) and deletion on request."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.core.models import AuditEvent
from partnerhub.newsletter import services
from partnerhub.newsletter.models import Delivery, Subscriber
from partnerhub.newsletter.tests.factories import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

LIST = reverse("newsletter:manage_subscribers")


def emails_listed(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return [s.email for s in response.context["page_obj"].object_list]


def test_counts_search_and_filters(as_role):
    SubscriberFactory(email="ana@un.example", language="es")
    SubscriberFactory(email="li@example.org", language="zh-hans")
    SubscriberFactory(email="pending@example.org", status="pending")
    SubscriberFactory(email="left@example.org", status="unsubscribed")
    _user, client = as_role("coordinator")
    response = client.get(LIST)
    counts = response.context["counts"]
    assert counts.by_status == {"confirmed": 2, "pending": 1, "unsubscribed": 1}
    assert counts.confirmed_by_language == {"es": 1, "zh-hans": 1}
    assert emails_listed(client, q="UN.EXAMPLE") == ["ana@un.example"]
    assert emails_listed(client, status="pending") == ["pending@example.org"]
    assert emails_listed(client, language="zh-hans") == ["li@example.org"]
    assert len(emails_listed(client, status="bogus")) == 4  # a bad filter shows everything


def test_pages(as_role, settings):
    settings.PAGE_SIZE = 2
    for n in range(5):
        SubscriberFactory(email=f"r{n}@example.org")
    _user, client = as_role("coordinator")
    assert emails_listed(client, page=3) == ["r4@example.org"]
    assert emails_listed(client, page="x") == ["r0@example.org", "r1@example.org"]


def test_deleting_a_subscriber_erases_the_address(as_role):
    subscriber = SubscriberFactory(email="erase.me@example.org")
    issue = IssueFactory(status="sent")
    Delivery.objects.create(
        issue=issue, subscriber=subscriber, email=subscriber.email, language="en", status="sent"
    )
    user, client = as_role("coordinator")
    url = reverse("newsletter:manage_subscriber_delete", args=[subscriber.pk])
    assert "erase.me@example.org" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Subscriber.objects.exists()
    delivery = Delivery.objects.get()
    assert (delivery.email, delivery.subscriber, delivery.status) == ("", None, "sent")
    event = AuditEvent.objects.get(verb="newsletter.subscriber_deleted")
    assert event.actor == user
    assert not AuditEvent.objects.filter(target_label__contains="erase.me").exists()


def test_the_coordinator_records_consent_given_elsewhere(coordinator):
    subscriber = services.subscriber_add_confirmed(
        email="Paper@Example.org",
        language="ru",
        source="Sign-up sheet, Geneva forum",
        actor=coordinator,
    )
    assert (subscriber.email, subscriber.status, subscriber.language) == (
        "paper@example.org",
        "confirmed",
        "ru",
    )
    assert subscriber.consent_at and subscriber.consent_source == "Sign-up sheet, Geneva forum"


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_count(as_role, rows, django_assert_max_num_queries, settings):
    settings.PAGE_SIZE = 100
    for n in range(rows):
        SubscriberFactory(email=f"r{n}@example.org")
    _user, client = as_role("coordinator")
    client.get(LIST)
    with django_assert_max_num_queries(10):
        assert len(emails_listed(client)) == rows
