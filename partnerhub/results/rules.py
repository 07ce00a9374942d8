"""Who may read and write a partnership's results.

- Reading KPIs, targets, reports and evaluations: whoever may read the partnership
  (partnerships/rules.py), which includes the representatives of its partner organisations.
  Partners are parties to the partnership and its evaluations concern them, so they read the
  evaluations too, except the management response: that is the lead entity's internal answer
  to the recommendations, shown to UN staff only.
- Defining KPIs and targets, reviewing reports, recording evaluations: the focal points and
  M&E officers of the lead entity, and administrators.
- Submitting a report: the same people, or a representative of a partner organisation that is
  responsible for at least one of the partnership's KPIs.
"""

from __future__ import annotations

from typing import Any

import rules

from partnerhub.accounts.models import Role
from partnerhub.accounts.predicates import entity_ids_for, is_administrator, organisation_ids_for

RESULTS_ROLES = (Role.FOCAL_POINT, Role.ME_OFFICER)


def _partnership(obj: Any) -> Any:
    return getattr(obj, "partnership", obj)


@rules.predicate
def is_lead_results_staff(user: Any, obj: Any) -> bool:
    """A focal point or M&E officer of the lead entity (obj: a partnership or a record of it)."""
    if obj is None:
        return False
    return _partnership(obj).lead_entity_id in entity_ids_for(user, *RESULTS_ROLES)


def responsible_organisation_ids(partnership: Any) -> set[int]:
    return set(
        partnership.kpis.filter(responsible_partner__isnull=False).values_list(
            "responsible_partner__organisation_id", flat=True
        )
    )


@rules.predicate
def is_rep_of_responsible_partner(user: Any, obj: Any) -> bool:
    if obj is None:
        return False
    organisations = organisation_ids_for(user)
    return bool(organisations) and bool(
        organisations & responsible_organisation_ids(_partnership(obj))
    )


@rules.predicate
def can_view_partnership(user: Any, obj: Any) -> bool:
    return obj is not None and user.has_perm("partnerships.view_partnership", _partnership(obj))


results_staff = is_lead_results_staff | is_administrator

rules.add_perm("results.view_results", can_view_partnership)
rules.add_perm("results.manage_kpis", results_staff)
rules.add_perm("results.submit_report", results_staff | is_rep_of_responsible_partner)
rules.add_perm("results.review_report", results_staff)
rules.add_perm("results.record_evaluation", results_staff)
