"""Demo data for the newsletter: the current quarter's draft and two confirmed subscribers."""

from __future__ import annotations

from django.utils import timezone

from partnerhub.accounts.models import User
from partnerhub.newsletter.models import Issue, Subscriber
from partnerhub.newsletter.quarters import Quarter
from partnerhub.newsletter.services import issue_assemble, subscriber_add_confirmed

DEMO_SUBSCRIBERS = (
    ("subscriber1@demo.partnerhub.org", "en"),
    ("subscriber2@demo.partnerhub.org", "ar"),
)


def load_newsletter_demo(users: dict[str, User]) -> dict[str, int]:
    """Idempotent: an existing draft (maybe edited) and existing subscribers are kept."""
    coordinator = users["coordinator"]
    quarter = Quarter.containing(timezone.localdate())
    if not Issue.objects.filter(quarter=str(quarter)).exists():
        issue_assemble(quarter=quarter, actor=coordinator)
    for email, language in DEMO_SUBSCRIBERS:
        if not Subscriber.objects.filter(email=email).exists():
            subscriber_add_confirmed(
                email=email,
                language=language,
                source="Demo data (fictional subscriber)",
                actor=coordinator,
            )
    return {
        "newsletter_issues": Issue.objects.count(),
        "newsletter_subscribers": Subscriber.objects.filter(
            status=Subscriber.Status.CONFIRMED
        ).count(),
    }
