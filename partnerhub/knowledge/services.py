"""Writes of lessons learned and best practices. A lesson of a partnership is audited on the
partnership (its timeline shows it); a lesson of none, on itself."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from partnerhub.core.services import audit_record
from partnerhub.knowledge.models import Lesson
from partnerhub.partnerships.models import Partnership
from partnerhub.results.models import Evaluation

MAX_TEXT = 20_000
TAG_FIELDS = ("partnership_types", "sdgs", "countries", "themes")


def _require(actor: Any, perm: str, obj: Any, message: str) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(message)


def _clean(data: dict[str, Any], partnership: Partnership | None, current: Lesson | None) -> None:
    for name, limit, message in (
        ("title", 200, _("Give the lesson a title.")),
        ("text", MAX_TEXT, _("Write the lesson.")),
    ):
        if name in data or current is None:
            value = (data.get(name) or "").strip()
            if not value:
                raise ValidationError({name: message})
            if len(value) > limit:
                raise ValidationError({name: _("This text is too long.")})
            data[name] = value
    if "kind" in data and data["kind"] not in Lesson.Kind.values:
        raise ValidationError({"kind": _("Choose a lesson learned or a best practice.")})
    if "visibility" in data and data["visibility"] not in Lesson.Visibility.values:
        raise ValidationError({"visibility": _("Choose who may read the lesson.")})
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
        else _("Lessons are recorded by UN staff."),
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
    with transaction.atomic(durable=True):
        if partnership is not None:
            Partnership.objects.select_for_update().get(pk=partnership.pk)
        lesson = Lesson.objects.create(
            kind=data["kind"],
            title=data["title"],
            text=data["text"],
            visibility=data["visibility"],
            source=source,
            partnership=partnership,
            evaluation=evaluation,
            created_by=actor,
        )
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
            },
        )
    return lesson


def lesson_update(*, lesson: Lesson, actor: Any, data: dict[str, Any]) -> Lesson:
    _require(
        actor,
        "knowledge.change_lesson",
        lesson,
        _("Only its author or an administrator can change this lesson."),
    )
    data = dict(data)
    _clean(data, lesson.partnership, lesson)
    with transaction.atomic(durable=True):
        lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
        changed: list[str] = []
        for name in ("kind", "title", "text", "visibility"):
            if name in data and getattr(lesson, name) != data[name]:
                setattr(lesson, name, data[name])
                changed.append(name)
        lesson.save()
        for name in TAG_FIELDS:
            if data.get(name) is not None:
                manager = getattr(lesson, name)
                if {o.pk for o in manager.all()} != {o.pk for o in data[name]}:
                    manager.set(data[name])
                    changed.append(name)
        audit_record(
            actor=actor,
            verb="knowledge.lesson_updated",
            target=_where(lesson),
            details={"name": lesson.title, "lesson": lesson.pk, "fields": changed},
        )
    return lesson


def lesson_delete(*, lesson: Lesson, actor: Any) -> None:
    _require(
        actor,
        "knowledge.change_lesson",
        lesson,
        _("Only its author or an administrator can remove this lesson."),
    )
    with transaction.atomic(durable=True):
        audit_record(
            actor=actor,
            verb="knowledge.lesson_deleted",
            target=_where(lesson),
            details={"name": lesson.title, "lesson": lesson.pk},
        )
        lesson.delete()
