"""Reads for the newsletter: what goes into an issue for a quarter, the public archive, the
coordinator's lists and the progress of a sending."""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet

from partnerhub.core.models import AuditEvent
from partnerhub.knowledge.models import Lesson
from partnerhub.marketplace.models import Need
from partnerhub.marketplace.selectors import public_open_needs
from partnerhub.newsletter.models import Delivery, Issue, Subscriber
from partnerhub.partnerships.models import Partnership
from partnerhub.partnerships.selectors import public_partnerships

OPEN_NEEDS_LIMIT = 10
SECTION_LIMIT = 20


def _activated_between(start: datetime.date, end: datetime.date) -> set[int]:
    """Partnerships first made active (not reactivated after a suspension) in the period,
    from their audit trail."""
    events = AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(Partnership),
        verb="partnership.status_changed",
        details__to=Partnership.Status.ACTIVE,
        created_at__date__gte=start,
        created_at__date__lte=end,
    ).exclude(details__from=Partnership.Status.SUSPENDED)
    return {int(pk) for pk in events.values_list("target_id", flat=True) if pk.isdigit()}


def new_public_partnerships(start: datetime.date, end: datetime.date) -> QuerySet[Partnership]:
    """Public partnerships that became new in the period: signed in it, or (when no signature
    date is recorded) activated in it, or (with neither on record) starting in it. Only
    public_partnerships() are considered, so UN-only or unsigned ones never appear."""
    in_period = Q(signed_on__gte=start, signed_on__lte=end)
    unsigned = Q(signed_on__isnull=True)
    activated = _activated_between(start, end)
    starting = Q(starts_on__gte=start, starts_on__lte=end)
    return (
        public_partnerships()
        .filter(in_period | (unsigned & (Q(pk__in=activated) | starting)))
        .select_related("lead_entity")
        .order_by("-signed_on", "-starts_on", "title")
    )


def open_public_needs(until: datetime.date | None = None) -> QuerySet[Need]:
    """Public needs open now (open or in discussion, as everywhere on the hub), newest first
    (published by `until` if given)."""
    needs = public_open_needs().select_related("entity")
    if until is not None:
        needs = needs.filter(Q(published_at__date__lte=until) | Q(published_at__isnull=True))
    return needs.order_by("-published_at", "-created_at", "-id")


def public_lessons_between(
    start: datetime.date, end: datetime.date, kinds: tuple[str, ...]
) -> QuerySet[Lesson]:
    """Public lessons of the given kinds written in the period (never UN-only ones)."""
    return Lesson.objects.filter(
        visibility=Lesson.Visibility.PUBLIC,
        kind__in=kinds,
        created_at__date__gte=start,
        created_at__date__lte=end,
    ).order_by("-created_at", "-id")


def events_source() -> Callable[[datetime.date, datetime.date], Any] | None:
    """initiatives.selectors.public_events_between when the initiatives app provides it.
    Looked up at call time, so the newsletter works before (and without) that app."""
    try:
        module = importlib.import_module("partnerhub.initiatives.selectors")
    except ImportError:
        return None
    function = getattr(module, "public_events_between", None)
    return function if callable(function) else None


def sent_issues() -> QuerySet[Issue]:
    """Issues on their way or delivered: public from the moment sending starts, since the
    e-mails link to their web version."""
    return Issue.objects.filter(status__in=Issue.PUBLIC_STATES).order_by("-sent_at", "-quarter")


def public_issue(slug: str) -> Issue:
    return sent_issues().get(slug=slug)


def already_confirmed(subscriber_id: int, email: str, language: str) -> Subscriber | None:
    """The subscriber a confirmation link is for, when following it would change nothing:
    confirmed already, at that address, in that language."""
    return Subscriber.objects.filter(
        pk=subscriber_id, email=email, language=language, status=Subscriber.Status.CONFIRMED
    ).first()


def issues_for_manage() -> QuerySet[Issue]:
    return Issue.objects.annotate(
        delivered=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
        failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
    ).order_by("-quarter")


def confirmed_subscribers() -> QuerySet[Subscriber]:
    return Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)


def subscribers_search(
    *, text: str = "", status: str = "", language: str = ""
) -> QuerySet[Subscriber]:
    subscribers = Subscriber.objects.all()
    if text:
        subscribers = subscribers.filter(email__icontains=text.strip())
    if status:
        subscribers = subscribers.filter(status=status)
    if language:
        subscribers = subscribers.filter(language=language)
    return subscribers.order_by("email")


@dataclass
class SubscriberCounts:
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    # Confirmed subscribers by language: who will receive which language.
    confirmed_by_language: dict[str, int] = field(default_factory=dict)


def subscriber_counts() -> SubscriberCounts:
    counts = SubscriberCounts()
    rows = Subscriber.objects.values("status", "language").annotate(n=Count("pk")).order_by()
    for row in rows:
        counts.total += row["n"]
        counts.by_status[row["status"]] = counts.by_status.get(row["status"], 0) + row["n"]
        if row["status"] == Subscriber.Status.CONFIRMED:
            language = row["language"]
            counts.confirmed_by_language[language] = (
                counts.confirmed_by_language.get(language, 0) + row["n"]
            )
    return counts


@dataclass
class Progress:
    total: int
    sent: int
    failed: int
    pending: int
    skipped: int

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.skipped

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def delivery_progress(issue: Issue) -> Progress:
    counts = dict(issue.deliveries.values_list("status").annotate(n=Count("pk")).order_by())
    return Progress(
        total=sum(counts.values()),
        sent=counts.get(Delivery.Status.SENT, 0),
        failed=counts.get(Delivery.Status.FAILED, 0),
        pending=counts.get(Delivery.Status.PENDING, 0),
        skipped=counts.get(Delivery.Status.SKIPPED, 0),
    )


def failed_deliveries(issue: Issue) -> QuerySet[Delivery]:
    return issue.deliveries.filter(status=Delivery.Status.FAILED).order_by("email")
