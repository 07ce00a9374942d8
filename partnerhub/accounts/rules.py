"""Permissions on accounts and memberships."""

from __future__ import annotations

import rules

from partnerhub.accounts.predicates import is_administrator, is_authenticated

# Granting and revoking roles is an administrator's job.
rules.add_perm("accounts.manage_memberships", is_administrator)
# Every signed-in user may hold personal API tokens.
rules.add_perm("accounts.manage_own_tokens", is_authenticated)
