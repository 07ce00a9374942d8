from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from partnerhub.accounts.models import Role
from partnerhub.accounts.predicates import entity_ids_for
from partnerhub.screening.models import (
    Alert,
    BatchScreening,
    CriteriaProfile,
    Hit,
    ListChange,
    ListImport,
    ListVersion,
    Screening,
)


def screening_list(*, status: str = "", rating: str = "", q: str = "") -> QuerySet[Screening]:
    screenings = (
        Screening.objects.select_related("organisation", "requesting_entity")
        .annotate(pending_hits=Count("hits", filter=Q(hits__review=Hit.Review.PENDING)))
        .order_by("-created_at", "-id")
    )
    if status:
        screenings = screenings.filter(status=status)
    if rating:
        screenings = screenings.filter(rating=rating)
    if q:
        screenings = screenings.filter(organisation__legal_name__icontains=q.strip())
    return screenings


def screening_detail(pk: int) -> Screening:
    return (
        Screening.objects.select_related(
            "organisation",
            "organisation__country",
            "requesting_entity",
            "profile",
            "baseline",
            "decided_by",
            "cosigned_by",
        )
        .prefetch_related(
            Prefetch(
                "hits",
                queryset=Hit.objects.select_related("entry", "list_version", "reviewed_by"),
            ),
            "list_versions",
            Prefetch("alerts", queryset=Alert.objects.select_related("hit", "list_version")),
        )
        .get(pk=pk)
    )


def current_versions() -> dict[str, ListVersion]:
    return {v.source: v for v in ListVersion.objects.filter(is_current=True)}


def list_versions() -> QuerySet[ListVersion]:
    return ListVersion.objects.all()


def recent_imports(limit: int = 20) -> QuerySet[ListImport]:
    return ListImport.objects.select_related("version", "requested_by")[:limit]


def version_changes(version: ListVersion, kind: str = "") -> QuerySet[ListChange]:
    changes = ListChange.objects.filter(version=version).select_related("entry")
    if kind:
        changes = changes.filter(kind=kind)
    return changes


def open_alerts_for(user: Any) -> QuerySet[Alert]:
    """Unacknowledged alerts on screenings requested by the user's entities."""
    entities = entity_ids_for(user, Role.SCREENING_OFFICER, Role.FOCAL_POINT)
    return Alert.objects.filter(
        acknowledged_at__isnull=True, screening__requesting_entity_id__in=entities
    ).select_related("screening__organisation", "hit__entry", "list_version")


def batches_of(user: Any) -> QuerySet[BatchScreening]:
    return BatchScreening.objects.filter(requested_by=user).defer("input_csv", "output_csv")


def criteria_profiles() -> QuerySet[CriteriaProfile]:
    return CriteriaProfile.objects.filter(is_current=True).select_related("un_entity")
