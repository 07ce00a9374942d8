"""Reads shared by every app: the audit trail of one object."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from partnerhub.core.models import AuditEvent


def audit_events_for(target: models.Model) -> QuerySet[AuditEvent]:
    content_type = ContentType.objects.get_for_model(target, for_concrete_model=True)
    return AuditEvent.objects.filter(
        target_type=content_type, target_id=str(target.pk)
    ).select_related("actor")


def home_figures() -> dict[str, int]:
    """Headline counts for the home page."""
    from partnerhub.entities.models import UNEntity
    from partnerhub.organisations.models import Organisation

    return {
        "entities": UNEntity.objects.count(),
        "organisations": Organisation.objects.count(),
    }
