"""Who may see and change partnerships.

UN staff see every partnership past draft; drafts are seen by the staff of the entities
involved and by whoever wrote them. Company representatives see the partnerships their
organisation takes part in. The public sees nothing here yet (public pages come later).
Proposals open from the marketplace: either side of an interest, the focal points handling an
offer in discussion, or the focal points of a need; focal points may also start one directly.
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
    is_un_staff,
    organisation_ids_for,
)

PROPOSABLE_INTEREST_STATES = {"open", "accepted"}
PROPOSABLE_NEED_STATES = {"open", "in_discussion", "filled"}


def _involved_entity_ids(partnership: Any) -> set[int]:
    ids = {partnership.lead_entity_id}
    ids.update(e.pk for e in partnership.participating_entities.all())
    return ids


@rules.predicate
def is_focal_point(user: Any) -> bool:
    return bool(entity_ids_for(user, Role.FOCAL_POINT))


@rules.predicate
def is_past_draft(user: Any, partnership: Any) -> bool:
    return partnership is not None and partnership.status != "draft"


@rules.predicate
def is_staff_of_involved_entity(user: Any, partnership: Any) -> bool:
    return partnership is not None and bool(
        entity_ids_for(user) & _involved_entity_ids(partnership)
    )


@rules.predicate
def is_rep_of_partner(user: Any, partnership: Any) -> bool:
    organisations = organisation_ids_for(user)
    return (
        partnership is not None
        and bool(organisations)
        and partnership.partners.filter(organisation_id__in=organisations).exists()
    )


@rules.predicate
def is_author(user: Any, partnership: Any) -> bool:
    return (
        partnership is not None and user.is_authenticated and partnership.created_by_id == user.pk
    )


@rules.predicate
def is_author_of_draft(user: Any, partnership: Any) -> bool:
    return bool(is_author(user, partnership)) and partnership.status == "draft"


@rules.predicate
def is_lead_focal_point(user: Any, partnership: Any) -> bool:
    return partnership is not None and partnership.lead_entity_id in entity_ids_for(
        user, Role.FOCAL_POINT
    )


@rules.predicate
def is_party_to_open_interest(user: Any, interest: Any) -> bool:
    return (
        interest is not None
        and interest.status in PROPOSABLE_INTEREST_STATES
        and (
            interest.entity_id in entity_ids_for(user, Role.FOCAL_POINT)
            or interest.organisation_id in organisation_ids_for(user)
        )
    )


@rules.predicate
def handles_route_in_discussion(user: Any, route: Any) -> bool:
    return (
        route is not None
        and route.status == "in_discussion"
        and route.entity_id in entity_ids_for(user, Role.FOCAL_POINT)
    )


@rules.predicate
def is_focal_point_of_published_need(user: Any, need: Any) -> bool:
    return (
        need is not None
        and need.status in PROPOSABLE_NEED_STATES
        and need.entity_id in entity_ids_for(user, Role.FOCAL_POINT)
    )


managers = is_administrator | is_system_coordinator


@rules.predicate
def is_lead_document_staff(user: Any, partnership: Any) -> bool:
    """Focal points, legal officers and M&E officers of the lead entity."""
    return partnership is not None and partnership.lead_entity_id in entity_ids_for(
        user, Role.FOCAL_POINT, Role.LEGAL_OFFICER, Role.ME_OFFICER
    )


rules.add_perm(
    "partnerships.manage_documents",
    is_lead_document_staff | is_system_coordinator | is_administrator,
)
rules.add_perm("partnerships.view_list", is_un_staff | is_company_rep)
rules.add_perm(
    "partnerships.view_partnership",
    managers
    | (is_un_staff & is_past_draft)
    | is_staff_of_involved_entity
    | is_rep_of_partner
    | is_author,
)
rules.add_perm(
    "partnerships.change_partnership",
    is_lead_focal_point | is_administrator | is_author_of_draft,
)
rules.add_perm("partnerships.propose_from_interest", is_party_to_open_interest)
rules.add_perm("partnerships.propose_from_route", handles_route_in_discussion)
rules.add_perm("partnerships.propose_from_need", is_focal_point_of_published_need)
rules.add_perm("partnerships.propose_direct", is_focal_point)
