"""The e-mails the newsletter sends: the confirmation of a subscription and the issue itself
(HTML and plain text, fixed texts in the subscriber's language, List-Unsubscribe headers)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from partnerhub.newsletter.models import Issue, Section
from partnerhub.newsletter.tokens import CONFIRM_MAX_AGE, confirmation_token, unsubscribe_token

# Replaced per recipient after rendering once per language.
UNSUBSCRIBE_PLACEHOLDER = "__PARTNERHUB_UNSUBSCRIBE_URL__"
# Stands for the token in test sends and previews, which have no subscriber to unsubscribe.
PREVIEW_TOKEN = "preview"  # noqa: S105 (not a secret)


def absolute(url: str) -> str:
    if url.startswith("/") and not url.startswith("//"):
        return settings.SITE_ROOT.rstrip("/") + url
    return url


def unsubscribe_url(subscriber_id: int | None) -> str:
    token = unsubscribe_token(subscriber_id) if subscriber_id else PREVIEW_TOKEN
    return absolute(reverse("newsletter:unsubscribe", args=[token]))


def display_date(value: str) -> str:
    """An item's ISO date ("2026-07-29") written out in the active language's format, as
    everywhere on the site; anything else as it is."""
    try:
        day = datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value
    return formats.date_format(day, "DATE_FORMAT")


def display_sections(issue: Issue) -> list[dict[str, Any]]:
    """The issue's non-empty sections with their titles and dates in the active language and
    their links made absolute (mail clients have no base URL)."""
    labels = dict(Section.choices)
    shown = []
    for section in issue.sections:
        if not section.get("items"):
            continue
        items = [
            {
                **item,
                "url": absolute(item["url"]),
                "date": display_date(item["date"]) if item.get("date") else "",
            }
            for item in section["items"]
        ]
        shown.append(
            {"key": section["key"], "title": labels.get(section["key"], ""), "items": items}
        )
    return shown


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str

    def for_recipient(self, url: str) -> Rendered:
        return Rendered(
            self.subject,
            self.text.replace(UNSUBSCRIBE_PLACEHOLDER, url),
            self.html.replace(UNSUBSCRIBE_PLACEHOLDER, url),
        )


def render_issue(issue: Issue, *, language: str, test: bool = False) -> Rendered:
    """The issue rendered in `language` (its fixed texts and dates; the subject and
    introduction as the coordinator translated them for `language`, else as written), with
    UNSUBSCRIBE_PLACEHOLDER where each recipient's link goes."""
    with translation.override(language):
        subject = issue.subject_in(language)
        context = {
            "issue": issue,
            "subject": subject,
            "introduction": issue.introduction_in(language),
            "sections": display_sections(issue),
            "web_url": absolute(issue.get_absolute_url()),
            "archive_url": absolute(reverse("newsletter:archive")),
            "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
            "language": language,
            "bidi": translation.get_language_bidi(),
            "site_name": settings.SITE_NAME,
            "test": test,
        }
        if test:
            subject = _("[Test] %(subject)s") % {"subject": subject}
        return Rendered(
            subject=subject,
            text=render_to_string("newsletter/email/issue.txt", context),
            html=render_to_string("newsletter/email/issue.html", context),
        )


def issue_message(
    rendered: Rendered, *, to: str, subscriber_id: int | None, connection: Any = None
) -> EmailMultiAlternatives:
    url = unsubscribe_url(subscriber_id)
    personal = rendered.for_recipient(url)
    message = EmailMultiAlternatives(
        subject=personal.subject,
        body=personal.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        connection=connection,
        headers={
            # RFC 2369 and RFC 8058: mail clients offer one-click unsubscribe.
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(personal.html, "text/html")
    return message


def confirmation_message(
    *, subscriber_id: int, email: str, language: str, source: str
) -> EmailMultiAlternatives:
    token = confirmation_token(
        subscriber_id=subscriber_id, email=email, language=language, source=source
    )
    with translation.override(language):
        context = {
            "confirm_url": absolute(reverse("newsletter:confirm", args=[token])),
            "archive_url": absolute(reverse("newsletter:archive")),
            "site_name": settings.SITE_NAME,
            "days": CONFIRM_MAX_AGE // 86400,
        }
        subject = _("Confirm your subscription to the %(site)s newsletter") % {
            "site": settings.SITE_NAME
        }
        body = render_to_string("newsletter/email/confirm.txt", context)
    return EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[email]
    )
