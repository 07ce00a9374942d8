from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from partnerhub.newsletter.demo import load_newsletter_demo
from partnerhub.newsletter.models import Delivery, Issue, Subscriber
from partnerhub.newsletter.quarters import Quarter

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once(coordinator):
    first = load_newsletter_demo({"coordinator": coordinator})
    assert first == {"newsletter_issues": 2, "newsletter_subscribers": 2}
    current = Issue.objects.get(quarter=str(Quarter.containing(timezone.localdate())))
    assert current.status == Issue.Status.DRAFT
    current.subject = "Edited by hand"
    current.save()
    assert load_newsletter_demo({"coordinator": coordinator}) == first
    current.refresh_from_db()
    assert current.subject == "Edited by hand"
    assert set(Subscriber.objects.values_list("email", "status")) == {
        ("subscriber1@demo.partnerhub.org", "confirmed"),
        ("subscriber2@demo.partnerhub.org", "confirmed"),
    }


def test_the_previous_quarter_is_sent_so_the_archive_has_an_issue(client, coordinator):
    mail.outbox.clear()
    load_newsletter_demo({"coordinator": coordinator})
    sent = Issue.objects.get(status=Issue.Status.SENT)
    assert sent.quarter == str(Quarter.containing(timezone.localdate()).previous())
    assert Delivery.objects.filter(issue=sent, status=Delivery.Status.SENT).count() == 2
    archive = client.get("/newsletter/")
    assert sent.subject in archive.content.decode()
