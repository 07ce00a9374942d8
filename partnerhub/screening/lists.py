"""Importing sanctions-list files into versioned snapshots (writes), and the list reads."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from partnerhub.core.services import audit_record
from partnerhub.screening.diff import diff_snapshots
from partnerhub.screening.models import ListChange, ListEntry, ListImport, ListVersion
from partnerhub.screening.records import (
    EntryKind,
    ListedEntry,
    ListSnapshot,
    Source,
    SourceFormatError,
)
from partnerhub.screening.sources import parse

# The UN Security Council Consolidated List shipped with partnerhub (see data/SOURCES.md).
SHIPPED_UN_LIST = Path(__file__).resolve().parent / "data" / "un_sc_consolidated_2026-05-08.xml"


def entry_fingerprint(entry: ListedEntry) -> str:
    canonical = json.dumps(entry.fingerprint(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def entry_data(entry: ListedEntry) -> dict[str, Any]:
    data = asdict(entry)
    data["source"] = entry.source.value
    data["kind"] = entry.kind.value
    return data


def entry_from_data(data: dict[str, Any]) -> ListedEntry:
    values = dict(data)
    values["source"] = Source(values["source"])
    values["kind"] = EntryKind(values["kind"])
    for name, value in values.items():
        if isinstance(value, list):
            values[name] = tuple(value)
    return ListedEntry(**values)


def _generated_at(snapshot: ListSnapshot, hint: str) -> datetime.datetime:
    raw = snapshot.generated_at or hint
    parsed = parse_datetime(raw) if raw else None
    if parsed is None and raw:
        day = parse_date(raw[:10])
        if day is not None:
            parsed = datetime.datetime.combine(day, datetime.time())
    if parsed is None:
        raise SourceFormatError(
            "The file does not say when it was generated; give the date (--generated-at)."
        )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, datetime.UTC)
    return parsed


class ImportOutcome:
    def __init__(self, status: str, message: str, version: ListVersion | None = None) -> None:
        self.status = status
        self.message = message
        self.version = version


def import_snapshot_bytes(
    *, source: str, data: bytes, actor: Any = None, generated_at_hint: str = ""
) -> ImportOutcome:
    """Parse and store one list file as a new version. A refused file changes nothing: the
    previous version stays in force. Re-importing a file already imported is a no-op."""
    try:
        snapshot = parse(source, data, generated_at=generated_at_hint)
        generated_at = _generated_at(snapshot, generated_at_hint)
    except SourceFormatError as exc:
        return ImportOutcome(ListImport.Status.FAILED, str(exc))
    existing = ListVersion.objects.filter(source=source, checksum=snapshot.checksum).first()
    if existing is not None:
        return ImportOutcome(
            ListImport.Status.UNCHANGED,
            f"This file was already imported as the version of {existing.generated_at:%Y-%m-%d}.",
            existing,
        )
    try:
        with transaction.atomic(durable=True):
            version = _store(snapshot, source, generated_at, actor)
    except SourceFormatError as exc:
        return ImportOutcome(ListImport.Status.FAILED, str(exc))
    from partnerhub.screening.tasks import rescreen_after_list_update

    transaction.on_commit(lambda: rescreen_after_list_update.enqueue(version.pk))
    message = (
        f"Imported {version.entry_count} entries: {version.added_count} added, "
        f"{version.removed_count} removed, {version.amended_count} amended."
    )
    return ImportOutcome(ListImport.Status.SUCCEEDED, message, version)


def _store(
    snapshot: ListSnapshot, source: str, generated_at: datetime.datetime, actor: Any
) -> ListVersion:
    previous = (
        ListVersion.objects.select_for_update().filter(source=source, is_current=True).first()
    )
    if previous is not None and generated_at < previous.generated_at:
        raise SourceFormatError(
            f"This file was generated on {generated_at:%Y-%m-%d}, before the version in force "
            f"({previous.generated_at:%Y-%m-%d}); an older list cannot replace a newer one."
        )
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    version = ListVersion.objects.create(
        source=source,
        generated_at=generated_at,
        checksum=snapshot.checksum,
        entry_count=len(snapshot.entries),
        warnings=list(snapshot.warnings),
        previous=previous,
        is_current=True,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    existing = {e.ref: e for e in ListEntry.objects.filter(source=source)}
    in_force = [entry_from_data(e.data) for e in existing.values() if e.removed_in_id is None]
    diff = diff_snapshots(in_force, snapshot.entries)
    added, amended = set(diff.added), dict(diff.amended)
    to_create: list[ListEntry] = []
    to_update: list[ListEntry] = []
    for entry in snapshot.entries:
        data = entry_data(entry)
        current = existing.get(entry.ref)
        if current is None:
            to_create.append(
                ListEntry(
                    source=source,
                    ref=entry.ref,
                    kind=entry.kind.value,
                    name=entry.name[:500],
                    data=data,
                    fingerprint=entry_fingerprint(entry),
                    first_version=version,
                    last_changed_in=version,
                )
            )
            continue
        if entry.ref in added or entry.ref in amended:
            current.last_changed_in = version
            current.removed_in = None  # an entry listed again after removal
        elif current.data == data:
            continue
        # Unchanged for screening purposes, but the stored copy may differ in remarks.
        current.kind = entry.kind.value
        current.name = entry.name[:500]
        current.data = data
        current.fingerprint = entry_fingerprint(entry)
        to_update.append(current)
    for ref in diff.removed:
        existing[ref].removed_in = version
        to_update.append(existing[ref])
    ListEntry.objects.bulk_create(to_create, batch_size=500)
    ListEntry.objects.bulk_update(
        to_update,
        ["kind", "name", "data", "fingerprint", "last_changed_in", "removed_in"],
        batch_size=500,
    )
    ids = dict(ListEntry.objects.filter(source=source).values_list("ref", "id"))
    counts = {"added": 0, "removed": 0, "amended": 0}
    if previous is not None:
        # The first version of a list has nothing to differ from: no change rows.
        changes = [
            *(ListChange(version=version, entry_id=ids[ref], kind="added") for ref in diff.added),
            *(
                ListChange(version=version, entry_id=ids[ref], kind="removed")
                for ref in diff.removed
            ),
            *(
                ListChange(
                    version=version,
                    entry_id=ids[ref],
                    kind="amended",
                    fields={name: list(values) for name, values in fields.items()},
                )
                for ref, fields in diff.amended
            ),
        ]
        ListChange.objects.bulk_create(changes, batch_size=500)
        counts = {
            "added": len(diff.added),
            "removed": len(diff.removed),
            "amended": len(diff.amended),
        }
    version.added_count = counts["added"]
    version.removed_count = counts["removed"]
    version.amended_count = counts["amended"]
    version.save(update_fields=["added_count", "removed_count", "amended_count"])
    audit_record(
        actor=actor,
        verb="sanctions_list.imported",
        target=version,
        details={
            "source": source,
            "generated_at": generated_at.isoformat(),
            "checksum": snapshot.checksum,
            "entries": version.entry_count,
            **counts,
            "warnings": len(snapshot.warnings),
        },
    )
    return version
