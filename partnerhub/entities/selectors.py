"""Reads on UN entities."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from partnerhub.accounts.models import Role, User
from partnerhub.entities.chart_csv import split_organs
from partnerhub.entities.filters import EntityFilter
from partnerhub.entities.models import UNEntity
from partnerhub.entities.relatedness import (
    EntityProfile,
    Relation,
    description_words,
    related_entities,
)
from partnerhub.vocabularies.models import Country, SDGGoal


def _with_sdgs(queryset: QuerySet[UNEntity]) -> QuerySet[UNEntity]:
    return queryset.prefetch_related(Prefetch("sdgs", queryset=SDGGoal.objects.order_by("number")))


def _with_vocabularies(queryset: QuerySet[UNEntity]) -> QuerySet[UNEntity]:
    return _with_sdgs(queryset).prefetch_related(
        Prefetch("countries", queryset=Country.objects.order_by("name"))
    )


def entity_filter(data: Any) -> EntityFilter:
    """The directory's filter set over all entities. Its `.qs` ignores filters whose values are
    invalid; `.errors` says which they were."""
    return EntityFilter(data, queryset=UNEntity.objects.all())


def filtered_entities(
    entity_filter: EntityFilter, *, with_countries: bool = False
) -> QuerySet[UNEntity]:
    """The filtered entities, with their SDGs (and countries) fetched in one query each."""
    if with_countries:
        return _with_vocabularies(entity_filter.qs)
    return _with_sdgs(entity_filter.qs)


def entity_by_slug(slug: str) -> UNEntity:
    entity = _with_vocabularies(UNEntity.objects.filter(slug=slug)).first()
    if entity is None:
        raise Http404(_("No UN entity has the address “%(slug)s”.") % {"slug": slug})
    return entity


def entity_by_acronym(acronym: str) -> UNEntity:
    """Exact acronym first; otherwise a case-insensitive match ("unicef" finds UNICEF)."""
    entities = _with_vocabularies(UNEntity.objects.filter(acronym__iexact=acronym))
    matches = list(entities)
    exact = [entity for entity in matches if entity.acronym == acronym]
    if exact:
        return exact[0]
    if len(matches) == 1:
        return matches[0]
    raise Http404(_("No UN entity has the acronym “%(acronym)s”.") % {"acronym": acronym})


def focal_points_of(entity: UNEntity) -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True, memberships__role=Role.FOCAL_POINT, memberships__un_entity=entity
        )
        .distinct()
        .order_by("full_name", "email")
    )


def entity_profiles() -> list[EntityProfile]:
    """Every entity as the plain profile the relatedness module compares (two queries)."""
    sdgs_of: dict[int, set[int]] = defaultdict(set)
    through = UNEntity.sdgs.through
    for entity_id, goal_number in through.objects.values_list("unentity_id", "sdggoal_id"):
        sdgs_of[entity_id].add(goal_number)
    rows = UNEntity.objects.values(
        "id", "acronym", "name", "slug", "category", "principal_organ", "description", "mandate"
    )
    return [
        EntityProfile(
            acronym=row["acronym"],
            name=row["name"],
            slug=row["slug"],
            category=row["category"],
            principal_organs=frozenset(split_organs(row["principal_organ"])),
            sdgs=frozenset(sdgs_of[row["id"]]),
            words=description_words(row["description"], row["mandate"]),
        )
        for row in rows
    ]


def related_entities_of(entity: UNEntity, *, limit: int = 5) -> list[Relation]:
    profiles = entity_profiles()
    subject = next((profile for profile in profiles if profile.acronym == entity.acronym), None)
    if subject is None:
        return []
    return related_entities(subject, profiles, limit=limit)
