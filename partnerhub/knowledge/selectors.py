"""Reads of the knowledge base (lessons, practices, guides and tools): what a user may see,
searched and filtered, and what is related to a partnership being proposed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from partnerhub.accounts.predicates import is_un_staff
from partnerhub.knowledge import related
from partnerhub.knowledge.models import Lesson
from partnerhub.vocabularies.models import Country, PartnershipType, SDGGoal


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
    theme: str = "",
    partnership_id: int | None = None,
) -> QuerySet[Lesson]:
    """Lessons `user` may see matching every filter given, newest first; with `text`, a
    full-text search in any UN language (partnerhub.search), most relevant first."""
    lessons = lessons_visible_to(user)
    if kind:
        lessons = lessons.filter(kind=kind)
    if partnership_type:
        lessons = lessons.filter(partnership_types__pk=partnership_type)
    if sdg:
        lessons = lessons.filter(sdgs__pk=sdg)
    if country:
        lessons = lessons.filter(countries__pk=country)
    if theme:
        lessons = lessons.filter(themes__pk=theme)
    if partnership_id:
        lessons = lessons.filter(partnership_id=partnership_id)
    if partnership_type or sdg or country or theme:
        # The tag filters join many-to-many tables: one row per lesson through a subquery,
        # which the full-text join below can then rank.
        lessons = Lesson.objects.filter(pk__in=lessons.values("pk"))
    if text:
        from partnerhub.search.selectors import filter_by_search

        lessons = filter_by_search(lessons, text)
    return lessons.prefetch_related("partnership_types", "sdgs", "countries", "themes")


def lessons_of(partnership: Any, user: Any) -> QuerySet[Lesson]:
    return lessons_visible_to(user).filter(partnership=partnership)


@dataclass(frozen=True)
class RelatedLesson:
    """A lesson related to a proposal, with what it shares with it (for the words on the
    panel: "same type: In-kind; shares SDG 2")."""

    lesson: Lesson
    overlap: related.Overlap
    same_type: PartnershipType | None
    shared_sdgs: list[SDGGoal]
    shared_countries: list[Country]

    @property
    def sdg_numbers(self) -> str:
        return ", ".join(str(goal.pk) for goal in self.shared_sdgs)

    @property
    def country_names(self) -> str:
        return ", ".join(str(country) for country in self.shared_countries)


def _key(value: Any) -> Any:
    return getattr(value, "pk", value)


def _shared_count(through: Any, column: str, values: frozenset[Any]) -> Any:
    if not values:
        return Value(0, output_field=IntegerField())
    matches = (
        through.objects.filter(lesson_id=OuterRef("pk"), **{f"{column}__in": values})
        .order_by()
        .values("lesson_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(matches, output_field=IntegerField()), 0)


def related_lessons(
    partnership_type: Any,
    sdgs: Iterable[Any],
    countries: Iterable[Any],
    user: Any,
    limit: int = 5,
    *,
    exclude_partnership: int | None = None,
) -> list[RelatedLesson]:
    """The `limit` items of the knowledge base that `user` may read and that share most with
    a partnership of this type, SDGs and countries (ordered as related.rank says: same type
    first, then more shared SDGs, then more shared countries, then newer). Each comes with
    what it shares. Arguments are model instances or their keys; None or empty means unknown.
    `exclude_partnership` leaves out the lessons of that partnership (its own page)."""
    query = related.Query(
        partnership_type=_key(partnership_type) or None,
        sdgs=frozenset(int(_key(goal)) for goal in sdgs),
        countries=frozenset(str(_key(country)) for country in countries),
    )
    if query.is_empty or limit <= 0:
        return []
    type_through = Lesson.partnership_types.through
    lessons = lessons_visible_to(user).annotate(
        same_type=Exists(
            type_through.objects.filter(
                lesson_id=OuterRef("pk"), partnershiptype_id=query.partnership_type
            )
        )
        if query.partnership_type
        else Value(False),
        shared_sdgs=_shared_count(Lesson.sdgs.through, "sdggoal_id", query.sdgs),
        shared_countries=_shared_count(Lesson.countries.through, "country_id", query.countries),
    )
    if exclude_partnership is not None:
        lessons = lessons.exclude(partnership_id=exclude_partnership)
    found = (
        lessons.filter(Q(same_type=True) | Q(shared_sdgs__gt=0) | Q(shared_countries__gt=0))
        .order_by("-same_type", "-shared_sdgs", "-shared_countries", "-created_at", "-id")
        .prefetch_related("partnership_types", "sdgs", "countries")[:limit]
    )
    results = []
    for lesson in found:
        types = {t.pk: t for t in lesson.partnership_types.all()}
        goals = {g.pk: g for g in lesson.sdgs.all()}
        places = {c.pk: c for c in lesson.countries.all()}
        shared = related.overlap(query, types, goals, places)
        results.append(
            RelatedLesson(
                lesson=lesson,
                overlap=shared,
                same_type=types.get(query.partnership_type or "") if shared.same_type else None,
                shared_sdgs=[goals[pk] for pk in shared.shared_sdgs],
                shared_countries=[places[pk] for pk in shared.shared_countries],
            )
        )
    return results


def readable_partnership_ids(user: Any, partnership_ids: set[int]) -> set[int]:
    """Which of these partnerships the user may know of: public ones for everyone, and those
    the user may read in the workspace. A public lesson of a draft must not reveal the draft."""
    from partnerhub.partnerships.selectors import partnerships_visible_to, public_partnerships

    if not partnership_ids:
        return set()
    readable = set(
        public_partnerships().filter(pk__in=partnership_ids).values_list("pk", flat=True)
    )
    if getattr(user, "is_authenticated", False):
        readable |= set(
            partnerships_visible_to(user)
            .filter(pk__in=partnership_ids)
            .values_list("pk", flat=True)
        )
    return readable
