from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from partnerhub.vocabularies.models import (
    Country,
    PartnershipType,
    Region,
    ResourceType,
    SDGGoal,
    SDGTarget,
    Theme,
)


def sdg_goals_with_targets() -> QuerySet[SDGGoal]:
    return SDGGoal.objects.prefetch_related(
        Prefetch("targets", queryset=SDGTarget.objects.order_by("position"))
    )


def countries() -> QuerySet[Country]:
    return Country.objects.select_related("region", "subregion")


def regions() -> QuerySet[Region]:
    return Region.objects.order_by("level", "name")


def resource_types() -> QuerySet[ResourceType]:
    return ResourceType.objects.all()


def partnership_types() -> QuerySet[PartnershipType]:
    return PartnershipType.objects.all()


def themes() -> QuerySet[Theme]:
    return Theme.objects.all()
