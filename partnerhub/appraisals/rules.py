"""Who may read and write cost–benefit reviews, staff rates and thresholds.

The review is internal to the UN: UN staff who can see the partnership read it; partner
companies never do, even on a partnership they take part in. The lead entity's focal points
(and administrators) write it. Staff rates are set by administrators and the system
coordinator; thresholds too, and an entity's focal points set their own entity's thresholds.
"""

from __future__ import annotations

from typing import Any

import rules

from partnerhub.accounts.predicates import (
    is_administrator,
    is_focal_point_of_entity,
    is_system_coordinator,
    is_un_staff,
)
from partnerhub.partnerships.rules import is_focal_point, is_lead_focal_point


@rules.predicate
def can_view_partnership(user: Any, partnership: Any) -> bool:
    return partnership is not None and user.has_perm("partnerships.view_partnership", partnership)


managers = is_administrator | is_system_coordinator

rules.add_perm("appraisals.view_assessment", is_un_staff & can_view_partnership)
rules.add_perm("appraisals.change_assessment", is_lead_focal_point | is_administrator)
rules.add_perm("appraisals.view_settings", managers | is_focal_point)
# The object is the entity whose rates or thresholds change; None for the system defaults.
rules.add_perm("appraisals.set_rates", managers)
rules.add_perm("appraisals.set_thresholds", managers | is_focal_point_of_entity)
