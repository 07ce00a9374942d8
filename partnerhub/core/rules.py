"""Who may read an object's audit trail: administrators and the system coordinator always;
staff of a UN entity for their entity and its needs and inbox; UN staff for an organisation,
a submitted offer and a partnership they may read."""

from __future__ import annotations

from typing import Any

import rules

from partnerhub.accounts.predicates import (
    entity_ids_for,
    is_administrator,
    is_member_of_entity,
    is_system_coordinator,
    is_un_staff,
)


@rules.predicate
def can_see_target_audit(user: Any, target: Any) -> bool:
    if target is None:
        return False
    label = target._meta.label_lower
    if label == "entities.unentity":
        return bool(is_member_of_entity(user, target))
    if label in ("organisations.organisation", "screening.screening"):
        return bool(is_un_staff(user))
    if label in ("marketplace.need", "marketplace.offerroute"):
        return target.entity_id in entity_ids_for(user)
    if label == "partnerships.partnership":
        return bool(is_un_staff(user)) and user.has_perm("partnerships.view_partnership", target)
    if label == "marketplace.offer":
        return bool(is_un_staff(user)) and target.status != "draft"
    return False


rules.add_perm("core.view_audit", is_administrator | is_system_coordinator | can_see_target_audit)
