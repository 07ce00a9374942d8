"""Reads of lessons: what a user may see, searched and filtered."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from partnerhub.accounts.predicates import is_un_staff
from partnerhub.knowledge.models import Lesson


def lessons_visible_to(user: Any) -> QuerySet[Lesson]:
    lessons = Lesson.objects.select_related("partnership", "evaluation", "created_by")
    if not is_un_staff(user):
        lessons = lessons.filter(visibility=Lesson.Visibility.PUBLIC)
    return lessons


def lessons_search(
    user: Any,
    *,
    text: str = "",
    kind: str = "",
    partnership_type: str = "",
    sdg: int | None = None,
    country: str = "",
    partnership_id: int | None = None,
) -> QuerySet[Lesson]:
    """Lessons `user` may see matching every filter given. Text matches title or text
    (a plain substring search until the knowledge base gets its own)."""
    lessons = lessons_visible_to(user)
    if text:
        lessons = lessons.filter(Q(title__icontains=text) | Q(text__icontains=text))
    if kind:
        lessons = lessons.filter(kind=kind)
    if partnership_type:
        lessons = lessons.filter(partnership_types__pk=partnership_type)
    if sdg:
        lessons = lessons.filter(sdgs__pk=sdg)
    if country:
        lessons = lessons.filter(countries__pk=country)
    if partnership_id:
        lessons = lessons.filter(partnership_id=partnership_id)
    if partnership_type or sdg or country:
        lessons = lessons.distinct()
    return lessons.prefetch_related("partnership_types", "sdgs", "countries", "themes")


def lessons_of(partnership: Any, user: Any) -> QuerySet[Lesson]:
    return lessons_visible_to(user).filter(partnership=partnership)
