"""The engine-specific SQL of search: how a query's groups become an FTS5 MATCH expression or a
PostgreSQL tsquery, and the join that restricts a queryset to the entries that match.

Every token reaching these strings comes from search.text (letters and digits only), and
each is quoted all the same, so no user input is ever read as engine syntax.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import connections
from django.db.models import Model, QuerySet

from partnerhub.search.registry import KIND_CODE_BITS, KIND_CODE_MASK, SearchKind
from partnerhub.search.text import QueryGroup

M = TypeVar("M", bound=Model)

ENTRY_TABLE = "search_searchentry"
# Title tokens count this many times more than the rest (FTS5 bm25 column weights).
SQLITE_TITLE_WEIGHT = 10.0
# PostgreSQL ts_rank_cd weights for D, C, B (the rest), A (the title).
POSTGRES_WEIGHTS = "{0.0, 0.0, 0.1, 1.0}"


# Above this many matching entries, results come newest first instead of by relevance.
RANK_LIMIT = 3000


class SearchUnsupported(Exception):
    """The database engine has no full-text structures from this app's migrations."""


def fts5_match(groups: list[QueryGroup]) -> str:
    """`"water" AND "水资 资源" AND "sani"*`: every group must match; a multi-token group
    is a phrase (its tokens next to each other)."""
    parts = []
    for group in groups:
        phrase = " ".join(token.replace('"', '""') for token in group.tokens)
        parts.append(f'"{phrase}"' + ("*" if group.prefix else ""))
    return " AND ".join(parts)


def tsquery(groups: list[QueryGroup]) -> str:
    """`'water' & '水资' <-> '资源' & 'sani':*` for to_tsquery('simple', ...)."""
    parts = []
    for group in groups:
        lexemes = [
            "'" + token.replace("\\", "\\\\").replace("'", "''") + "'" for token in group.tokens
        ]
        if group.prefix:
            lexemes[-1] += ":*"
        parts.append("(" + " <-> ".join(lexemes) + ")")
    return " & ".join(parts)


def vendor_of(queryset: QuerySet[Any]) -> str:
    return connections[queryset.db].vendor


def matches_more_than(
    db: str, groups: list[QueryGroup], *, kind: SearchKind | None, limit: int
) -> bool:
    """Whether more than `limit` entries (of the kind) match: one cheap query that stops
    counting at `limit` + 1."""
    connection = connections[db]
    if connection.vendor == "sqlite":
        sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
        params: list[Any] = [fts5_match(groups)]
        if kind is not None:
            sql += f" AND (rowid & {KIND_CODE_MASK}) = %s"
            params.append(kind.code)
    elif connection.vendor == "postgresql":
        sql = f"SELECT 1 FROM {ENTRY_TABLE} WHERE document @@ to_tsquery('simple', %s)"  # noqa: S608
        params = [tsquery(groups)]
        if kind is not None:
            sql += " AND kind = %s"
            params.append(kind.name)
    else:
        raise SearchUnsupported(f"Full-text search is not available on {connection.vendor}.")
    with connection.cursor() as cursor:
        # Values are parameters; the SQL is built from this module's constants only.
        capped = f"SELECT count(*) FROM ({sql} LIMIT %s) AS capped"  # noqa: S608
        cursor.execute(capped, [*params, limit + 1])
        (count,) = cursor.fetchone()
    return bool(count > limit)


def entries_of_kind(entries: QuerySet[M], kind: SearchKind) -> QuerySet[M]:
    """Matching entries (from `restrict` with kind=None) of one kind. On SQLite the kind is
    also read from the FTS5 rowid, so entries of other kinds are skipped without a lookup."""
    entries = entries.filter(kind=kind.name)
    if vendor_of(entries) == "sqlite":
        entries = entries.extra(  # noqa: S610 (a constant and a parameter)
            where=[f"(search_fts.rowid & {KIND_CODE_MASK}) = %s"], params=[kind.code]
        )
    return entries


def restrict(
    queryset: QuerySet[M],
    groups: list[QueryGroup],
    *,
    kind: SearchKind | None,
    id_column: str,
) -> tuple[QuerySet[M], bool]:
    """`queryset` joined to the matching entries (of `kind`, on `id_column`, a quoted
    "table"."column" of the queryset's model; or the entry table's own id when `kind` is
    None), annotated `search_rank` (higher is better), and whether it was ranked.

    A join rather than `pk IN (...)` plus a correlated rank: the engine ranks each matching
    entry once and the caller's filters apply in the same query. QuerySet.extra is the ORM's
    way to join a table the models have no relation to.

    Ranking costs a few microseconds per matching entry (and PostgreSQL must then sort every
    match), which a query for a very common word (tens of thousands of matches) cannot
    afford in 100 ms. Above RANK_LIMIT matches `search_rank` is 0 for all and the caller
    orders newest first, which both engines serve by walking the primary key and stopping at the
    page's end (measured in docs/benchmarks.md, "Full-text search")."""
    vendor = vendor_of(queryset)
    large = matches_more_than(queryset.db, groups, kind=kind, limit=RANK_LIMIT)
    rank_params: list[Any] = []
    if vendor == "sqlite":
        match = fts5_match(groups)
        tables = ["search_fts"]
        where = ["search_fts MATCH %s"]
        params: list[Any] = [match]
        if kind is None:
            where.append(f"search_fts.rowid = {id_column}")
        else:
            # Entry ids encode the object and the kind (services.entry_id), so the join goes
            # straight from the full-text index to the model's table.
            where += [
                f"(search_fts.rowid & {KIND_CODE_MASK}) = %s",
                f"{id_column} = (search_fts.rowid >> {KIND_CODE_BITS})",
            ]
            params.append(kind.code)
        rank = "0" if large else f"-bm25(search_fts, {SQLITE_TITLE_WEIGHT}, 1.0)"
    elif vendor == "postgresql":
        query = tsquery(groups)
        tables = [] if kind is None else [ENTRY_TABLE]
        where = [f"{ENTRY_TABLE}.document @@ to_tsquery('simple', %s)"]
        params = [query]
        if kind is not None:
            where += [f"{ENTRY_TABLE}.kind = %s", f"{ENTRY_TABLE}.object_id = {id_column}"]
            params.append(kind.name)
        if large:
            rank = "0"
        else:
            rank = (
                f"ts_rank_cd('{POSTGRES_WEIGHTS}', {ENTRY_TABLE}.document, "
                "to_tsquery('simple', %s), 1)"
            )
            rank_params = [query]
    else:
        raise SearchUnsupported(f"Full-text search is not available on {vendor}.")
    # Every value is a parameter; the SQL fragments are constants of this module.
    restricted = queryset.extra(  # noqa: S610
        select={"search_rank": rank},
        select_params=rank_params,
        tables=tables,
        where=where,
        params=params,
    )
    return restricted, not large


def newest_first(restricted: QuerySet[M]) -> QuerySet[M]:
    """A `restrict`ed queryset, newest (highest primary key) first. On SQLite in FTS5 rowid
    order, the same order (entry ids grow with object ids, see registry.entry_id), which FTS5
    delivers without sorting every match, stopping at the page's end."""
    if vendor_of(restricted) == "sqlite":
        return restricted.extra(order_by=["-search_fts.rowid"])
    return restricted.order_by("-pk")
