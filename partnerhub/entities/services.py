"""Writes on UN entities: the UN System Chart import and the partnership-profile edit."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerhub.core.services import audit_record
from partnerhub.entities.chart_csv import ChartRow, read_chart_csv
from partnerhub.entities.models import UNEntity
from partnerhub.vocabularies.models import Country, SDGGoal

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_ENTITIES_CSV = DATA_DIR / "un_system_entities.csv"
DEFAULT_HUB_PROFILES = DATA_DIR / "hub_profiles.json"

PROFILE_TEXT_MAX_CHARS = 10_000
PROFILE_FIELDS = ("mandate", "how_to_partner", "partnership_email", "sdgs", "countries")
_PROFILE_TEXT_FIELDS = ("mandate", "how_to_partner")
PROFILE_EDIT_REFUSED = gettext_lazy(
    "Only this entity's focal points, the system coordinator and administrators can edit its "
    "partnership profile."
)
_SLUG_MAX_LENGTH = UNEntity._meta.get_field("slug").max_length or 60


@dataclass
class EntityImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    # Entities in the database that the file no longer lists. They are kept (memberships and
    # partnerships point at them) and reported, so a person decides what to do with them.
    not_in_file: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class HubProfile:
    sdgs: tuple[int, ...]
    mandate: str
    how_to_partner: str


@dataclass(frozen=True)
class ProfileUpdate:
    entity: UNEntity
    changed_fields: list[str]


def load_hub_profiles(path: Path) -> tuple[dict[str, HubProfile], list[str]]:
    """The curated partnership profiles by acronym, and what is wrong with the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        raw_profiles = data["profiles"]
        if not isinstance(raw_profiles, dict):
            raise TypeError("'profiles' must be an object keyed by acronym")
    except FileNotFoundError:
        return {}, [f"{path}: no such file."]
    except (ValueError, KeyError, TypeError) as exc:
        return {}, [f"{path.name}: not a valid profiles file ({exc})."]
    profiles: dict[str, HubProfile] = {}
    errors: list[str] = []
    for acronym, raw in raw_profiles.items():
        sdgs = raw.get("sdgs", [])
        if not isinstance(sdgs, list) or any(
            not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 17 for n in sdgs
        ):
            errors.append(f"{path.name}, {acronym}: 'sdgs' must be a list of goal numbers 1-17.")
            continue
        texts = {name: str(raw.get(name, "")).strip() for name in _PROFILE_TEXT_FIELDS}
        too_long = [name for name, text in texts.items() if len(text) > PROFILE_TEXT_MAX_CHARS]
        if too_long:
            errors.append(
                f"{path.name}, {acronym}: {', '.join(too_long)} longer than "
                f"{PROFILE_TEXT_MAX_CHARS} characters."
            )
            continue
        profiles[acronym] = HubProfile(sdgs=tuple(sorted(set(sdgs))), **texts)
    return profiles, errors


def _chart_values(row: ChartRow) -> dict[str, Any]:
    return {
        "name": row.name,
        "aliases": row.aliases,
        "description": row.description,
        "website": row.website,
        "headquarters": row.headquarters,
        "principal_organ": row.principal_organ,
        "category": row.category,
        "subcategory": row.subcategory,
        "is_ceb_member": row.is_ceb_member,
        "foundational_mandate": row.foundational_mandate,
        "links": row.links,
    }


def _row_errors(row: ChartRow, values: dict[str, Any]) -> list[str]:
    """Values the database would refuse (too long, not a URL), worded with the row number."""
    if not slugify(row.acronym):
        return [f"Row {row.row_number} ({row.acronym}): the acronym has no letters or digits."]
    try:
        UNEntity(
            acronym=row.acronym, slug=slugify(row.acronym)[:_SLUG_MAX_LENGTH], **values
        ).clean_fields()
    except ValidationError as exc:
        return [
            f"Row {row.row_number} ({row.acronym}): {name}: {' '.join(messages)}"
            for name, messages in exc.message_dict.items()
        ]
    return []


def _unique_slug(acronym: str, taken: set[str]) -> str:
    base = slugify(acronym)[:_SLUG_MAX_LENGTH]
    slug, suffix = base, 2
    while slug in taken:
        tail = f"-{suffix}"
        slug = base[: _SLUG_MAX_LENGTH - len(tail)] + tail
        suffix += 1
    return slug


def _attribute_history(entity: UNEntity, actor: Any) -> None:
    """Name the actor in simple-history's record (outside a request there is no middleware)."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        entity._history_user = actor  # type: ignore[attr-defined]


def _save_with_m2m(
    entity: UNEntity,
    *,
    sdgs: Iterable[SDGGoal] | None = None,
    countries: Iterable[Country] | None = None,
) -> None:
    """Save an existing entity and its many-to-many changes as one history version.

    simple-history writes a version on every m2m signal (one for the removals, one for the
    additions) and another on save; setting the relations with history paused and saving last
    gives a single version holding both the fields and the SDGs."""
    entity.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        if sdgs is not None:
            entity.sdgs.set(sdgs)
        if countries is not None:
            entity.countries.set(countries)
    finally:
        del entity.skip_history_when_saving  # type: ignore[attr-defined]
    entity.save()


def _upsert_rows(
    rows_with_values: list[tuple[ChartRow, dict[str, Any]]],
    profiles: dict[str, HubProfile],
    *,
    source: str,
    actor: Any,
    result: EntityImportResult,
) -> None:
    existing = {entity.acronym: entity for entity in UNEntity.objects.prefetch_related("sdgs")}
    taken_slugs = {entity.slug for entity in existing.values()}
    goals = {goal.number: goal for goal in SDGGoal.objects.all()}
    for row, values in rows_with_values:
        entity = existing.get(row.acronym)
        profile = profiles.get(row.acronym)
        if entity is not None and entity.profile_edited_at is not None:
            profile = None
        wanted_sdgs: list[SDGGoal] | None = None
        if profile is not None:
            values["mandate"] = profile.mandate
            values["how_to_partner"] = profile.how_to_partner
            wanted_sdgs = [goals[number] for number in profile.sdgs]

        if entity is None:
            slug = _unique_slug(row.acronym, taken_slugs)
            taken_slugs.add(slug)
            entity = UNEntity(acronym=row.acronym, slug=slug, **values)
            _attribute_history(entity, actor)
            entity.save()
            if wanted_sdgs:
                entity.sdgs.set(wanted_sdgs)
            audit_record(
                actor=actor,
                verb="entity.imported",
                target=entity,
                details={"action": "created", "source": source},
            )
            result.created += 1
            continue

        changed = [name for name, value in values.items() if getattr(entity, name) != value]
        sdgs_change = wanted_sdgs is not None and {goal.number for goal in entity.sdgs.all()} != {
            goal.number for goal in wanted_sdgs
        }
        if sdgs_change:
            changed.append("sdgs")
        if not changed:
            result.unchanged += 1
            continue
        for name, value in values.items():
            setattr(entity, name, value)
        _attribute_history(entity, actor)
        _save_with_m2m(entity, sdgs=wanted_sdgs if sdgs_change else None)
        audit_record(
            actor=actor,
            verb="entity.imported",
            target=entity,
            details={"action": "updated", "source": source, "fields": changed},
        )
        result.updated += 1
    in_file = {row.acronym for row, _values in rows_with_values}
    result.not_in_file = sorted(set(existing) - in_file)


def entities_import_csv(
    *, path: Path, actor: Any = None, profiles_path: Path = DEFAULT_HUB_PROFILES
) -> EntityImportResult:
    """Create or update one UNEntity per row of a UN System Chart file, keyed by acronym, and
    apply the hub's curated partnership profiles.

    - Idempotent: a row whose values already match is left untouched (no save, no history, no
      audit event), so a second run reports everything unchanged.
    - All or nothing: every row is checked first; if any row or the profiles file is bad, the
      result lists every error with its row number and nothing is written.
    - Slugs come from the acronym (made unique with -2, -3, ...) and never change once given,
      so links to an entity keep working.
    - Curated profiles (mandate, how to partner, SDGs) are applied, and kept in step with
      hub_profiles.json, only while nobody has edited the entity's profile on the hub
      (profile_edited_at is empty). After a person's edit the importer leaves those fields alone.
      Countries are never set by the import.

    Audit: one "entity.imported" event per created or updated entity rather than one summary
    event, because the audit trail is read per entity (core:audit_trail), and a person reading
    an entity's trail must see that the import changed it and which fields.
    """
    result = EntityImportResult()
    chart = read_chart_csv(path)
    profiles, profile_errors = load_hub_profiles(profiles_path)
    result.errors.extend(chart.errors)
    result.errors.extend(profile_errors)
    rows_with_values = [(row, _chart_values(row)) for row in chart.rows]
    for row, values in rows_with_values:
        result.errors.extend(_row_errors(row, values))
    if result.errors:
        return result

    try:
        with transaction.atomic(durable=True):
            _upsert_rows(rows_with_values, profiles, source=path.name, actor=actor, result=result)
    except IntegrityError:
        # Only a concurrent import or edit can get here: every row was checked above.
        return EntityImportResult(
            errors=[
                "Another change to the UN entities was saved while this import ran; nothing "
                "was imported. Run the import again."
            ]
        )
    return result


def _clean_text(name: str, value: Any) -> str:
    text = str(value or "").strip()
    if len(text) > PROFILE_TEXT_MAX_CHARS:
        raise ValidationError(
            {
                name: _("At most %(max)d characters, please (this text has %(n)d).")
                % {"max": PROFILE_TEXT_MAX_CHARS, "n": len(text)}
            }
        )
    return text


def _clean_email(value: Any) -> str:
    email = str(value or "").strip()
    if email:
        max_length = UNEntity._meta.get_field("partnership_email").max_length or 254
        if len(email) > max_length:
            raise ValidationError({"partnership_email": _("This e-mail address is too long.")})
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                {"partnership_email": _("Enter a valid e-mail address.")}
            ) from None
    return email


def _clean_sdgs(values: Iterable[Any]) -> list[SDGGoal]:
    numbers = {value.number if isinstance(value, SDGGoal) else value for value in values}
    try:
        numbers = {int(number) for number in numbers}
    except (TypeError, ValueError):
        raise ValidationError({"sdgs": _("SDGs are given by their number, 1 to 17.")}) from None
    goals = list(SDGGoal.objects.filter(number__in=numbers))
    unknown = numbers - {goal.number for goal in goals}
    if unknown:
        raise ValidationError(
            {"sdgs": _("Unknown SDG: %(n)s.") % {"n": ", ".join(str(n) for n in sorted(unknown))}}
        )
    return goals


def _clean_countries(values: Iterable[Any]) -> list[Country]:
    codes = {value.iso2 if isinstance(value, Country) else str(value).upper() for value in values}
    countries = list(Country.objects.filter(iso2__in=codes))
    unknown = codes - {country.iso2 for country in countries}
    if unknown:
        raise ValidationError(
            {"countries": _("Unknown country code: %(c)s.") % {"c": ", ".join(sorted(unknown))}}
        )
    return countries


def entity_update_profile(*, entity: UNEntity, actor: Any, **fields: Any) -> ProfileUpdate:
    """Edit the partnership profile of `entity`: any of mandate, how_to_partner,
    partnership_email, sdgs (SDGGoal objects or numbers) and countries (Country objects or ISO2
    codes). Allowed to the entity's focal points, the system coordinator and administrators.

    Only fields that really change are written; if none does, nothing is saved or audited."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"entity_update_profile() got unexpected fields: {sorted(unknown)}")
    if actor is None or not actor.has_perm("entities.change_unentity", entity):
        raise PermissionDenied(PROFILE_EDIT_REFUSED)
    texts = {
        name: _clean_text(name, fields[name]) for name in _PROFILE_TEXT_FIELDS if name in fields
    }
    if "partnership_email" in fields:
        texts["partnership_email"] = _clean_email(fields["partnership_email"])
    goals = _clean_sdgs(fields["sdgs"]) if "sdgs" in fields else None
    countries = _clean_countries(fields["countries"]) if "countries" in fields else None

    with transaction.atomic(durable=True):
        locked = UNEntity.objects.select_for_update().get(pk=entity.pk)
        changed = [name for name, value in texts.items() if getattr(locked, name) != value]
        details: dict[str, Any] = {}
        before_sdgs = sorted(locked.sdgs.values_list("number", flat=True))
        after_sdgs = sorted(goal.number for goal in goals) if goals is not None else before_sdgs
        if after_sdgs != before_sdgs:
            changed.append("sdgs")
            details["sdgs"] = {"before": before_sdgs, "after": after_sdgs}
        before_countries = sorted(locked.countries.values_list("iso2", flat=True))
        after_countries = (
            sorted(country.iso2 for country in countries)
            if countries is not None
            else before_countries
        )
        if after_countries != before_countries:
            changed.append("countries")
            details["countries"] = {"before": before_countries, "after": after_countries}
        if not changed:
            return ProfileUpdate(entity=locked, changed_fields=[])

        for name, value in texts.items():
            setattr(locked, name, value)
        locked.profile_edited_at = timezone.now()
        _attribute_history(locked, actor)
        _save_with_m2m(
            locked,
            sdgs=goals if "sdgs" in changed else None,
            countries=countries if "countries" in changed else None,
        )
        audit_record(
            actor=actor,
            verb="entity.profile_updated",
            target=locked,
            details={"fields": changed, **details},
        )
    return ProfileUpdate(entity=locked, changed_fields=changed)
