"""Who may do what in the marketplace.

Needs are posted by an entity's focal points; public ones are seen by everyone once open,
UN-only ones by UN staff. Offers are seen by the offering company and by UN staff, never by
other companies. An offer's route is handled by the focal points of the entity it reached.
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

PUBLISHED_NEED_STATES = {"open", "in_discussion", "filled", "closed"}


@rules.predicate
def is_focal_point(user: Any) -> bool:
    return bool(entity_ids_for(user, Role.FOCAL_POINT))


@rules.predicate
def is_focal_point_of_need(user: Any, need: Any) -> bool:
    return need is not None and need.entity_id in entity_ids_for(user, Role.FOCAL_POINT)


@rules.predicate
def is_member_of_need_entity(user: Any, need: Any) -> bool:
    return need is not None and need.entity_id in entity_ids_for(user)


@rules.predicate
def need_is_public_and_published(user: Any, need: Any) -> bool:
    return need is not None and need.visibility == "public" and need.status in PUBLISHED_NEED_STATES


@rules.predicate
def need_is_published(user: Any, need: Any) -> bool:
    return need is not None and need.status in PUBLISHED_NEED_STATES


@rules.predicate
def is_rep_of_offer(user: Any, offer: Any) -> bool:
    return offer is not None and offer.organisation_id in organisation_ids_for(user)


@rules.predicate
def offer_is_submitted(user: Any, offer: Any) -> bool:
    return offer is not None and offer.status != "draft"


@rules.predicate
def handles_route(user: Any, route: Any) -> bool:
    return route is not None and route.entity_id in entity_ids_for(user, Role.FOCAL_POINT)


@rules.predicate
def is_member_of_route_entity(user: Any, route: Any) -> bool:
    return route is not None and route.entity_id in entity_ids_for(user)


@rules.predicate
def is_member_of(user: Any, entity: Any) -> bool:
    return entity is not None and entity.pk in entity_ids_for(user)


@rules.predicate
def is_party_to_interest(user: Any, interest: Any) -> bool:
    return interest is not None and (
        interest.organisation_id in organisation_ids_for(user)
        or interest.entity_id in entity_ids_for(user)
    )


managers = is_administrator | is_system_coordinator

rules.add_perm("marketplace.post_need", is_focal_point | is_administrator)
rules.add_perm("marketplace.change_need", is_focal_point_of_need | is_administrator)
rules.add_perm(
    "marketplace.view_need",
    need_is_public_and_published
    | (is_un_staff & need_is_published)
    | is_member_of_need_entity
    | managers,
)
rules.add_perm("marketplace.see_need_interests", is_member_of_need_entity | managers)
rules.add_perm("marketplace.express_interest", is_company_rep)
rules.add_perm("marketplace.post_offer", is_company_rep)
rules.add_perm("marketplace.change_offer", is_rep_of_offer | is_administrator)
rules.add_perm(
    "marketplace.view_offer", is_rep_of_offer | (is_un_staff & offer_is_submitted) | managers
)
rules.add_perm("marketplace.respond_to_offer", is_focal_point)
rules.add_perm("marketplace.view_route", is_member_of_route_entity | managers)
rules.add_perm("marketplace.handle_route", handles_route | is_administrator)
rules.add_perm("marketplace.view_inbox", is_member_of | managers)
rules.add_perm("marketplace.view_routing_overview", managers)
rules.add_perm("marketplace.edit_routing_profile", managers)
rules.add_perm("marketplace.view_interest", is_party_to_interest | managers)
rules.add_perm("marketplace.view_matches", is_un_staff | is_company_rep)
