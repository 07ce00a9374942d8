"""Writes on organisations: registration and profile updates.

Who registers an organisation becomes its representative, unless they are UN staff: a focal
point registering a company on its behalf is not speaking for that company, and would
otherwise gain the right to edit its profile and act for it in partnerships.

Registration warns about possible duplicates (DuplicateOrganisationWarning) and refuses a
registration number already used in the same country; both checks read before the write
transaction opens, so the write lock (taken at BEGIN on SQLite) is held only for the inserts.
The unique constraint on (country, registration number) still guards the race between two
registrations of the same number.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.accounts.predicates import is_un_staff
from partnerhub.accounts.services import organisation_rep_add
from partnerhub.core.services import audit_record
from partnerhub.organisations import names, selectors
from partnerhub.organisations.models import (
    GlobalCompactStatus,
    IsicSection,
    Organisation,
    OrganisationKind,
    OrganisationNameKey,
    OrganisationSize,
)
from partnerhub.organisations.selectors import SimilarOrganisation
from partnerhub.vocabularies.models import Country

NAME_MAX_LENGTH = 300
MAX_OTHER_NAMES = 20
REGISTRATION_NUMBER_MAX_LENGTH = 64
WEBSITE_MAX_LENGTH = 300
# A profile, not a document: long enough for a few paragraphs, short enough to read.
DESCRIPTION_MAX_LENGTH = 10_000

GLOBAL_COMPACT_FIELDS = (
    "global_compact_status",
    "global_compact_joined_on",
    "global_compact_status_since",
)
EDITABLE_FIELDS = (
    "legal_name",
    "other_names",
    "kind",
    "country",
    "registration_number",
    "website",
    "sector",
    "size",
    "description",
    *GLOBAL_COMPACT_FIELDS,
)
NAME_FIELDS = frozenset({"legal_name", "other_names"})
# Statuses that are a change from an earlier one, so the date of that change matters.
STATUSES_NEEDING_SINCE = frozenset(
    {GlobalCompactStatus.NON_COMMUNICATING, GlobalCompactStatus.DELISTED}
)


class DuplicateOrganisationWarning(ValidationError):
    """Organisations with similar names exist; the caller may confirm and register anyway."""

    def __init__(self, matches: list[SimilarOrganisation]) -> None:
        self.matches = matches
        listed = "; ".join(
            f"{match.organisation.legal_name} ({match.organisation.country.name})"
            for match in matches
        )
        super().__init__(
            _(
                "Organisations with similar names are already registered: %(names)s. If yours "
                "is a different organisation, confirm it to register it anyway."
            )
            % {"names": listed},
            code="possible_duplicate",
        )


def organisation_register(
    *,
    actor: Any,
    legal_name: str,
    country: Country | str,
    kind: str = OrganisationKind.COMPANY,
    other_names: Iterable[str] = (),
    registration_number: str = "",
    website: str = "",
    sector: str = "",
    size: str = "",
    global_compact_status: str = GlobalCompactStatus.NOT_PARTICIPANT,
    global_compact_joined_on: datetime.date | None = None,
    global_compact_status_since: datetime.date | None = None,
    description: str = "",
    confirm_not_duplicate: bool = False,
) -> Organisation:
    """Register an organisation in the directory.

    Raises ValidationError (one message per field) for invalid values or a registration
    number already used in the country, and DuplicateOrganisationWarning when similar names
    exist and `confirm_not_duplicate` is false. The audit event records the duplicates the
    actor confirmed were different organisations.
    """
    _require(
        actor,
        "organisations.register_organisation",
        None,
        _("Sign in to register an organisation."),
    )
    data = _clean(
        {
            "legal_name": legal_name,
            "other_names": other_names,
            "kind": kind,
            "country": country,
            "registration_number": registration_number,
            "website": website,
            "sector": sector,
            "size": size,
            "description": description,
            "global_compact_status": global_compact_status,
            "global_compact_joined_on": global_compact_joined_on,
            "global_compact_status_since": global_compact_status_since,
        }
    )
    _check_registration_number(data["country"], data["registration_number"])
    similar = selectors.similar_organisations([data["legal_name"], *data["other_names"]])
    if similar and not confirm_not_duplicate:
        raise DuplicateOrganisationWarning(similar)
    becomes_representative = not is_un_staff(actor)
    try:
        with transaction.atomic(durable=True):
            organisation = Organisation(**data, created_by=actor)
            _derive_name_fields(organisation)
            organisation._history_user = actor  # type: ignore[attr-defined]
            organisation.save()
            _write_name_keys(organisation)
            if becomes_representative:
                organisation_rep_add(user=actor, organisation=organisation)
            audit_record(
                actor=actor,
                verb="organisation.registered",
                target=organisation,
                details={
                    "country": organisation.country_id,
                    "representative_added": becomes_representative,
                    "duplicates_overridden": [_audit_match(match) for match in similar],
                },
            )
    except IntegrityError:
        # Only the registration-number constraint can fail here: someone registered the same
        # number between our check and our insert.
        raise _registration_number_taken(data["country"]) from None
    return organisation


def organisation_update(*, organisation: Organisation, actor: Any, **fields: Any) -> Organisation:
    """Change profile fields of `organisation`; returns the saved organisation.

    Representatives of the organisation, the system coordinator and administrators may edit;
    only the latter two may change the Global Compact fields. Fields given with their current
    value are not changes: nothing is written, and no event is recorded, if nothing changed.
    Raises PermissionDenied or ValidationError without writing anything.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"organisation_update() got fields it cannot change: {sorted(unknown)}")
    _require(
        actor,
        "organisations.edit_organisation",
        organisation,
        _(
            "Only the organisation's representatives, the system coordinator and "
            "administrators can edit this profile."
        ),
    )
    try:
        with transaction.atomic(durable=True):
            # Fields are merged into the row as it is now, not as the caller last read it: a
            # form opened before someone else's change must not silently undo that change
            # in fields the form did not show (such as the Global Compact status).
            locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
            before = _current_values(locked)
            data = _clean({**before, **fields})
            changed = [field for field in EDITABLE_FIELDS if data[field] != before[field]]
            if not changed:
                return locked
            if any(field in changed for field in GLOBAL_COMPACT_FIELDS):
                _require(
                    actor,
                    "organisations.set_global_compact_status",
                    locked,
                    _(
                        "Only the system coordinator and administrators can change the Global "
                        "Compact status."
                    ),
                )
            if "country" in changed or "registration_number" in changed:
                _check_registration_number(data["country"], data["registration_number"], locked.pk)
            for field in changed:
                setattr(locked, field, data[field])
            if NAME_FIELDS.intersection(changed):
                _derive_name_fields(locked)
            locked._history_user = actor  # type: ignore[attr-defined]
            locked.save()
            if NAME_FIELDS.intersection(changed):
                _write_name_keys(locked)
            audit_record(
                actor=actor,
                verb="organisation.updated",
                target=locked,
                details={
                    "changed_fields": changed,
                    # The description can be long; its versions are in the field history.
                    "changes": {
                        field: [_as_json(before[field]), _as_json(data[field])]
                        for field in changed
                        if field != "description"
                    },
                },
            )
            if "global_compact_status" in changed:
                audit_record(
                    actor=actor,
                    verb="organisation.global_compact_status_changed",
                    target=locked,
                    details={
                        "from": before["global_compact_status"],
                        "to": data["global_compact_status"],
                        "since": _as_json(data["global_compact_status_since"]),
                    },
                )
    except IntegrityError:
        raise _registration_number_taken(data["country"]) from None
    return locked


def organisation_index_names(*, organisation: Organisation) -> None:
    """Recompute the derived name fields and name keys of a saved organisation whose names
    were changed outside the services (the Django admin). Runs in the caller's transaction."""
    _derive_name_fields(organisation)
    Organisation.objects.filter(pk=organisation.pk).update(
        normalised_name=organisation.normalised_name, search_text=organisation.search_text
    )
    _write_name_keys(organisation)


def _require(actor: Any, perm: str, obj: Any, message: str) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(message)


def _current_values(organisation: Organisation) -> dict[str, Any]:
    values = {field: getattr(organisation, field) for field in EDITABLE_FIELDS}
    values["other_names"] = list(organisation.other_names)
    return values


def _derive_name_fields(organisation: Organisation) -> None:
    organisation.normalised_name = names.normalise_name(organisation.legal_name)[:NAME_MAX_LENGTH]
    organisation.search_text = "\n".join(names.search_key(name) for name in organisation.all_names)


def _write_name_keys(organisation: Organisation) -> None:
    keys = set().union(*(names.blocking_keys(name) for name in organisation.all_names))
    OrganisationNameKey.objects.filter(organisation=organisation).delete()
    OrganisationNameKey.objects.bulk_create(
        [OrganisationNameKey(organisation=organisation, key=key) for key in sorted(keys)]
    )


def _check_registration_number(
    country: Country, registration_number: str, exclude_pk: int | None = None
) -> None:
    if not registration_number:
        return
    taken = Organisation.objects.filter(
        country=country, registration_number__iexact=registration_number
    )
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    holder = taken.first()
    if holder is not None:
        raise _registration_number_taken(country, holder)


def _registration_number_taken(
    country: Country, holder: Organisation | None = None
) -> ValidationError:
    if holder is None:
        message = _(
            "An organisation with this registration number is already registered in %(country)s."
        ) % {"country": country.name}
    else:
        message = _(
            "%(name)s is already registered in %(country)s with this registration number. "
            "If you represent it, ask its representatives or the system coordinator to add you."
        ) % {"name": holder.legal_name, "country": country.name}
    return ValidationError({"registration_number": message}, code="duplicate_registration_number")


def _audit_match(match: SimilarOrganisation) -> dict[str, Any]:
    return {
        "id": match.organisation.pk,
        "legal_name": match.organisation.legal_name,
        "matched_name": match.matched_name,
        "score": match.score,
        "reason": match.reason_code,
    }


def _as_json(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Country):
        return value.pk
    return value


class _Errors:
    """Collects every field's problems, so the user sees them all at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, []).append(message)

    def raise_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def _clean(values: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and tidy every editable field; raise one ValidationError listing all problems."""
    errors = _Errors()
    cleaned: dict[str, Any] = {}
    values = _without_null_characters(values, errors)

    legal_name = _one_line(values["legal_name"])
    if not legal_name:
        errors.add("legal_name", _("Enter the organisation's legal name."))
    elif len(legal_name) > NAME_MAX_LENGTH:
        errors.add(
            "legal_name",
            _("A legal name has at most %(max)d characters (this one has %(n)d).")
            % {"max": NAME_MAX_LENGTH, "n": len(legal_name)},
        )
    elif not names.normalise_name(legal_name):
        errors.add("legal_name", _("A legal name needs letters or digits."))
    cleaned["legal_name"] = legal_name

    cleaned["other_names"] = _clean_other_names(values["other_names"], legal_name, errors)
    cleaned["country"] = _clean_country(values["country"], errors)
    cleaned["kind"] = _clean_choice(
        values["kind"], OrganisationKind.values, "kind", errors, required=True
    )
    cleaned["sector"] = _clean_choice(
        _text(values["sector"]).upper(), IsicSection.values, "sector", errors
    )
    cleaned["size"] = _clean_choice(values["size"], OrganisationSize.values, "size", errors)

    registration_number = _one_line(values["registration_number"])
    if len(registration_number) > REGISTRATION_NUMBER_MAX_LENGTH:
        errors.add(
            "registration_number",
            _("A registration number has at most %(max)d characters.")
            % {"max": REGISTRATION_NUMBER_MAX_LENGTH},
        )
    cleaned["registration_number"] = registration_number

    website = _text(values["website"]).strip()
    if len(website) > WEBSITE_MAX_LENGTH:
        errors.add(
            "website",
            _("A website address has at most %(max)d characters.") % {"max": WEBSITE_MAX_LENGTH},
        )
    elif website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            errors.add("website", _("Enter a full web address starting with https:// or http://."))
    cleaned["website"] = website

    description = _text(values["description"]).strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        errors.add(
            "description",
            _("A description has at most %(max)d characters (this one has %(n)d).")
            % {"max": DESCRIPTION_MAX_LENGTH, "n": len(description)},
        )
    cleaned["description"] = description

    cleaned.update(_clean_global_compact(values, errors))
    errors.raise_any()
    return cleaned


def _without_null_characters(values: Mapping[str, Any], errors: _Errors) -> dict[str, Any]:
    """Report NUL characters (PostgreSQL cannot store them), and drop them so the other
    checks still run on the rest of the value."""
    tidy: dict[str, Any] = {}
    for field, value in values.items():
        items = value if isinstance(value, list | tuple) else [value]
        if any(isinstance(item, str) and "\x00" in item for item in items):
            label = Organisation._meta.get_field(field).verbose_name  # type: ignore[union-attr]
            errors.add(
                field, _("Remove the null characters from the %(field)s.") % {"field": label}
            )
            cleaned = [
                item.replace("\x00", "") if isinstance(item, str) else item for item in items
            ]
            value = cleaned if isinstance(value, list | tuple) else cleaned[0]
        tidy[field] = value
    return tidy


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _one_line(value: Any) -> str:
    return " ".join(_text(value).split())


def _clean_other_names(value: Any, legal_name: str, errors: _Errors) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, Iterable):
        errors.add("other_names", _("Give other names as a list."))
        return []
    seen = {legal_name.casefold()}
    cleaned: list[str] = []
    for raw in value:
        name = _one_line(raw)
        if not name or name.casefold() in seen:
            continue
        if len(name) > NAME_MAX_LENGTH:
            errors.add(
                "other_names",
                _("Each other name has at most %(max)d characters.") % {"max": NAME_MAX_LENGTH},
            )
            return []
        seen.add(name.casefold())
        cleaned.append(name)
    if len(cleaned) > MAX_OTHER_NAMES:
        errors.add(
            "other_names",
            _("Give at most %(max)d other names.") % {"max": MAX_OTHER_NAMES},
        )
    return cleaned


def _clean_country(value: Any, errors: _Errors) -> Country | None:
    if isinstance(value, Country):
        return value
    code = _text(value).strip().upper()
    if not code:
        errors.add("country", _("Choose the country where the organisation is registered."))
        return None
    country = Country.objects.filter(pk=code).first() if len(code) == 2 else None
    if country is None:
        errors.add(
            "country",
            _("No country has the code “%(code)s”; use the two-letter ISO code, e.g. KE.")
            % {"code": code[:10]},
        )
    return country


def _clean_choice(
    value: Any, allowed: list[str], field: str, errors: _Errors, *, required: bool = False
) -> str:
    choice = _text(value).strip()
    if not choice and not required:
        return ""
    if choice not in allowed:
        errors.add(
            field,
            _("“%(value)s” is not one of the choices: %(choices)s.")
            % {"value": choice[:40], "choices": ", ".join(allowed)},
        )
    return choice


def _clean_date(value: Any, field: str, errors: _Errors) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        try:
            value = datetime.date.fromisoformat(_text(value))
        except ValueError:
            errors.add(field, _("Enter a date as YYYY-MM-DD."))
            return None
    if value > timezone.localdate():
        errors.add(field, _("This date is in the future."))
    return value


def _clean_global_compact(values: Mapping[str, Any], errors: _Errors) -> dict[str, Any]:
    status = _clean_choice(
        values["global_compact_status"],
        GlobalCompactStatus.values,
        "global_compact_status",
        errors,
        required=True,
    )
    joined_on = _clean_date(values["global_compact_joined_on"], "global_compact_joined_on", errors)
    since = _clean_date(
        values["global_compact_status_since"], "global_compact_status_since", errors
    )
    if status == GlobalCompactStatus.NOT_PARTICIPANT:
        if joined_on or since:
            errors.add(
                "global_compact_status",
                _(
                    "Leave the Global Compact dates empty for an organisation that is not a "
                    "participant."
                ),
            )
    elif status in STATUSES_NEEDING_SINCE and since is None:
        errors.add(
            "global_compact_status_since",
            _("Give the date since which the organisation has been %(status)s.")
            % {"status": GlobalCompactStatus(status).label.lower()},
        )
    if joined_on and since and since < joined_on:
        errors.add(
            "global_compact_status_since",
            _("The status cannot start before the organisation joined the Global Compact."),
        )
    return {
        "global_compact_status": status,
        "global_compact_joined_on": joined_on,
        "global_compact_status_since": since,
    }
