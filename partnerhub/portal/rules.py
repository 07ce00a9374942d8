"""Who may change a country page's contacts: the country's coordinators (Resident Coordinator
office staff), the system coordinator and administrators. Everyone may read the portal."""

from __future__ import annotations

from typing import Any

import rules

from partnerhub.accounts.predicates import (
    country_codes_for,
    is_administrator,
    is_system_coordinator,
)


@rules.predicate
def is_coordinator_of_country(user: Any, country: Any) -> bool:
    return country is not None and country.pk in country_codes_for(user)


rules.add_perm(
    "portal.change_countryprofile",
    is_coordinator_of_country | is_system_coordinator | is_administrator,
)
