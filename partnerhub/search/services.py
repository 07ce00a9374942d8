"""Writes of the search index. The index is derived data: these functions are called by the
signal handlers that registry.register connects (through `schedule`), by the
rebuild_search_index command and by benchmarks; never by views."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction

from partnerhub.search import registry, text
from partnerhub.search.models import SearchEntry

logger = logging.getLogger(__name__)

BATCH_SIZE = 500


def _entry(kind: registry.SearchKind, obj: Any, *, public: bool) -> SearchEntry:
    document = kind.document_of(obj)
    title = " ".join(str(document.title).split())
    body = str(document.body or "").strip()
    return SearchEntry(
        id=registry.entry_id(kind, obj.pk),
        kind=kind.name,
        object_id=obj.pk,
        title=title,
        body=body,
        title_tokens=text.index_text(title),
        tokens=text.index_text(f"{body}\n{document.keywords or ''}"),
        public=public,
        language=text.guess_language(f"{title} {body}"),
    )


def _write(entries: list[SearchEntry]) -> None:
    SearchEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=[
            "title",
            "body",
            "title_tokens",
            "tokens",
            "public",
            "language",
            "updated_at",
        ],
    )


def index_object(obj: Any) -> SearchEntry:
    """Write (or rewrite) the index entry of a saved object of a registered model."""
    kind = registry.kind_for_model(type(obj))
    public = kind.public().filter(pk=obj.pk).exists()
    entry = _entry(kind, obj, public=public)
    _write([entry])
    return entry


def remove_object(kind_name: str, object_id: Any) -> None:
    SearchEntry.objects.filter(kind=kind_name, object_id=object_id).delete()


def index_pks(kind_name: str, pks: Iterable[Any]) -> int:
    """Bring the entries of these objects in line with the database: re-index those that
    exist, remove those that do not. Returns how many were indexed."""
    kind = registry.get_kind(kind_name)
    wanted = set(pks)
    indexed = index_queryset(kind_name, kind.queryset().filter(pk__in=wanted))
    present = set(kind.model._default_manager.filter(pk__in=wanted).values_list("pk", flat=True))
    gone = wanted - present
    if gone:
        SearchEntry.objects.filter(kind=kind_name, object_id__in=gone).delete()
    return indexed


def index_queryset(
    kind_name: str,
    queryset: Any = None,
    *,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Index every object of `queryset` (default: the kind's whole indexing queryset) in
    batches: one query for the public ones and one upsert per batch."""
    kind = registry.get_kind(kind_name)
    objects = kind.queryset() if queryset is None else queryset
    done = 0
    batch: list[Any] = []

    def flush() -> None:
        nonlocal done
        pks = [obj.pk for obj in batch]
        public = set(kind.public().filter(pk__in=pks).values_list("pk", flat=True))
        _write([_entry(kind, obj, public=obj.pk in public) for obj in batch])
        done += len(batch)
        batch.clear()
        if progress:
            progress(done)

    for obj in objects.order_by("pk").iterator(chunk_size=batch_size):
        batch.append(obj)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return done


def rebuild(kind_name: str, *, progress: Callable[[int], None] | None = None) -> int:
    """Index every object of a kind and drop entries whose object no longer exists."""
    with transaction.atomic():
        SearchEntry.objects.filter(kind=kind_name).delete()
        return index_queryset(kind_name, progress=progress)


class _PendingBatch:
    """Objects to re-index when the current transaction commits, each once however often it
    was saved or its relations changed during the transaction."""

    def __init__(self, using: str) -> None:
        self.using = using
        self.pks: dict[str, set[Any]] = {}
        self.done = False

    def __call__(self) -> None:
        self.done = True
        pending, self.pks = self.pks, {}
        for kind_name, pks in pending.items():
            index_pks(kind_name, pks)


def schedule(kind_name: str, pks: Iterable[Any], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Re-index these objects after the current transaction commits (at once outside a
    transaction). Errors are logged rather than raised: the write that caused them has
    committed already, and rebuild_search_index repairs the index."""
    pks = [pk for pk in pks if pk is not None]
    if not pks:
        return
    connection = transaction.get_connection(using)
    batch = getattr(connection, "_search_pending_batch", None)
    # After a rollback Django drops the callbacks it held; start a new batch then.
    registered = (
        batch is not None
        and not batch.done
        and any(callback is batch for _sids, callback, _robust in connection.run_on_commit)
    )
    if not connection.in_atomic_block or not registered:
        batch = _PendingBatch(using)
        connection._search_pending_batch = batch
        batch.pks.setdefault(kind_name, set()).update(pks)
        transaction.on_commit(batch, using=using, robust=True)
        return
    assert batch is not None
    batch.pks.setdefault(kind_name, set()).update(pks)
