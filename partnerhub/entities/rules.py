"""Permissions on UN entities."""

from __future__ import annotations

import rules

from partnerhub.accounts.predicates import (
    is_administrator,
    is_focal_point_of_entity,
    is_system_coordinator,
    is_un_staff,
)

# The partnership profile is the entity's own voice: its focal points keep it up to date; the
# system coordinator and administrators can step in.
rules.add_perm(
    "entities.change_unentity", is_administrator | is_system_coordinator | is_focal_point_of_entity
)
# Focal points' names are for colleagues inside the UN system; the public contacts an entity
# through the hub, not by looking people up.
rules.add_perm("entities.view_focal_points", is_un_staff)
