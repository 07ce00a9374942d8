"""Telling people things: an in-app notification, and an e-mail sent after commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from partnerhub.notifications.models import Notification


def notify(
    *,
    users: Iterable[Any],
    verb: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> list[Notification]:
    """Notify each distinct active user once. The e-mail leaves only after the caller's
    transaction commits, so a rolled-back change never announces itself."""
    recipients = {u.pk: u for u in users if u is not None and u.is_active}.values()
    created = Notification.objects.bulk_create(
        [Notification(user=u, verb=verb, title=title[:300], body=body, url=url) for u in recipients]
    )
    if email:
        addresses = sorted({u.email for u in recipients if u.email})
        if addresses:
            link = settings.SITE_ROOT + url if url else ""
            message = "\n\n".join(part for part in (body, link) if part)
            transaction.on_commit(
                lambda: send_mail(
                    subject=f"[{settings.SITE_NAME}] {title}",
                    message=message,
                    from_email=None,
                    recipient_list=addresses,
                )
            )
    return created


def notification_mark_read(*, user: Any, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all of them when no ids are given)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())
