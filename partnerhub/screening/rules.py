"""Who may do what in screening. Completed screenings are shared with all UN staff, never
with the screened company."""

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


@rules.predicate
def is_screening_officer(user: Any) -> bool:
    return bool(entity_ids_for(user, Role.SCREENING_OFFICER))


@rules.predicate
def requests_for_entities(user: Any) -> bool:
    return bool(entity_ids_for(user, Role.SCREENING_OFFICER, Role.FOCAL_POINT))


@rules.predicate
def requests_for_entity(user: Any, entity: Any) -> bool:
    return entity is not None and entity.pk in entity_ids_for(
        user, Role.SCREENING_OFFICER, Role.FOCAL_POINT
    )


@rules.predicate
def is_screening_officer_of_requesting_entity(user: Any, screening: Any) -> bool:
    return screening is not None and screening.requesting_entity_id in entity_ids_for(
        user, Role.SCREENING_OFFICER
    )


@rules.predicate
def amends_criteria_of(user: Any, entity: Any) -> bool:
    return entity is not None and entity.pk in entity_ids_for(user, Role.SCREENING_OFFICER)


staff_managers = is_administrator | is_system_coordinator

rules.add_perm("screening.view", is_un_staff)
rules.add_perm("screening.request", requests_for_entities | staff_managers)
rules.add_perm("screening.request_for_entity", requests_for_entity | staff_managers)
rules.add_perm("screening.review", is_screening_officer_of_requesting_entity | is_administrator)
rules.add_perm("screening.record_evidence", is_screening_officer | staff_managers)
rules.add_perm("screening.import_lists", is_screening_officer | staff_managers)
rules.add_perm("screening.batch", is_screening_officer | staff_managers)
rules.add_perm("screening.manage_baseline", staff_managers)
rules.add_perm("screening.amend_entity_criteria", amends_criteria_of | staff_managers)
rules.add_perm("screening.acknowledge_alerts", is_screening_officer | staff_managers)
