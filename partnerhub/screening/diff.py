"""What changed between two versions of one sanctions list.

Entries are matched by their reference (`ListedEntry.ref`, stable across versions of a list). An
entry is amended when a field of `ListedEntry.fingerprint()` differs; remarks are not part of the
fingerprint, so a reworded narrative alone does not trigger re-screening.

Plain Python, no Django imports.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from partnerhub.screening.records import ListedEntry

FieldChanges = dict[str, tuple[object, object]]


@dataclass(frozen=True)
class ListDiff:
    added: tuple[str, ...] = ()  # refs only in the new version, sorted
    removed: tuple[str, ...] = ()  # refs only in the old version, sorted
    # (ref, {field: (old value, new value)}) for refs in both versions whose fingerprint differs,
    # sorted by ref; values are as in `ListedEntry.fingerprint()` (lists sorted).
    amended: tuple[tuple[str, FieldChanges], ...] = field(default=())

    @property
    def amended_refs(self) -> tuple[str, ...]:
        return tuple(ref for ref, _changes in self.amended)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.amended)


def diff_snapshots(old: Iterable[ListedEntry], new: Iterable[ListedEntry]) -> ListDiff:
    """Compare two versions of one list.

    Raises ValueError if either version holds two entries under one reference: the parsers never
    produce that, and a diff over it would be ambiguous.
    """
    old_by_ref = _by_ref(old, "old")
    new_by_ref = _by_ref(new, "new")
    amended = []
    for ref in sorted(old_by_ref.keys() & new_by_ref.keys()):
        before = old_by_ref[ref].fingerprint()
        after = new_by_ref[ref].fingerprint()
        changes = {
            name: (before[name], after[name]) for name in before if before[name] != after[name]
        }
        if changes:
            amended.append((ref, changes))
    return ListDiff(
        added=tuple(sorted(new_by_ref.keys() - old_by_ref.keys())),
        removed=tuple(sorted(old_by_ref.keys() - new_by_ref.keys())),
        amended=tuple(amended),
    )


def _by_ref(entries: Iterable[ListedEntry], which: str) -> dict[str, ListedEntry]:
    by_ref: dict[str, ListedEntry] = {}
    for entry in entries:
        if entry.ref in by_ref:
            raise ValueError(f"The {which} version holds reference {entry.ref!r} twice.")
        by_ref[entry.ref] = entry
    return by_ref
