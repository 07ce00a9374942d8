"""Background tasks shared by every app (django.tasks API via django-tasks).

Tasks take JSON-serialisable arguments only, so any django-tasks backend (the database worker
here, or a Celery/RQ-backed one in a larger deployment) can carry them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django_tasks import task


@task(queue_name="email")
def send_email(message: dict[str, Any]) -> int:
    """Deliver one e-mail through the delivery backend (EMAIL_DELIVERY_BACKEND)."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message["from_email"],
        to=message["to"],
        cc=message["cc"],
        bcc=message["bcc"],
        reply_to=message["reply_to"],
        headers=message["headers"],
        connection=get_connection(settings.EMAIL_DELIVERY_BACKEND),
    )
    for content, mimetype in message["alternatives"]:
        email.attach_alternative(content, mimetype)
    return email.send()
