"""Who may do what with organisations.

The directory is public. Any signed-in user may register an organisation. Its representatives,
the system coordinator and administrators may edit its profile; the UN Global Compact status
is for the system coordinator and administrators only, because screening relies on it. Only UN
staff see who represents an organisation.

Permission names avoid Django's model permissions (add_/change_organisation), so that granting
someone the Django admin never doubles as a right to edit profiles, nor the reverse.
"""

from __future__ import annotations

import rules

from partnerhub.accounts.predicates import (
    is_administrator,
    is_authenticated,
    is_rep_of_organisation,
    is_system_coordinator,
    is_un_staff,
)

rules.add_perm("organisations.register_organisation", is_authenticated)
rules.add_perm(
    "organisations.edit_organisation",
    is_rep_of_organisation | is_system_coordinator | is_administrator,
)
rules.add_perm("organisations.set_global_compact_status", is_system_coordinator | is_administrator)
rules.add_perm("organisations.view_representatives", is_un_staff)
