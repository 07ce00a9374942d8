"""Who may run the newsletter: the system coordinator (and administrators). Everything public
(archive, issues, feed, subscribing, unsubscribing) needs no permission."""

from __future__ import annotations

import rules

from partnerhub.accounts.predicates import is_administrator, is_system_coordinator

rules.add_perm("newsletter.manage", is_system_coordinator | is_administrator)
