"""Who may read and write initiatives, events and commitments.

Everyone reads what is published. The system coordinator (and administrators) write
everything. A focal point writes the initiatives their entity convenes and the events it
organises, and records commitments to them. A company representative writes their own
organisation's commitments and reports progress on them.
"""

from __future__ import annotations

from typing import Any

import rules

from partnerhub.accounts.models import Role
from partnerhub.accounts.predicates import (
    entity_ids_for,
    is_administrator,
    is_company_rep,
    is_system_coordinator,
    organisation_ids_for,
)

is_coordinating = is_system_coordinator | is_administrator


def _focal_entity_ids(user: Any) -> set[int]:
    return entity_ids_for(user, Role.FOCAL_POINT)


def _ids(manager: Any) -> set[int]:
    # .all() so that a prefetch made by the selector is used.
    return {item.pk for item in manager.all()}


@rules.predicate
def is_any_focal_point(user: Any) -> bool:
    return bool(_focal_entity_ids(user))


@rules.predicate
def is_convener_focal_point(user: Any, initiative: Any) -> bool:
    if initiative is None or initiative.pk is None:
        return False
    return bool(_focal_entity_ids(user) & _ids(initiative.convening_entities))


@rules.predicate
def is_organiser_focal_point(user: Any, event: Any) -> bool:
    if event is None or event.pk is None:
        return False
    return bool(_focal_entity_ids(user) & _ids(event.organising_entities))


@rules.predicate
def is_commitment_steward(user: Any, commitment: Any) -> bool:
    """The maker's representatives or focal points, and the focal points of the entities
    convening its initiative or organising its event."""
    if commitment is None:
        return False
    if commitment.organisation_id and commitment.organisation_id in organisation_ids_for(user):
        return True
    focal = _focal_entity_ids(user)
    if not focal:
        return False
    if commitment.un_entity_id and commitment.un_entity_id in focal:
        return True
    if commitment.initiative_id and focal & _ids(commitment.initiative.convening_entities):
        return True
    return bool(commitment.event_id and focal & _ids(commitment.event.organising_entities))


@rules.predicate
def is_public_record(user: Any, obj: Any) -> bool:
    return obj is not None and obj.status == "published"


@rules.predicate
def is_public_commitment(user: Any, commitment: Any) -> bool:
    """Published, and so are the initiative and event it belongs to (a draft initiative is
    not announced through its commitments)."""
    if commitment is None or commitment.status != "published":
        return False
    if commitment.initiative_id and commitment.initiative.status != "published":
        return False
    return not (commitment.event_id and commitment.event.status != "published")


rules.add_perm("initiatives.add_initiative", is_coordinating | is_any_focal_point)
rules.add_perm("initiatives.change_initiative", is_coordinating | is_convener_focal_point)
rules.add_perm(
    "initiatives.view_initiative", is_public_record | is_coordinating | is_convener_focal_point
)

rules.add_perm("initiatives.add_event", is_coordinating | is_any_focal_point)
rules.add_perm("initiatives.change_event", is_coordinating | is_organiser_focal_point)
rules.add_perm(
    "initiatives.view_event", is_public_record | is_coordinating | is_organiser_focal_point
)

rules.add_perm("initiatives.add_commitment", is_coordinating | is_any_focal_point | is_company_rep)
rules.add_perm("initiatives.change_commitment", is_coordinating | is_commitment_steward)
rules.add_perm(
    "initiatives.view_commitment", is_public_commitment | is_coordinating | is_commitment_steward
)
