"""Importing sanctions-list files into versioned snapshots (writes), and the list reads."""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from partnerhub.core.services import audit_record
from partnerhub.screening.models import ListChange, ListEntry, ListImport, ListVersion
from partnerhub.screening.records import (
    EntryKind,
    ListedEntry,
    ListSnapshot,
    Source,
    SourceFormatError,
)
from partnerhub.screening.sources import parse

logger = logging.getLogger(__name__)


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
    seen: set[str] = set()
    to_create: list[ListEntry] = []
    to_update: list[ListEntry] = []
    changes: list[tuple[str, str, dict[str, Any]]] = []
    for entry in snapshot.entries:
        seen.add(entry.ref)
        fingerprint = entry_fingerprint(entry)
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
                    fingerprint=fingerprint,
                    first_version=version,
                    last_changed_in=version,
                )
            )
            changes.append(("added", entry.ref, {}))
            continue
        if current.removed_in_id is not None:
            changes.append(("added", entry.ref, {"relisted": [True, True]}))
        elif current.fingerprint != fingerprint:
            old = entry_from_data(current.data).fingerprint()
            new = entry.fingerprint()
            changes.append(
                ("amended", entry.ref, {k: [old[k], new[k]] for k in new if old.get(k) != new[k]})
            )
        else:
            # Same compared fields; the stored copy may still differ in remarks.
            if current.data != data:
                current.data = data
                to_update.append(current)
            continue
        current.kind = entry.kind.value
        current.name = entry.name[:500]
        current.data = data
        current.fingerprint = fingerprint
        current.last_changed_in = version
        current.removed_in = None
        to_update.append(current)
    for ref, current in existing.items():
        if ref not in seen and current.removed_in_id is None:
            current.removed_in = version
            to_update.append(current)
            changes.append(("removed", ref, {}))
    ListEntry.objects.bulk_create(to_create, batch_size=500)
    ListEntry.objects.bulk_update(
        to_update,
        ["kind", "name", "data", "fingerprint", "last_changed_in", "removed_in"],
        batch_size=500,
    )
    ids = dict(ListEntry.objects.filter(source=source).values_list("ref", "id"))
    if previous is not None:
        ListChange.objects.bulk_create(
            [
                ListChange(version=version, entry_id=ids[ref], kind=kind, fields=fields)
                for kind, ref, fields in changes
            ],
            batch_size=500,
        )
    counts = {"added": 0, "removed": 0, "amended": 0}
    if previous is not None:
        for kind, _ref, _fields in changes:
            counts[kind] += 1
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
