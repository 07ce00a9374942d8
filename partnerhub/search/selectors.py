"""Reads of the search index.

- `filter_by_search(queryset, query)` narrows any registered model's queryset (already
  restricted by the caller to what the user may see and to its filters) to the objects that
  match, annotated `search_rank` (higher is better) and ordered by it.
- `SearchPaginator(filter_by_search(...), per_page)` pages such results with a count capped
  at COUNT_CAP (`count_is_capped` -> show "1,000+"), for list pages that must stay fast.
- `site_search(query, kinds=None, page=1)` searches what is public, for the /search/ page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import FloatField, Model, QuerySet, Value
from django.utils.functional import cached_property

from partnerhub.search import backends, registry, text
from partnerhub.search.models import SearchEntry

M = TypeVar("M", bound=Model)


def has_words(query: str) -> bool:
    """Whether `query` holds anything to search for (not empty, not only punctuation)."""
    return bool(text.query_groups(query or ""))


def filter_by_search(queryset: QuerySet[M], query: str) -> QuerySet[M]:
    """The objects of `queryset` whose entry contains every word of `query` (Chinese as
    bigram phrases, the last word also as a prefix), annotated `search_rank` and ordered by
    it, most relevant first. A query without words leaves `queryset` as it is (annotated
    `search_rank` = 0), so a list page can take an optional `q` without a special case."""
    groups = text.query_groups(query or "")
    if not groups:
        return cast(
            "QuerySet[M]", queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
        )
    kind = registry.kind_for_model(queryset.model)
    quote = connections[queryset.db].ops.quote_name
    meta = queryset.model._meta
    id_column = f"{quote(meta.db_table)}.{quote(str(meta.pk.column))}"
    matching, ranked = backends.restrict(queryset, groups, kind=kind, id_column=id_column)
    return matching.order_by("-search_rank", "-pk") if ranked else backends.newest_first(matching)


# List pages over search results count at most this many (then show "1,000+").
COUNT_CAP = 1000


class SearchPaginator(Paginator):
    """A paginator for search results that counts at most `count_cap` + 1 rows: the exact
    count of a very common word's tens of thousands of matches is the one part of a search
    that PostgreSQL cannot answer in 100 ms (docs/benchmarks.md). `count_is_capped` tells a
    template to say "1,000+"; pages go up to the cap."""

    def __init__(self, *args: Any, count_cap: int = COUNT_CAP, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.count_cap = count_cap
        self.count_is_capped = False

    @cached_property
    def count(self) -> int:
        # Unordered, so the engines stop at the cap instead of sorting every match first.
        unordered = self.object_list.order_by()  # type: ignore[attr-defined]
        counted = int(unordered[: self.count_cap + 1].count())
        self.count_is_capped = counted > self.count_cap
        return min(counted, self.count_cap)


@dataclass
class Hit:
    kind: registry.SearchKind
    entry: SearchEntry
    url: str
    title_html: str
    snippet_html: str


@dataclass
class SiteSearchResults:
    query: str
    needs_words: bool
    kinds: list[registry.SearchKind]
    selected: list[str]
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    # (kind, count) for each kind with matches, in registration order, and their sum.
    facets: list[tuple[registry.SearchKind, int]] = field(default_factory=list)
    all_count: int = 0
    # Some kind has more than COUNT_CAP matches: counts are lower bounds ("1,000+").
    capped: bool = False
    page: Page | None = None
    hits: list[Hit] = field(default_factory=list)


class _CountedPaginator(Paginator):
    """A paginator told its count (already known from the per-kind counts), which saves
    running the full-text query once more."""

    def __init__(self, *args: Any, count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


def site_search(
    query: str, kinds: list[str] | None = None, page: Any = 1, *, page_size: int | None = None
) -> SiteSearchResults:
    """Public entries matching `query`, most relevant first, `page_size` (PAGE_SIZE) a page,
    restricted to `kinds` if given (unknown names are ignored); with per-kind counts."""
    all_kinds = registry.kinds()
    selected = [k for k in (kinds or []) if k in {kind.name for kind in all_kinds}]
    results = SiteSearchResults(
        query=query, needs_words=not has_words(query), kinds=all_kinds, selected=selected
    )
    if results.needs_words:
        return results
    groups = text.query_groups(query)
    entries, ranked = backends.restrict(
        SearchEntry.objects.filter(public=True),
        groups,
        kind=None,
        id_column=f"{backends.ENTRY_TABLE}.id",
    )
    # Each kind counted up to COUNT_CAP + 1 (shown as "1,000+"): exact counts of a very common
    # word cost PostgreSQL over 100 ms (docs/benchmarks.md).
    unordered = entries.order_by()
    results.counts = {}
    for kind in all_kinds:
        counted = backends.entries_of_kind(unordered, kind)[: COUNT_CAP + 1].count()
        if counted:
            results.counts[kind.name] = min(counted, COUNT_CAP)
            results.capped = results.capped or counted > COUNT_CAP
    results.facets = [(k, results.counts[k.name]) for k in all_kinds if results.counts.get(k.name)]
    results.all_count = sum(results.counts.values())
    shown = entries.filter(kind__in=selected) if selected else entries
    results.total = sum(n for kind, n in results.counts.items() if not selected or kind in selected)
    ordered = (
        shown.order_by("-search_rank", "-id")  # type: ignore[misc]
        if ranked
        else backends.newest_first(shown)
    )
    paginator = _CountedPaginator(
        ordered.only("id", "kind", "object_id", "title", "body"),
        page_size or settings.PAGE_SIZE,
        count=results.total,
    )
    results.page = paginator.get_page(page)
    results.hits = _hits(list(results.page.object_list), query)
    return results


def _hits(entries: list[SearchEntry], query: str) -> list[Hit]:
    by_kind: dict[str, list[Any]] = {}
    for entry in entries:
        by_kind.setdefault(entry.kind, []).append(entry.object_id)
    # Only objects in their kind's public queryset right now: a stale flag in the index can
    # cost a result on the page, never show a private object.
    objects = {name: registry.get_kind(name).public().in_bulk(ids) for name, ids in by_kind.items()}
    hits = []
    for entry in entries:
        kind = registry.get_kind(entry.kind)
        obj = objects[entry.kind].get(entry.object_id)
        if obj is None:  # deleted or no longer public, and the index not yet told
            continue
        hits.append(
            Hit(
                kind=kind,
                entry=entry,
                url=kind.url(obj),
                title_html=text.highlight(entry.title, query),
                snippet_html=text.snippet(entry.body, query, length=240),
            )
        )
    return hits
