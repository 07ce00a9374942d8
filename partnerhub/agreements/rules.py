"""Who may read and write agreements.

- Reading an agreement (its page and its generated files): UN staff who may read the
  partnership, and administrators and the system coordinator; the partner organisation's
  representatives only once it is sent for signature (drafts and internal review are the UN's).
- Generating one: the focal points and legal officers of the lead entity, and administrators.
  The legal officer owns the text; the focal point may prepare the first draft.
- Negotiated deviations: the legal officers of the lead entity, and administrators.
- The template library is system-wide: UN staff read it; legal officers of any entity and
  administrators upload new versions.
- Moves of the approval flow are decided by workflows.TRANSITIONS (services.actors_for).
"""

from __future__ import annotations

from typing import Any

import rules

from partnerhub.accounts.models import Role
from partnerhub.accounts.predicates import (
    entity_ids_for,
    is_administrator,
    is_system_coordinator,
    is_un_staff,
    organisation_ids_for,
)
from partnerhub.agreements.workflows import SHARED_STATES


@rules.predicate
def can_read_partnership_as_staff(user: Any, agreement: Any) -> bool:
    return (
        agreement is not None
        and bool(is_un_staff(user))
        and user.has_perm("partnerships.view_partnership", agreement.partnership)
    )


@rules.predicate
def is_rep_of_partner_once_sent(user: Any, agreement: Any) -> bool:
    if agreement is None or agreement.status not in SHARED_STATES:
        return False
    organisations = organisation_ids_for(user)
    return (
        bool(organisations)
        and agreement.partnership.partners.filter(organisation_id__in=organisations).exists()
    )


@rules.predicate
def drafts_for_lead_entity(user: Any, partnership: Any) -> bool:
    return partnership is not None and partnership.lead_entity_id in entity_ids_for(
        user, Role.FOCAL_POINT, Role.LEGAL_OFFICER
    )


@rules.predicate
def is_lead_legal_officer(user: Any, agreement: Any) -> bool:
    return agreement is not None and agreement.partnership.lead_entity_id in entity_ids_for(
        user, Role.LEGAL_OFFICER
    )


@rules.predicate
def is_legal_officer(user: Any) -> bool:
    return bool(entity_ids_for(user, Role.LEGAL_OFFICER))


managers = is_administrator | is_system_coordinator

rules.add_perm("agreements.view_list", is_un_staff)
rules.add_perm(
    "agreements.view_agreement",
    managers | can_read_partnership_as_staff | is_rep_of_partner_once_sent,
)
rules.add_perm("agreements.generate", drafts_for_lead_entity | is_administrator)
rules.add_perm("agreements.record_deviation", is_lead_legal_officer | is_administrator)
rules.add_perm("agreements.view_templates", is_un_staff)
rules.add_perm("agreements.upload_template", is_legal_officer | is_administrator)
rules.add_perm("agreements.view_report", is_un_staff)
