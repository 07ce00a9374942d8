from __future__ import annotations

import pytest

from partnerhub.newsletter.demo import load_newsletter_demo
from partnerhub.newsletter.models import Issue, Subscriber

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once(coordinator):
    first = load_newsletter_demo({"coordinator": coordinator})
    assert first == {"newsletter_issues": 1, "newsletter_subscribers": 2}
    issue = Issue.objects.get()
    issue.subject = "Edited by hand"
    issue.save()
    assert load_newsletter_demo({"coordinator": coordinator}) == first
    assert Issue.objects.get().subject == "Edited by hand"
    assert set(Subscriber.objects.values_list("email", "status")) == {
        ("subscriber1@demo.partnerhub.org", "confirmed"),
        ("subscriber2@demo.partnerhub.org", "confirmed"),
    }
