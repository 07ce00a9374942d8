"""An e-mail backend that hands each message to the task worker.

With EMAIL_BACKEND=partnerhub.core.mail.TaskQueueEmailBackend a request never waits for (or
fails because of) the mail server: messages are queued after the transaction commits, and the
worker (`make worker`) delivers them with EMAIL_DELIVERY_BACKEND, retrying is the backend's.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction


def serialise(message: EmailMessage) -> dict[str, Any]:
    alternatives = [
        (alternative[0], alternative[1]) for alternative in getattr(message, "alternatives", [])
    ]
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": alternatives,
    }


class TaskQueueEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from partnerhub.core.tasks import send_email

        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            payload = serialise(message)
            transaction.on_commit(partial(send_email.enqueue, payload))
            queued += 1
        return queued
