"""One-click unsubscribe: the link opens a page whose one button unsubscribes (a GET alone
never does: mail scanners open every link), the RFC 8058 POST, and the page after it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.newsletter import emails, tokens
from partnerhub.newsletter.models import Subscriber
from partnerhub.newsletter.tests.factories import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def url_for(subscriber):
    return reverse("newsletter:unsubscribe", args=[tokens.unsubscribe_token(subscriber.pk)])


def test_opening_the_link_changes_nothing(client):
    subscriber = SubscriberFactory(email="bye@example.org")
    response = client.get(url_for(subscriber))
    assert response.status_code == 200
    assert "Unsubscribe from the newsletter" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_one_click_on_the_page_unsubscribes_without_login(client):
    subscriber = SubscriberFactory(email="bye@example.org")
    response = client.post(url_for(subscriber))
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    page = response.content.decode()
    assert "Subscribe again" in page
    assert 'value="bye@example.org"' in page  # the form to subscribe again is filled in
    assert reverse("newsletter:subscribe") in page


def test_rfc_8058_one_click_post_unsubscribes(client):
    subscriber = SubscriberFactory()
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(
        url_for(subscriber),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_unsubscribing_twice_is_harmless(client):
    subscriber = SubscriberFactory()
    assert client.post(url_for(subscriber)).status_code == 200
    assert client.post(url_for(subscriber)).status_code == 200


def test_a_tampered_unsubscribe_link_is_a_clear_page(client):
    subscriber = SubscriberFactory()
    bad = tokens.unsubscribe_token(subscriber.pk)[:-1] + "x"
    for method in (client.get, client.post):
        response = method(reverse("newsletter:unsubscribe", args=[bad]))
        assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_the_link_of_a_deleted_subscriber_still_answers(client):
    subscriber = SubscriberFactory()
    url = url_for(subscriber)
    subscriber.delete()
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 200


def test_the_preview_link_changes_nothing(client):
    subscriber = SubscriberFactory()
    response = client.get(reverse("newsletter:unsubscribe", args=[emails.PREVIEW_TOKEN]))
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_every_issue_carries_the_link_and_the_headers():
    subscriber = SubscriberFactory()
    rendered = emails.render_issue(IssueFactory(), language="en")
    message = emails.issue_message(rendered, to=subscriber.email, subscriber_id=subscriber.pk)
    url = emails.unsubscribe_url(subscriber.pk)
    assert url.startswith("http") and url.endswith(url_for(subscriber))
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body
    assert url in message.alternatives[0][0]
    assert emails.UNSUBSCRIBE_PLACEHOLDER not in message.body + message.alternatives[0][0]
