"""Who may see coordination: the registry is open to all UN staff, never to companies (which
entity talks to which company is internal to the UN system). An alert is read by the staff of
the two entities concerned and by the system coordinator and administrators; it is
acknowledged by the focal points of the two entities, or closed by the coordinator."""

from __future__ import annotations

from typing import Any

import rules

from partnerhub.accounts.models import Role
from partnerhub.accounts.predicates import (
    entity_ids_for,
    is_administrator,
    is_system_coordinator,
    is_un_staff,
)


def _alert_entities(alert: Any) -> set[int]:
    return {alert.first_entity_id, alert.second_entity_id}


@rules.predicate
def is_staff_of_alert_entity(user: Any, alert: Any) -> bool:
    return alert is not None and bool(entity_ids_for(user) & _alert_entities(alert))


@rules.predicate
def is_focal_point_of_alert_entity(user: Any, alert: Any) -> bool:
    return alert is not None and bool(
        entity_ids_for(user, Role.FOCAL_POINT) & _alert_entities(alert)
    )


managers = is_administrator | is_system_coordinator

rules.add_perm("coordination.view_registry", is_un_staff)
rules.add_perm("coordination.view_alerts", is_un_staff)
rules.add_perm("coordination.view_alert", is_staff_of_alert_entity | managers)
rules.add_perm("coordination.acknowledge_alert", is_focal_point_of_alert_entity | managers)
