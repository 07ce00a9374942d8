"""Who may read the dashboards: every member of UN staff, for the whole system, any entity and
any country. The figures are aggregates of what UN staff may already read one by one
(partnerships past draft, submitted offers, screening outcomes); company representatives and
the public see none of it."""

from __future__ import annotations

import rules

from partnerhub.accounts.predicates import is_un_staff

rules.add_perm("dashboards.view", is_un_staff)
