"""Writes of the public portal: a country page's contacts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partnerhub.core.services import audit_record
from partnerhub.portal.models import CountryProfile
from partnerhub.vocabularies.models import Country

PROFILE_FIELDS = (
    "introduction",
    "rc_office_name",
    "rc_office_url",
    "rc_office_email",
    "gc_network_name",
    "gc_network_url",
    "gc_network_email",
)
MAX_INTRODUCTION = 4_000


def country_profile_update(*, actor: Any, country: Country, data: dict[str, Any]) -> CountryProfile:
    """Save the country's contacts (only the fields given change); audited with the names of
    the fields that changed."""
    if actor is None or not actor.has_perm("portal.change_countryprofile", country):
        raise PermissionDenied(
            _("Only the country's coordinators and the system coordinator edit its page.")
        )
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    cleaned = {name: (value or "").strip() for name, value in data.items()}
    if len(cleaned.get("introduction", "")) > MAX_INTRODUCTION:
        raise ValidationError({"introduction": _("This text is too long.")})
    with transaction.atomic():
        profile, _created = CountryProfile.objects.select_for_update().get_or_create(
            country=country
        )
        changed = [name for name, value in cleaned.items() if getattr(profile, name) != value]
        if not changed:
            return profile
        for name in changed:
            setattr(profile, name, cleaned[name])
        profile.updated_by = actor
        profile.full_clean()
        profile.save()
        audit_record(
            actor=actor,
            verb="country_page.updated",
            target=profile,
            details={"fields": changed},
        )
    return profile
