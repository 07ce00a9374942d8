"""Demo data for the newsletter: two confirmed (fictional) subscribers, the previous quarter's
issue as sent to them, and the current quarter's draft for the coordinator to edit and send.

The previous issue is delivered through Django's in-memory mail backend: the subscribers are
fictional, so nothing leaves the machine and the console stays quiet while the demo loads."""

from __future__ import annotations

from django.core.mail import get_connection
from django.utils import timezone

from partnerhub.accounts.models import User
from partnerhub.newsletter.models import Issue, Subscriber
from partnerhub.newsletter.quarters import Quarter
from partnerhub.newsletter.services import (
    issue_assemble,
    issue_deliver,
    issue_send,
    issue_update_text,
    subscriber_add_confirmed,
)

DEMO_SUBSCRIBERS = (
    ("subscriber1@demo.partnerhub.org", "en"),
    ("subscriber2@demo.partnerhub.org", "ar"),
)


def load_newsletter_demo(users: dict[str, User]) -> dict[str, int]:
    """Idempotent: an existing draft (maybe edited) and existing subscribers are kept."""
    coordinator = users["coordinator"]
    quarter = Quarter.containing(timezone.localdate())
    for email, language in DEMO_SUBSCRIBERS:
        if not Subscriber.objects.filter(email=email).exists():
            subscriber_add_confirmed(
                email=email,
                language=language,
                source="Demo data (fictional subscriber)",
                actor=coordinator,
            )
    previous = quarter.previous()
    if not Issue.objects.filter(quarter=str(previous)).exists():
        issue = issue_assemble(quarter=previous, actor=coordinator)
        issue = issue_update_text(
            issue=issue,
            actor=coordinator,
            subject=issue.subject,
            introduction=(
                "Welcome to the partnerhub newsletter (demo edition): what the UN system and "
                "business started together this quarter, what UN entities need now, and what "
                "we learned."
            ),
        )
        issue_send(issue=issue, actor=coordinator)
        issue_deliver(
            issue_id=issue.pk,
            connection=get_connection("django.core.mail.backends.locmem.EmailBackend"),
        )
    if not Issue.objects.filter(quarter=str(quarter)).exists():
        issue_assemble(quarter=quarter, actor=coordinator)
    return {
        "newsletter_issues": Issue.objects.count(),
        "newsletter_subscribers": Subscriber.objects.filter(
            status=Subscriber.Status.CONFIRMED
        ).count(),
    }
