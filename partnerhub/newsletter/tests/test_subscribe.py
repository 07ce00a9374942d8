"""Double opt-in: the form, the confirmation e-mail and its signed, expiring link."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail, signing
from django.urls import reverse

from partnerhub.core.models import AuditEvent
from partnerhub.newsletter import services, tokens
from partnerhub.newsletter.models import Subscriber
from partnerhub.newsletter.tests.factories import SubscriberFactory
from partnerhub.newsletter.views import SUBSCRIBE_LIMIT

pytestmark = pytest.mark.django_db

SUBSCRIBE = reverse("newsletter:subscribe")


def ask(client, email="reader@example.org", language="fr"):
    return client.post(SUBSCRIBE, {"email": email, "language": language})


def confirm_link(message):
    return re.search(r"https?://\S+/newsletter/confirm/\S+/", message.body).group(0)


def test_subscribing_sends_a_confirmation_and_nothing_else(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, email="  Reader@Example.org ")
    assert response.status_code == 302
    assert response.url == reverse("newsletter:subscribe_sent")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consent_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["reader@example.org"]
    assert "/newsletter/confirm/" in mail.outbox[0].body


def test_the_link_confirms_on_post_with_the_chosen_language(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, language="ar")
    link = confirm_link(mail.outbox[0])
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    page = client.get(path)
    assert page.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING  # GET changes nothing
    response = client.post(path)
    assert response.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.language == "ar"
    assert subscriber.consent_at is not None
    assert subscriber.consent_source == "Web form at /newsletter/subscribe/ (double opt-in)"
    event = AuditEvent.objects.get(verb="newsletter.subscription_confirmed")
    assert "reader@example.org" not in event.target_label + str(event.details)


def test_the_answer_is_the_same_for_known_and_unknown_addresses(client):
    SubscriberFactory(email="known@example.org")
    known = ask(client, email="known@example.org")
    unknown = ask(client, email="unknown@example.org")
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    page = client.get(known.url).content.decode()
    assert "known@example.org" not in page


def test_resubscribing_a_confirmed_address_resends_without_changing_it(
    django_capture_on_commit_callbacks,
):
    subscriber = SubscriberFactory(email="known@example.org", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.subscription_request(email="known@example.org", language="ru", source="form")
    subscriber.refresh_from_db()
    assert (subscriber.status, subscriber.language) == ("confirmed", "en")
    assert len(mail.outbox) == 1


def test_repeated_requests_send_one_confirmation(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _n in range(3):
            assert ask(client).status_code == 302
    assert len(mail.outbox) == 1
    assert Subscriber.objects.count() == 1


def test_too_many_requests_from_one_client_are_refused(client):
    for n in range(SUBSCRIBE_LIMIT):
        assert ask(client, email=f"r{n}@example.org").status_code == 302
    response = ask(client, email="one.too.many@example.org")
    assert response.status_code == 429
    assert not Subscriber.objects.filter(email="one.too.many@example.org").exists()


@pytest.mark.parametrize(
    "data",
    [
        {"email": "not-an-address", "language": "en"},
        {"email": "a@example.org", "language": "de"},
        {},
    ],
)
def test_bad_input_is_a_form_error(client, data):
    response = client.post(SUBSCRIBE, data)
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_the_subscribe_page_renders(client):
    assert client.get(SUBSCRIBE).status_code == 200


def _token(subscriber, language="en"):
    return tokens.confirmation_token(
        subscriber_id=subscriber.pk, email=subscriber.email, language=language
    )


def test_a_tampered_link_is_a_clear_page(client):
    subscriber = SubscriberFactory(status="pending")
    token = _token(subscriber)
    for bad in (token[:-2] + "xx", "garbage", token.replace(":", "")):
        url = reverse("newsletter:confirm", args=[bad])
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 400
            assert "not valid" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"


def test_an_expired_link_says_so(client, monkeypatch):
    subscriber = SubscriberFactory(status="pending")
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now - tokens.CONFIRM_MAX_AGE - 60)
    url = reverse("newsletter:confirm", args=[_token(subscriber)])
    monkeypatch.undo()
    assert client.get(url).status_code == 400
    response = client.post(url)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"


def test_a_link_signed_for_another_purpose_is_refused(client):
    subscriber = SubscriberFactory(status="pending")
    forged = signing.dumps({"s": subscriber.pk, "e": subscriber.email, "l": "en"}, salt="other")
    assert client.post(reverse("newsletter:confirm", args=[forged])).status_code == 400


def test_a_link_to_a_deleted_subscriber_is_refused(client):
    subscriber = SubscriberFactory(status="pending")
    url = reverse("newsletter:confirm", args=[_token(subscriber)])
    subscriber.delete()
    assert client.post(url).status_code == 400
    assert not Subscriber.objects.exists()


def test_confirming_after_unsubscribing_subscribes_again(client):
    subscriber = SubscriberFactory(status="unsubscribed")
    client.post(reverse("newsletter:confirm", args=[_token(subscriber, "es")]))
    subscriber.refresh_from_db()
    assert (subscriber.status, subscriber.language) == ("confirmed", "es")
