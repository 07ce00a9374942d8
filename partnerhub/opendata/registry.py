"""The open datasets: each public list the hub publishes as CSV, JSON and through the API.

A dataset is declared once -- its columns, the query of its public rows, how one row becomes a
record, and the filters it accepts -- and registered; the download views, the index page and
the API router are built from the registry. An app adds its public list (initiatives,
commitments, events, ...) with one call in its AppConfig.ready():

    from partnerhub.opendata.registry import Column, Dataset, register
    register(Dataset(slug="initiatives", title=_("Initiatives"), ..., rows=..., record=...))

`rows` must return only what an anonymous visitor may see: use the owning app's own public
selector, never a wider query. Register in ready(), not later: the API router (api.py) builds
one operation per dataset when the URLs are loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

# Rows fetched per database round trip when a whole list is streamed (prefetches run per chunk).
STREAM_CHUNK_SIZE = 500


@dataclass(frozen=True)
class Column:
    name: str
    description: Any  # a (lazy) translatable string
    # The type of the value in JSON: str, int, bool, float, or list[str] / list[int].
    # Dates and amounts are strings (ISO 8601 dates, decimal amounts as written).
    type: Any = str
    nullable: bool = False


@dataclass(frozen=True)
class Filter:
    name: str
    description: Any


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: Any
    description: Any
    columns: tuple[Column, ...]
    # The public rows for the cleaned filters, in a stable order, with what `record` reads
    # already selected or prefetched.
    rows: Callable[[dict[str, Any]], QuerySet[Any]]
    record: Callable[[Any], dict[str, Any]]
    filters: tuple[Filter, ...] = ()
    # Cleans the request's parameters (only those named in `filters` are read) and raises
    # django.core.exceptions.ValidationError with a message per bad value.
    clean_filters: Callable[[Mapping[str, str]], dict[str, Any]] | None = None
    note: Any = ""

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]

    def clean(self, parameters: Mapping[str, str]) -> dict[str, Any]:
        if self.clean_filters is None:
            return {}
        return self.clean_filters(parameters)

    def stream(self, rows: QuerySet[Any]) -> Iterator[dict[str, Any]]:
        """Every row as a record, fetched in chunks."""
        for row in rows.iterator(chunk_size=STREAM_CHUNK_SIZE):
            yield self.record(row)

    def page(self, rows: QuerySet[Any], *, start: int, size: int) -> list[dict[str, Any]]:
        return [self.record(row) for row in rows[start : start + size]]


_REGISTRY: dict[str, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    if dataset.slug in _REGISTRY and _REGISTRY[dataset.slug] is not dataset:
        raise ValueError(f"An open dataset called {dataset.slug!r} is already registered.")
    _REGISTRY[dataset.slug] = dataset
    return dataset


def dataset_for(slug: str) -> Dataset | None:
    return _REGISTRY.get(slug)


def datasets() -> list[Dataset]:
    """Every registered dataset, in registration order."""
    return list(_REGISTRY.values())
