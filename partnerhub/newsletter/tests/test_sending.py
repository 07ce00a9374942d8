"""Sending: a test to one address, then the real sending on the worker with one delivery per
confirmed subscriber, a failure shown and retried, and the state table audited."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerhub.core.models import AuditEvent
from partnerhub.newsletter import services
from partnerhub.newsletter.models import Delivery, Issue
from partnerhub.newsletter.tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def readers(db):
    return {
        "en": SubscriberFactory(email="anna@example.org", language="en"),
        "ar": SubscriberFactory(email="omar@example.org", language="ar"),
        "fail": SubscriberFactory(email="fail@example.org", language="fr"),
        "pending": SubscriberFactory(email="pending@example.org", status="pending"),
        "gone": SubscriberFactory(email="gone@example.org", status="unsubscribed"),
    }


def test_a_test_send_goes_to_the_typed_address_only(as_role, draft, readers):
    _user, client = as_role("coordinator")
    response = client.post(
        reverse("newsletter:manage_test_send", args=[draft.pk]),
        {"email": "me@un.example", "language": "ar"},
    )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["me@un.example"]]
    message = mail.outbox[0]
    # Marked as a test in the reader's language (Arabic here).
    assert message.subject.startswith("[اختبار]")
    assert '<html lang="ar" dir="rtl">' in message.alternatives[0][0]
    assert "/newsletter/unsubscribe/preview/" in message.body
    draft.refresh_from_db()
    assert draft.status == Issue.Status.DRAFT and not Delivery.objects.exists()
    assert AuditEvent.objects.filter(verb="newsletter.issue_test_sent").exists()


def test_a_failing_test_send_says_why(as_role, draft, flaky_mail):
    _user, client = as_role("coordinator")
    response = client.post(
        reverse("newsletter:manage_test_send", args=[draft.pk]),
        {"email": "fail@un.example", "language": "en"},
    )
    assert response.status_code == 400
    assert "Mailbox unavailable" in response.content.decode()


def send(client, issue, recipients):
    return client.post(
        reverse("newsletter:manage_send", args=[issue.pk]), {"recipients": recipients}
    )


def test_sending_to_confirmed_subscribers_with_a_failure_then_retrying(
    as_role,
    draft,
    readers,
    flaky_mail,
    immediate_tasks,
    django_capture_on_commit_callbacks,
    settings,
):
    user, client = as_role("coordinator")
    confirm = client.get(reverse("newsletter:manage_send", args=[draft.pk]))
    assert "Send to 3 confirmed subscribers" in confirm.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        assert send(client, draft, 3).status_code == 302

    draft.refresh_from_db()
    assert draft.status == Issue.Status.FAILED_PARTLY
    assert draft.sent_by == user and draft.sent_at is not None
    delivered = sorted(to for m in mail.outbox for to in m.to)
    assert delivered == ["anna@example.org", "omar@example.org"]  # never the unconfirmed
    by_email = {d.email: d for d in Delivery.objects.all()}
    assert set(by_email) == {"anna@example.org", "omar@example.org", "fail@example.org"}
    assert by_email["fail@example.org"].status == Delivery.Status.FAILED
    assert "Mailbox unavailable" in by_email["fail@example.org"].error

    arabic = next(m for m in mail.outbox if m.to == ["omar@example.org"])
    assert '<html lang="ar" dir="rtl">' in arabic.alternatives[0][0]
    assert arabic.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert draft.get_absolute_url() in arabic.body

    page = client.get(draft.get_manage_url()).content.decode()
    assert "sent 2 of 3" in page and "failed 1" in page
    assert "fail@example.org" in page and "Retry the failed deliveries" in page

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("newsletter:manage_retry", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Issue.Status.SENT
    assert Delivery.objects.get(email="fail@example.org").status == Delivery.Status.SENT
    assert Delivery.objects.get(email="fail@example.org").attempts == 2
    assert len([m for m in mail.outbox if m.to == ["anna@example.org"]]) == 1  # not sent twice

    moves = [
        (e.details["from"], e.details["to"])
        for e in AuditEvent.objects.filter(verb="newsletter.issue_status_changed").order_by("pk")
    ]
    assert moves == [
        ("draft", "sending"),
        ("sending", "failed_partly"),
        ("failed_partly", "sending"),
        ("sending", "sent"),
    ]


def test_the_progress_fragment_polls_while_sending(
    as_role, draft, readers, django_capture_on_commit_callbacks
):
    user, client = as_role("coordinator")
    # The default database backend only queues the task: the issue stays "sending".
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_send(issue=draft, actor=user, expected_recipients=3)
    draft.refresh_from_db()
    assert draft.status == Issue.Status.SENDING
    fragment = client.get(reverse("newsletter:manage_progress", args=[draft.pk]))
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert 'hx-trigger="every 3s"' in html and "sent 0 of 3" in html
    assert not mail.outbox


def test_a_subscriber_who_leaves_during_sending_is_skipped(draft, readers, coordinator):
    services.issue_send(issue=draft, actor=coordinator, expected_recipients=3)
    readers["en"].status = "unsubscribed"
    readers["en"].save()
    progress = services.issue_deliver(issue_id=draft.pk)
    assert (progress.sent, progress.skipped, progress.failed) == (2, 1, 0)
    assert "anna@example.org" not in [to for m in mail.outbox for to in m.to]


def test_a_changed_number_of_recipients_asks_again(as_role, draft, readers):
    _user, client = as_role("coordinator")
    response = send(client, draft, 7)
    assert response.status_code == 302 and response.url.endswith("/send/")
    draft.refresh_from_db()
    assert draft.status == Issue.Status.DRAFT and not Delivery.objects.exists()


def test_no_sending_without_confirmed_subscribers(coordinator, draft):
    SubscriberFactory(status="pending")
    with pytest.raises(ValidationError):
        services.issue_send(issue=draft, actor=coordinator)


def test_a_sent_issue_is_not_sent_again(coordinator, draft, readers):
    services.issue_send(issue=draft, actor=coordinator)
    with pytest.raises(ValidationError):
        services.issue_send(issue=draft, actor=coordinator)
    assert Delivery.objects.count() == 3


def test_only_a_partly_failed_issue_is_retried(coordinator, draft):
    with pytest.raises(ValidationError):
        services.issue_retry_failed(issue=draft, actor=coordinator)


def test_the_worker_ignores_an_issue_that_is_not_sending(draft, readers):
    progress = services.issue_deliver(issue_id=draft.pk)
    assert progress.total == 0 and not mail.outbox
