"""The coordinator's pages are refused to everyone else: anonymous visitors are sent to sign
in, other roles get 403, and nothing changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.newsletter.models import Issue, Subscriber
from partnerhub.newsletter.tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

REFUSED_ROLES = [
    "focal_point",
    "company_rep",
    "plain_user",
    "screening_officer",
    "country_coordinator",
]


def manage_urls(issue, subscriber):
    return {
        "get": [
            reverse("newsletter:manage"),
            reverse("newsletter:manage_subscribers"),
            reverse("newsletter:manage_subscriber_delete", args=[subscriber.pk]),
            reverse("newsletter:manage_issue", args=[issue.pk]),
            reverse("newsletter:manage_preview", args=[issue.pk]),
            reverse("newsletter:manage_send", args=[issue.pk]),
            reverse("newsletter:manage_progress", args=[issue.pk]),
        ],
        "post": [
            (reverse("newsletter:manage_assemble"), {"quarter": "2026-Q3"}),
            (reverse("newsletter:manage_issue_text", args=[issue.pk]), {"subject": "x"}),
            (
                reverse("newsletter:manage_item_add", args=[issue.pk]),
                {"section": "news", "title": "x", "url": "/x/"},
            ),
            (
                reverse("newsletter:manage_test_send", args=[issue.pk]),
                {"email": "x@example.org", "language": "en"},
            ),
            (reverse("newsletter:manage_send", args=[issue.pk]), {"recipients": "1"}),
            (reverse("newsletter:manage_retry", args=[issue.pk]), {}),
            (reverse("newsletter:manage_subscriber_delete", args=[subscriber.pk]), {}),
        ],
    }


@pytest.mark.parametrize("role", ["anonymous", *REFUSED_ROLES])
def test_others_are_refused(as_role, role, draft):
    subscriber = SubscriberFactory()
    _user, client = as_role(role)
    urls = manage_urls(draft, subscriber)
    expected = 302 if role == "anonymous" else 403
    for url in urls["get"]:
        response = client.get(url)
        assert response.status_code == expected, url
        if role == "anonymous":
            assert response.url.startswith(reverse("account_login"))
    for url, data in urls["post"]:
        assert client.post(url, data).status_code == expected, url
    draft.refresh_from_db()
    assert draft.subject != "x" and draft.status == Issue.Status.DRAFT
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
    assert Issue.objects.count() == 1


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_the_coordinator_and_administrators_may(as_role, role, draft):
    subscriber = SubscriberFactory()
    _user, client = as_role(role)
    for url in manage_urls(draft, subscriber)["get"]:
        assert client.get(url).status_code == 200, url


def test_unknown_records_are_404(as_role):
    _user, client = as_role("coordinator")
    assert client.get(reverse("newsletter:manage_issue", args=[999])).status_code == 404
    assert client.get(reverse("newsletter:manage_subscriber_delete", args=[999])).status_code == 404
