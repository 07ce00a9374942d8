"""Writes of the newsletter: subscriptions (double opt-in, one-click unsubscribe, deletion),
the assembly and editing of a quarter's issue, and its sending by the background worker.

Every state change writes an AuditEvent in its transaction; e-mails and tasks go out after
commit. Subscriber audit rows never hold the address (see Subscriber.__str__).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerhub.core.services import audit_record
from partnerhub.knowledge.models import Lesson
from partnerhub.newsletter import emails, sections, selectors, workflows
from partnerhub.newsletter.models import (
    TRANSLATION_LANGUAGES,
    Delivery,
    Issue,
    Section,
    Subscriber,
)
from partnerhub.newsletter.quarters import Quarter
from partnerhub.newsletter.tokens import (
    TokenInvalid,
    read_confirmation_token,
    read_unsubscribe_token,
)

logger = logging.getLogger(__name__)

# A confirmation e-mail is sent at most once in this interval per address, however often
# the form is submitted for it.
CONFIRMATION_RESEND_INTERVAL = datetime.timedelta(minutes=10)
LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)
ERROR_LENGTH = 1000
DELIVERY_BATCH = 200

# How the edits refused by sections.py are worded, and on which form field they belong.
CONTENT_ERRORS = {
    "no_title": ("title", gettext_lazy("Give the item a title.")),
    "no_link": ("url", gettext_lazy("Give the item a link.")),
    "long_link": ("url", gettext_lazy("The link is too long.")),
    "bad_link": (
        "url",
        gettext_lazy("The link must start with https:// (or be a path on this site)."),
    ),
    "no_item": (None, gettext_lazy("That item is no longer in the issue: reload the page.")),
    "no_section": ("section", gettext_lazy("Choose a section.")),
}


def _content_error(exc: sections.ContentError) -> ValidationError:
    field, message = CONTENT_ERRORS.get(
        exc.code, (None, gettext_lazy("That change cannot be made."))
    )
    return ValidationError({field: message}) if field else ValidationError(message)


def _require_manager(actor: Any) -> None:
    if actor is None or not actor.has_perm("newsletter.manage"):
        raise PermissionDenied(_("The newsletter is run by the system coordinator."))


def _normalised(email: str, language: str) -> tuple[str, str]:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    if language not in LANGUAGE_CODES:
        raise ValidationError({"language": _("Choose one of the six UN languages.")})
    return email, language


# Subscribers ---------------------------------------------------------------------------


def subscription_request(*, email: str, language: str, source: str) -> None:
    """Someone asks for the newsletter at `email`. A confirmation link is sent (at most once
    per CONFIRMATION_RESEND_INTERVAL); nothing else changes until it is followed, and the
    caller learns nothing about whether the address was known."""
    email, language = _normalised(email, language)
    now = timezone.now()
    with transaction.atomic(durable=True):
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=email, defaults={"language": language, "consent_source": source[:200]}
        )
        recent = (
            subscriber.confirmation_sent_at is not None
            and now - subscriber.confirmation_sent_at < CONFIRMATION_RESEND_INTERVAL
        )
        if created:
            audit_record(
                actor=None,
                verb="newsletter.subscription_requested",
                target=subscriber,
                details={"language": language, "source": source[:200]},
            )
        if recent and not created:
            return
        subscriber.confirmation_sent_at = now
        subscriber.save(update_fields=["confirmation_sent_at"])
        message = emails.confirmation_message(
            subscriber_id=subscriber.pk, email=email, language=language, source=source[:200]
        )
        transaction.on_commit(partial(message.send, fail_silently=True))


def subscription_confirm(*, token: str) -> Subscriber:
    """Follow a confirmation link: the consent is recorded now, with the source of the request
    the link answers. Raises tokens.TokenInvalid / TokenExpired; a link to an address that
    was deleted since counts as invalid."""
    confirmation = read_confirmation_token(token)
    with transaction.atomic(durable=True):
        subscriber = (
            Subscriber.objects.select_for_update()
            .filter(pk=confirmation.subscriber_id, email=confirmation.email)
            .first()
        )
        if subscriber is None:
            raise TokenInvalid
        previous = subscriber.status
        subscriber.language = (
            confirmation.language if confirmation.language in LANGUAGE_CODES else "en"
        )
        if previous != Subscriber.Status.CONFIRMED:
            subscriber.status = Subscriber.Status.CONFIRMED
            subscriber.consent_at = timezone.now()
            subscriber.consent_source = (confirmation.source or subscriber.consent_source)[:200]
            subscriber.unsubscribed_at = None
        subscriber.save()
        audit_record(
            actor=None,
            verb="newsletter.subscription_confirmed",
            target=subscriber,
            details={"from": previous, "language": subscriber.language},
        )
    return subscriber


def subscriber_add_confirmed(*, email: str, language: str, source: str, actor: Any) -> Subscriber:
    """The coordinator records a subscriber whose consent was given elsewhere (at an event, on
    paper); `source` says where. Also how the demo adds its subscribers."""
    _require_manager(actor)
    email, language = _normalised(email, language)
    if not source.strip():
        raise ValidationError({"source": _("Say where the consent was given.")})
    with transaction.atomic(durable=True):
        subscriber, _created = Subscriber.objects.select_for_update().get_or_create(email=email)
        previous = subscriber.status
        subscriber.language = language
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.consent_at = timezone.now()
        subscriber.consent_source = source.strip()[:200]
        subscriber.unsubscribed_at = None
        subscriber.save()
        audit_record(
            actor=actor,
            verb="newsletter.subscriber_added",
            target=subscriber,
            details={"from": previous, "language": language, "source": subscriber.consent_source},
        )
    return subscriber


def unsubscribe(*, token: str) -> Subscriber | None:
    """Follow an unsubscribe link (GET or RFC 8058 POST). Raises tokens.TokenInvalid for an
    altered link; None when the subscriber has been deleted meanwhile (nothing to do)."""
    subscriber_id = read_unsubscribe_token(token)
    with transaction.atomic(durable=True):
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            return subscriber
        previous = subscriber.status
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
        audit_record(
            actor=None,
            verb="newsletter.unsubscribed",
            target=subscriber,
            details={"from": previous},
        )
    return subscriber


def subscriber_delete(*, subscriber: Subscriber, actor: Any) -> None:
    """Erase a subscriber (a GDPR-style request): the row goes, and the address is blanked on
    past deliveries, which stay as counts."""
    _require_manager(actor)
    with transaction.atomic(durable=True):
        audit_record(
            actor=actor,
            verb="newsletter.subscriber_deleted",
            target=subscriber,
            details={"status": subscriber.status},
        )
        Delivery.objects.filter(subscriber=subscriber).update(email="", subscriber=None)
        subscriber.delete()


# Issues: assembly and editing ------------------------------------------------------------


def _item(*, title: str, summary: str, url: str, date: str = "") -> dict[str, str]:
    return sections.make_item(title=title, summary=summary, url=url, date=date)


def _partnership_url(partnership: Any) -> str:
    """The public page of a partnership when the portal has one, else its own page."""
    try:
        return reverse("portal:partnership", args=[partnership.pk])
    except NoReverseMatch:
        return str(partnership.get_absolute_url())


def assemble_sections(quarter: Quarter) -> list[dict[str, Any]]:
    """What a quarter's issue holds, section by section (see selectors for each rule)."""
    start, end = quarter.start, quarter.end
    limit = selectors.SECTION_LIMIT
    content: dict[str, list[dict[str, str]]] = {key: [] for key in Section.values}
    for partnership in selectors.new_public_partnerships(start, end)[:limit]:
        summary = partnership.summary or partnership.lead_entity.name
        content[Section.PARTNERSHIPS] += [
            _item(title=partnership.title, summary=summary, url=_partnership_url(partnership))
        ]
    for need in selectors.open_public_needs(until=end)[: selectors.OPEN_NEEDS_LIMIT]:
        content[Section.NEEDS] += [
            _item(
                title=need.title,
                summary=f"{need.entity.acronym or need.entity.name} — {need.description}",
                url=need.get_absolute_url(),
            )
        ]
    kinds = {
        Section.LESSONS: (Lesson.Kind.LESSON, Lesson.Kind.BEST_PRACTICE),
        Section.TOOLS: (Lesson.Kind.GUIDE, Lesson.Kind.TOOL),
    }
    for key, lesson_kinds in kinds.items():
        for lesson in selectors.public_lessons_between(start, end, lesson_kinds)[:limit]:
            content[key] += [
                _item(
                    title=lesson.title,
                    summary=lesson.text,
                    url=reverse("knowledge:lesson_detail", args=[lesson.pk]),
                )
            ]
    events = selectors.events_source()
    if events is not None:
        for event in list(events(start, end))[:limit]:
            starts_on = getattr(event, "starts_on", None)
            content[Section.EVENTS] += [
                _item(
                    title=str(event.title),
                    summary=str(
                        getattr(event, "summary", "") or getattr(event, "description", "") or ""
                    ),
                    url=event.get_absolute_url(),
                    date=starts_on.isoformat() if starts_on else "",
                )
            ]
    return [{"key": key, "items": items} for key, items in content.items()]


def _default_subject(quarter: Quarter) -> str:
    return _("%(site)s quarterly newsletter, %(quarter)s") % {
        "site": settings.SITE_NAME,
        "quarter": str(quarter),
    }


def issue_assemble(*, quarter: Quarter, actor: Any, replace: bool = False) -> Issue:
    """Assemble the quarter's issue as a draft. An existing draft is only replaced (and its
    edits lost) with `replace`; a sent issue never is. `actor` None is the system (the
    management command)."""
    if actor is not None:
        _require_manager(actor)
    content = assemble_sections(quarter)
    with transaction.atomic(durable=True):
        issue = Issue.objects.select_for_update().filter(quarter=str(quarter)).first()
        if issue is not None and not issue.is_editable:
            raise ValidationError(
                _("The %(quarter)s issue has already been sent; it can no longer change.")
                % {"quarter": quarter}
            )
        if issue is not None and not replace:
            raise ValidationError(
                _(
                    "A draft for %(quarter)s exists. Assembling it again replaces your edits: "
                    "confirm to go ahead."
                )
                % {"quarter": quarter}
            )
        verb = "newsletter.issue_reassembled" if issue is not None else "newsletter.issue_assembled"
        if issue is None:
            issue = Issue(quarter=str(quarter), slug=quarter.slug)
        issue.subject = _default_subject(quarter)
        issue.introduction = ""
        issue.translations = {}
        issue.sections = content
        issue.assembled_at = timezone.now()
        issue.save()
        audit_record(
            actor=actor,
            verb=verb,
            target=issue,
            details={"quarter": str(quarter), "items": sections.item_count(content)},
        )
    return issue


def _edit(issue: Issue, actor: Any, verb: str, change: Callable[[Issue], dict[str, Any]]) -> Issue:
    _require_manager(actor)
    with transaction.atomic(durable=True):
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if not issue.is_editable:
            raise ValidationError(_("This issue has been sent; it can no longer be edited."))
        try:
            details = change(issue)
        except sections.ContentError as exc:
            raise _content_error(exc) from None
        issue.save()
        audit_record(actor=actor, verb=verb, target=issue, details=details)
    return issue


def _clean_text(subject: str, introduction: str) -> tuple[str, str]:
    subject = " ".join((subject or "").split())
    if len(subject) > 200:
        raise ValidationError({"subject": _("This text is too long.")})
    if len(introduction or "") > 10_000:
        raise ValidationError({"introduction": _("This text is too long.")})
    return subject, (introduction or "").strip()


def issue_update_text(*, issue: Issue, actor: Any, subject: str, introduction: str) -> Issue:
    subject, introduction = _clean_text(subject, introduction)
    if not subject:
        raise ValidationError({"subject": _("Give the issue a subject.")})

    def change(current: Issue) -> dict[str, Any]:
        changed = [
            name
            for name, value in (("subject", subject), ("introduction", introduction))
            if getattr(current, name) != value
        ]
        current.subject = subject
        current.introduction = introduction
        return {"fields": changed}

    return _edit(issue, actor, "newsletter.issue_edited", change)


def issue_update_translation(
    *, issue: Issue, actor: Any, language: str, subject: str, introduction: str
) -> Issue:
    """Set the subject and introduction read in `language` (one of TRANSLATION_LANGUAGES).
    Either may be blank: readers of that language then get the main text instead."""
    if language not in dict(TRANSLATION_LANGUAGES):
        raise ValidationError(_("Translations are for the languages other than English."))
    subject, introduction = _clean_text(subject, introduction)
    texts = {"subject": subject, "introduction": introduction}

    def change(current: Issue) -> dict[str, Any]:
        translations = dict(current.translations or {})
        before = translations.get(language)
        before = before if isinstance(before, dict) else {}
        changed = [name for name, value in texts.items() if before.get(name, "") != value]
        kept = {name: value for name, value in texts.items() if value}
        if kept:
            translations[language] = kept
        else:
            translations.pop(language, None)
        current.translations = translations
        return {"language": language, "fields": changed}

    return _edit(issue, actor, "newsletter.issue_translation_edited", change)


def issue_item_remove(*, issue: Issue, actor: Any, item_id: str) -> Issue:
    def change(current: Issue) -> dict[str, Any]:
        current.sections = sections.remove_item(current.sections, item_id)
        return {"removed": item_id}

    return _edit(issue, actor, "newsletter.issue_item_removed", change)


def issue_item_move(*, issue: Issue, actor: Any, item_id: str, offset: int) -> Issue:
    def change(current: Issue) -> dict[str, Any]:
        current.sections = sections.move_item(current.sections, item_id, offset)
        return {"moved": item_id, "offset": offset}

    return _edit(issue, actor, "newsletter.issue_item_moved", change)


def issue_item_add(
    *, issue: Issue, actor: Any, section: str, title: str, summary: str, url: str
) -> Issue:
    if section not in Section.values:
        raise ValidationError({"section": _("Choose a section.")})
    try:
        item = sections.make_item(title=title, summary=summary, url=url)
    except sections.ContentError as exc:
        raise _content_error(exc) from None

    def change(current: Issue) -> dict[str, Any]:
        present = {entry["key"] for entry in current.sections}
        if section not in present:
            current.sections = [*current.sections, {"key": section, "items": []}]
        current.sections = sections.add_item(current.sections, section, item)
        return {"added": item["id"], "section": section, "title": item["title"]}

    return _edit(issue, actor, "newsletter.issue_item_added", change)


# Issues: sending ----------------------------------------------------------------------------


def _delivery_connection() -> Any:
    """The worker delivers itself: handing each message on to the task queue again would
    hide the mail server's answer, which the delivery must record."""
    if settings.EMAIL_BACKEND == "partnerhub.core.mail.TaskQueueEmailBackend":
        return get_connection(settings.EMAIL_DELIVERY_BACKEND)
    return get_connection()


def issue_send_test(*, issue: Issue, actor: Any, email: str, language: str) -> None:
    """Send the issue (even a draft) to one address typed by the coordinator, now. Raises
    ValidationError with the mail server's answer when it fails."""
    _require_manager(actor)
    email, language = _normalised(email, language)
    rendered = emails.render_issue(issue, language=language, test=True)
    message = emails.issue_message(
        rendered, to=email, subscriber_id=None, connection=_delivery_connection()
    )
    try:
        message.send()
    except Exception as exc:
        raise ValidationError(
            _("The test message could not be sent: %(error)s") % {"error": exc}
        ) from None
    with transaction.atomic(durable=True):
        audit_record(
            actor=actor,
            verb="newsletter.issue_test_sent",
            target=issue,
            details={"language": language},
        )


def _transition(
    issue: Issue, to: str, *, actor: Any, kind: workflows.Actor, **details: Any
) -> None:
    """Apply the table to a row already locked by the caller's transaction."""
    if not workflows.allowed(issue.status, to, kind):
        raise ValidationError(
            _("A %(state)s issue cannot become %(to)s.")
            % {
                "state": Issue.Status(issue.status).label.lower(),
                "to": Issue.Status(to).label.lower(),
            }
        )
    previous = issue.status
    issue.status = to
    issue.save()
    audit_record(
        actor=actor,
        verb="newsletter.issue_status_changed",
        target=issue,
        details={"from": previous, "to": to, **details},
    )


def _enqueue_delivery(issue_id: int) -> None:
    from partnerhub.newsletter.tasks import send_issue

    transaction.on_commit(partial(send_issue.enqueue, issue_id))


def issue_send(*, issue: Issue, actor: Any, expected_recipients: int | None = None) -> int:
    """Send the issue to every confirmed subscriber: one Delivery each, delivered by the
    worker. `expected_recipients` is the number the coordinator confirmed; if it changed
    meanwhile the sending is refused so that they can confirm the new number."""
    _require_manager(actor)
    with transaction.atomic(durable=True):
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status != Issue.Status.DRAFT:
            raise ValidationError(_("This issue has already been sent."))
        if not sections.item_count(issue.sections) and not issue.introduction.strip():
            raise ValidationError(_("The issue is empty: add an introduction or an item first."))
        recipients = list(selectors.confirmed_subscribers().values_list("pk", "email", "language"))
        if not recipients:
            raise ValidationError(_("There is no confirmed subscriber to send to yet."))
        if expected_recipients is not None and expected_recipients != len(recipients):
            raise ValidationError(
                _("The number of confirmed subscribers is now %(n)s: confirm again.")
                % {"n": len(recipients)}
            )
        Delivery.objects.bulk_create(
            Delivery(issue=issue, subscriber_id=pk, email=email, language=language)
            for pk, email, language in recipients
        )
        issue.sent_by = actor
        issue.sent_at = timezone.now()
        _transition(
            issue,
            Issue.Status.SENDING,
            actor=actor,
            kind=workflows.Actor.COORDINATOR,
            recipients=len(recipients),
        )
        _enqueue_delivery(issue.pk)
    return len(recipients)


def issue_retry_failed(*, issue: Issue, actor: Any) -> int:
    """Put the failed deliveries back in the worker's hands."""
    _require_manager(actor)
    with transaction.atomic(durable=True):
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status != Issue.Status.FAILED_PARTLY:
            raise ValidationError(_("Only an issue with failed deliveries can be retried."))
        retried = issue.deliveries.filter(status=Delivery.Status.FAILED).update(
            status=Delivery.Status.PENDING
        )
        _transition(
            issue,
            Issue.Status.SENDING,
            actor=actor,
            kind=workflows.Actor.COORDINATOR,
            retried=retried,
        )
        _enqueue_delivery(issue.pk)
    return retried


def _deliver_one(delivery: Delivery, rendered: emails.Rendered, connection: Any) -> tuple[str, str]:
    subscriber = delivery.subscriber
    if subscriber is None or subscriber.status != Subscriber.Status.CONFIRMED:
        return Delivery.Status.SKIPPED, ""
    message = emails.issue_message(
        rendered, to=subscriber.email, subscriber_id=subscriber.pk, connection=connection
    )
    try:
        accepted = message.send()
    except Exception as exc:
        return Delivery.Status.FAILED, f"{type(exc).__name__}: {exc}"[:ERROR_LENGTH]
    if not accepted:
        return Delivery.Status.FAILED, "The mail server did not accept the message."
    return Delivery.Status.SENT, ""


def issue_deliver(*, issue_id: int, connection: Any = None) -> selectors.Progress:
    """The worker's part: deliver every pending delivery of a sending issue, recording each
    outcome as it goes (so the page shows progress), then close the sending. `connection`
    overrides the mail connection (the demo delivers to its fictional subscribers in memory)."""
    issue = Issue.objects.get(pk=issue_id)
    if issue.status != Issue.Status.SENDING:
        return selectors.delivery_progress(issue)
    rendered: dict[str, emails.Rendered] = {}
    connection = connection or _delivery_connection()
    # The ids first, then rows in batches: no cursor stays open over the rows being updated.
    pending_ids = list(
        issue.deliveries.filter(status=Delivery.Status.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(pending_ids), DELIVERY_BATCH):
        batch = Delivery.objects.filter(
            pk__in=pending_ids[start : start + DELIVERY_BATCH], status=Delivery.Status.PENDING
        )
        for delivery in batch.select_related("subscriber").order_by("pk"):
            _deliver_and_record(issue, delivery, rendered, connection)
    return _issue_finish(issue_id)


def _deliver_and_record(
    issue: Issue, delivery: Delivery, rendered: dict[str, emails.Rendered], connection: Any
) -> None:
    """Send one delivery (rendering its language once per run) and record the outcome at
    once, so the progress page moves as the worker goes."""
    language = delivery.subscriber.language if delivery.subscriber else delivery.language
    if language not in rendered:
        rendered[language] = emails.render_issue(issue, language=language)
    status, error = _deliver_one(delivery, rendered[language], connection)
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.PENDING).update(
        status=status,
        error=error,
        attempts=F("attempts") + 1,
        sent_at=timezone.now() if status == Delivery.Status.SENT else None,
    )


def _issue_finish(issue_id: int) -> selectors.Progress:
    with transaction.atomic(durable=True):
        issue = Issue.objects.select_for_update().get(pk=issue_id)
        progress = selectors.delivery_progress(issue)
        if issue.status != Issue.Status.SENDING or progress.pending:
            return progress
        to = Issue.Status.FAILED_PARTLY if progress.failed else Issue.Status.SENT
        _transition(
            issue,
            to,
            actor=None,
            kind=workflows.Actor.SYSTEM,
            sent=progress.sent,
            failed=progress.failed,
            skipped=progress.skipped,
        )
    if progress.failed:
        logger.warning("Newsletter %s: %s deliveries failed", issue.quarter, progress.failed)
    return progress
