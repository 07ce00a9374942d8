"""Writes of coordination: raising an alert when a second entity starts engaging an
organisation, and acknowledging it.

`engagement_started` is called by other apps' services inside their own (durable)
transaction, right after they create the record that starts an engagement, so it opens only a
savepoint: the alert, its audit event and its notifications commit or roll back with the
engagement that raised them. Company representatives are never told: coordination between UN
entities is internal to the UN system.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.accounts.models import Membership, Role
from partnerhub.accounts.predicates import (
    entity_ids_for,
    is_administrator,
    is_system_coordinator,
)
from partnerhub.coordination import selectors
from partnerhub.coordination.models import CoordinationAlert, EngagementKind
from partnerhub.core.services import audit_record
from partnerhub.entities.models import UNEntity
from partnerhub.notifications.services import notify
from partnerhub.organisations.models import Organisation


def _focal_points(entity_id: int) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.filter(
            role=Role.FOCAL_POINT, un_entity_id=entity_id
        ).select_related("user")
    ]


def _coordinators() -> list[Any]:
    return [
        m.user
        for m in Membership.objects.filter(role=Role.SYSTEM_COORDINATOR).select_related("user")
    ]


def _describe(kind: str, target: models.Model) -> tuple[str, str]:
    """The label and link of the record that started an engagement, as the registry shows it."""
    from partnerhub.marketplace.models import Interest, OfferRoute

    if isinstance(target, Interest):
        return target.listing.title, target.listing.get_absolute_url()
    if isinstance(target, OfferRoute):
        return target.offer.title, target.offer.get_absolute_url()
    if kind == EngagementKind.SCREENING:
        return _("Due diligence screening"), target.get_absolute_url()  # type: ignore[attr-defined]
    return str(target)[:300], target.get_absolute_url()  # type: ignore[attr-defined]


def engagement_started(
    *,
    entity: UNEntity,
    organisation: Organisation,
    kind: str,
    target: models.Model,
    actor: Any,
) -> list[CoordinationAlert]:
    """`entity` has started engaging `organisation` through `target` (an Interest, an
    OfferRoute, a Screening or a Partnership). For every other entity with an open engagement
    with the same organisation, or with a record whose name matches it, that was not alerted
    yet, raise one alert and tell the focal points of both entities and the system
    coordinators. Returns the alerts raised."""
    if kind not in EngagementKind.values:
        raise ValueError(f"Unknown engagement kind {kind!r}")
    others = selectors.other_entities_engaging(organisation, excluding_entity=entity)
    if not others:
        return []
    label, url = _describe(kind, target)
    raised: list[CoordinationAlert] = []
    seen: set[str] = set()
    with transaction.atomic():
        for other in others:
            engagement = other.engagement
            key = CoordinationAlert.pair_key_for(
                (organisation.pk, engagement.organisation.pk), (entity.pk, engagement.entity.pk)
            )
            if key in seen or CoordinationAlert.objects.filter(pair_key=key).exists():
                continue
            seen.add(key)
            match = other.match
            try:
                # A concurrent engagement may raise the same alert first: the unique pair key
                # refuses the second one, and the savepoint keeps the caller's transaction usable.
                with transaction.atomic():
                    alert = CoordinationAlert.objects.create(
                        organisation=organisation,
                        matched_organisation=engagement.organisation if match else None,
                        matched_name=match.matched_name[:300] if match else "",
                        name_score=match.score if match else None,
                        first_entity=engagement.entity,
                        first_kind=engagement.kind,
                        first_label=engagement.label[:300],
                        first_url=engagement.url,
                        second_entity=entity,
                        second_kind=kind,
                        second_label=label[:300],
                        second_url=url,
                        pair_key=key,
                        created_by=actor if getattr(actor, "is_authenticated", False) else None,
                    )
            except IntegrityError:
                continue
            audit_record(
                actor=actor,
                verb="coordination.alert_raised",
                target=organisation,
                details={
                    "alert": alert.pk,
                    "first_entity": engagement.entity.acronym,
                    "first_kind": engagement.kind,
                    "second_entity": entity.acronym,
                    "second_kind": kind,
                    "matched_organisation": engagement.organisation.pk if match else None,
                    "name_score": match.score if match else None,
                },
            )
            _announce(alert)
            raised.append(alert)
    return raised


def _announce(alert: CoordinationAlert) -> None:
    """Each entity's focal points learn which other entity is engaging the organisation; the
    system coordinators learn both. Everyone is told once, even with several roles."""
    first, second = alert.first_entity, alert.second_entity
    organisation = alert.organisation
    body = _(
        "%(first)s: %(first_kind)s “%(first_label)s”.\n%(second)s: %(second_kind)s "
        "“%(second_label)s”.\nReason: %(reason)s. Please get in touch before going further."
    ) % {
        "first": first.acronym,
        "first_kind": alert.get_first_kind_display().lower(),
        "first_label": alert.first_label,
        "second": second.acronym,
        "second_kind": alert.get_second_kind_display().lower(),
        "second_label": alert.second_label,
        "reason": alert.reason,
    }
    url = alert.get_absolute_url()
    told: set[int] = set()

    def tell(users: list[Any], title: str) -> None:
        fresh = [u for u in users if u.pk not in told]
        told.update(u.pk for u in fresh)
        notify(users=fresh, verb="coordination.alert", title=title, body=body, url=url)

    tell(
        _focal_points(second.pk),
        _("%(other)s is already engaging %(organisation)s")
        % {"other": first.acronym, "organisation": organisation},
    )
    tell(
        _focal_points(first.pk),
        _("%(other)s has started engaging %(organisation)s too")
        % {"other": second.acronym, "organisation": alert.other_organisation},
    )
    tell(
        _coordinators(),
        _("%(first)s and %(second)s are both engaging %(organisation)s")
        % {"first": first.acronym, "second": second.acronym, "organisation": organisation},
    )


def alert_acknowledge(*, alert: CoordinationAlert, actor: Any) -> CoordinationAlert:
    """A focal point acknowledges the alert for their entity (for both, if theirs are both);
    the system coordinator or an administrator closes it for everyone."""
    focal_of = entity_ids_for(actor, Role.FOCAL_POINT)
    is_manager = bool(is_system_coordinator(actor) or is_administrator(actor))
    sides = [
        side
        for side, entity_id in (
            ("first", alert.first_entity_id),
            ("second", alert.second_entity_id),
        )
        if entity_id in focal_of
    ]
    if not sides and not is_manager:
        raise PermissionDenied(
            _("Only focal points of the two entities and the system coordinator can acknowledge.")
        )
    with transaction.atomic(durable=True):
        alert = CoordinationAlert.objects.select_for_update().get(pk=alert.pk)
        now = timezone.now()
        changed: list[str] = []
        for side in sides:
            if getattr(alert, f"{side}_acknowledged_at") is None:
                setattr(alert, f"{side}_acknowledged_by", actor)
                setattr(alert, f"{side}_acknowledged_at", now)
                changed += [f"{side}_acknowledged_by", f"{side}_acknowledged_at"]
        if not sides and alert.coordinator_acknowledged_at is None:
            alert.coordinator_acknowledged_by = actor
            alert.coordinator_acknowledged_at = now
            changed += ["coordinator_acknowledged_by", "coordinator_acknowledged_at"]
        if not changed:
            raise ValidationError(_("You have already acknowledged this alert."))
        alert.save(update_fields=changed)
        audit_record(
            actor=actor,
            verb="coordination.alert_acknowledged",
            target=alert.organisation,
            details={"alert": alert.pk, "sides": sides or ["coordinator"]},
        )
    return alert
