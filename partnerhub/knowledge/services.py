"""Writes of the knowledge base: lessons learned, best practices, guides and tools. An item of
a partnership is audited on the partnership (its timeline shows it); an item of none, on itself.

Every item needs a title and a text, whatever its kind. For a guide or a tool the text may be a
short description while the substance is in its attachment or at its link, but it is never
empty: the text is what the list, the search, the related-lessons panel and the newsletter
show, and what tells a reader (or a screen reader) what a file holds before downloading it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.utils.translation import gettext as _

from partnerhub.core import filecheck as attachments
from partnerhub.core.services import audit_record
from partnerhub.knowledge.models import Lesson
from partnerhub.partnerships.models import Partnership
from partnerhub.results.models import Evaluation

MAX_TEXT = 20_000
MAX_LINK = 200
TAG_FIELDS = ("partnership_types", "sdgs", "countries", "themes")
RESOURCE_KINDS = frozenset({Lesson.Kind.GUIDE, Lesson.Kind.TOOL})
_is_web_address = URLValidator(schemes=["http", "https"])


def _require(actor: Any, perm: str, obj: Any, message: str) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(message)


def _attachment_message(problem: attachments.AttachmentProblem) -> str:
    kinds = ", ".join(ext[1:].upper() for ext in attachments.FORMATS)
    messages = {
        attachments.Problem.EXTENSION: _("Attach a file in one of these formats: %(kinds)s.")
        % {"kinds": kinds},
        attachments.Problem.EMPTY: _("The file is empty."),
        attachments.Problem.TOO_BIG: _("The file is larger than %(mb)d MB.")
        % {"mb": attachments.MAX_BYTES // (1024 * 1024)},
        attachments.Problem.CONTENT: _(
            "The file is not a valid %(kind)s: its content does not match its extension."
        )
        % {"kind": problem.extension[1:].upper()},
        attachments.Problem.CSV_ENCODING: _(
            "The file is not a CSV this hub can read: save it as CSV in UTF-8 and try again."
        ),
    }
    return messages[problem.problem]


def _clean(data: dict[str, Any], partnership: Partnership | None, current: Lesson | None) -> None:
    if "kind" in data and data["kind"] not in Lesson.Kind.values:
        raise ValidationError(
            {"kind": _("Choose a lesson learned, a best practice, a guide or a tool.")}
        )
    kind = data.get("kind") or (current.kind if current is not None else Lesson.Kind.LESSON)
    text_message = (
        _("Describe the guide or tool: what it is for and when to use it.")
        if kind in RESOURCE_KINDS
        else _("Write the lesson.")
    )
    for name, limit, message in (
        ("title", 200, _("Give it a title.")),
        ("text", MAX_TEXT, text_message),
    ):
        if name in data or current is None:
            value = (data.get(name) or "").strip()
            if not value:
                raise ValidationError({name: message})
            if len(value) > limit:
                raise ValidationError({name: _("This text is too long.")})
            data[name] = value
    if "visibility" in data and data["visibility"] not in Lesson.Visibility.values:
        raise ValidationError({"visibility": _("Choose who may read it.")})
    if (
        data.get("visibility") == Lesson.Visibility.PUBLIC
        and partnership is not None
        and partnership.confidentiality == Partnership.Confidentiality.UN_ONLY
    ):
        raise ValidationError(
            {
                "visibility": _(
                    "The partnership is confidential to UN staff, so its lessons are too."
                )
            }
        )
    if "link" in data:
        link = (data.get("link") or "").strip()
        if link:
            if len(link) > MAX_LINK:
                raise ValidationError({"link": _("This address is too long.")})
            try:
                _is_web_address(link)
            except ValidationError:
                raise ValidationError(
                    {"link": _("Give a web address starting with https:// or http://.")}
                ) from None
        data["link"] = link
    upload = data.get("attachment")
    if upload:
        try:
            data["attachment_extension"] = attachments.check_attachment(
                getattr(upload, "name", "") or "", upload.size, upload
            )
        except attachments.AttachmentProblem as problem:
            raise ValidationError({"attachment": _attachment_message(problem)}) from None


def _stored_name(lesson: Lesson, extension: str) -> str:
    return attachments.download_name(lesson.title, extension, f"knowledge-{lesson.pk}")


def download_name(lesson: Lesson) -> str:
    """The name a downloaded attachment gets: the item's title as a safe ASCII file name."""
    extension = attachments.extension_of(lesson.attachment.name or "")
    return attachments.download_name(lesson.title, extension, f"knowledge-{lesson.pk}")


def _delete_file_after_commit(storage: Any, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _where(lesson: Lesson) -> models.Model:
    return lesson.partnership if lesson.partnership_id else lesson  # type: ignore[return-value]


def lesson_record(
    *,
    actor: Any,
    partnership: Partnership | None = None,
    evaluation: Evaluation | None = None,
    data: dict[str, Any],
) -> Lesson:
    """Record a lesson (kind, title, text, visibility, and optionally the tags of TAG_FIELDS).
    A lesson of a partnership (or of one of its evaluations) takes the partnership's type,
    SDGs and countries as tags unless others are given."""
    if evaluation is not None:
        if partnership is not None and evaluation.partnership_id != partnership.pk:
            raise ValidationError(_("That evaluation is of another partnership."))
        partnership = evaluation.partnership
    _require(
        actor,
        "knowledge.add_lesson",
        partnership,
        _("Only the lead entity's focal points and M&E officers record this partnership's lessons.")
        if partnership is not None
        else _("The knowledge base is written by UN staff."),
    )
    if partnership is not None and partnership.status == Partnership.Status.DRAFT:
        raise ValidationError(_("A draft has no lessons yet."))
    data = dict(data)
    data.setdefault("kind", Lesson.Kind.LESSON)
    data.setdefault("visibility", Lesson.Visibility.UN_ONLY)
    _clean(data, partnership, None)
    if evaluation is not None:
        source = Lesson.Source.EVALUATION
    elif partnership is not None and partnership.status in (
        Partnership.Status.CLOSING,
        Partnership.Status.CLOSED,
    ):
        source = Lesson.Source.CLOSURE
    else:
        source = Lesson.Source.DIRECT
    tags = {name: data.get(name) for name in TAG_FIELDS}
    if partnership is not None:
        defaults = {
            "partnership_types": [partnership.partnership_type]
            if partnership.partnership_type_id
            else [],
            "sdgs": list(partnership.sdgs.all()),
            "countries": list(partnership.countries.all()),
        }
        for name, value in defaults.items():
            if tags[name] is None:
                tags[name] = value
    upload = data.get("attachment")
    stored = ""
    try:
        with transaction.atomic(durable=True):
            if partnership is not None:
                Partnership.objects.select_for_update().get(pk=partnership.pk)
            lesson = Lesson.objects.create(
                kind=data["kind"],
                title=data["title"],
                text=data["text"],
                visibility=data["visibility"],
                link=data.get("link", ""),
                source=source,
                partnership=partnership,
                evaluation=evaluation,
                created_by=actor,
            )
            if upload:
                lesson.attachment.save(
                    _stored_name(lesson, data["attachment_extension"]), upload, save=False
                )
                stored = lesson.attachment.name or ""
                lesson.save(update_fields=["attachment"])
            for name, value in tags.items():
                if value:
                    getattr(lesson, name).set(value)
            audit_record(
                actor=actor,
                verb="knowledge.lesson_recorded",
                target=_where(lesson),
                details={
                    "name": lesson.title,
                    "lesson": lesson.pk,
                    "kind": lesson.kind,
                    "visibility": lesson.visibility,
                    "source": source,
                    "attachment": stored,
                    "link": lesson.link,
                },
            )
    except BaseException:
        # The row was rolled back: do not leave its file behind in storage.
        if stored:
            Lesson._meta.get_field("attachment").storage.delete(stored)
        raise
    return lesson


def lesson_update(*, lesson: Lesson, actor: Any, data: dict[str, Any]) -> Lesson:
    _require(
        actor,
        "knowledge.change_lesson",
        lesson,
        _("Only its author or an administrator can change this item."),
    )
    data = dict(data)
    _clean(data, lesson.partnership, lesson)
    upload = data.get("attachment")
    storage = Lesson._meta.get_field("attachment").storage
    stored = ""
    try:
        with transaction.atomic(durable=True):
            lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
            changed: list[str] = []
            for name in ("kind", "title", "text", "visibility", "link"):
                if name in data and getattr(lesson, name) != data[name]:
                    setattr(lesson, name, data[name])
                    changed.append(name)
            previous = lesson.attachment.name or ""
            if upload:
                lesson.attachment.save(
                    _stored_name(lesson, data["attachment_extension"]), upload, save=False
                )
                stored = lesson.attachment.name or ""
                changed.append("attachment")
            elif data.get("remove_attachment") and previous:
                lesson.attachment = None
                changed.append("attachment")
            lesson.save()
            for name in TAG_FIELDS:
                if data.get(name) is not None:
                    manager = getattr(lesson, name)
                    if {o.pk for o in manager.all()} != {o.pk for o in data[name]}:
                        manager.set(data[name])
                        changed.append(name)
            details: dict[str, Any] = {"name": lesson.title, "lesson": lesson.pk, "fields": changed}
            if "attachment" in changed:
                details.update(attachment=lesson.attachment.name or "", replaced=previous)
                # The old file goes once the change is committed, never before.
                _delete_file_after_commit(storage, previous)
            audit_record(
                actor=actor, verb="knowledge.lesson_updated", target=_where(lesson), details=details
            )
    except BaseException:
        if stored:
            storage.delete(stored)
        raise
    return lesson


def lesson_delete(*, lesson: Lesson, actor: Any) -> None:
    _require(
        actor,
        "knowledge.change_lesson",
        lesson,
        _("Only its author or an administrator can remove this item."),
    )
    with transaction.atomic(durable=True):
        audit_record(
            actor=actor,
            verb="knowledge.lesson_deleted",
            target=_where(lesson),
            details={
                "name": lesson.title,
                "lesson": lesson.pk,
                "attachment": lesson.attachment.name or "",
            },
        )
        _delete_file_after_commit(lesson.attachment.storage, lesson.attachment.name or "")
        lesson.delete()
