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

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerhub.entities.models import UNEntity
from partnerhub.vocabularies.models import Country

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


# --- Helpers the datasets share -----------------------------------------------------------------

SDGS_COLUMN = Column("sdgs", gettext_lazy("Sustainable Development Goals (numbers)"), list[int])
SDG_TARGETS_COLUMN = Column(
    "sdg_targets", gettext_lazy("SDG targets (codes such as 2.3)"), list[str]
)
COUNTRIES_COLUMN = Column("countries", gettext_lazy("Countries (ISO 3166-1 alpha-2)"), list[str])
SDG_FILTER = Filter("sdg", gettext_lazy("An SDG number, 1 to 17"))
COUNTRY_FILTER = Filter("country", gettext_lazy("A country's ISO 3166-1 alpha-2 code"))


def absolute_url(instance: Any) -> str:
    """The address of `instance`'s page on the hub, with the site's root."""
    return str(settings.SITE_ROOT).rstrip("/") + instance.get_absolute_url()


def sdg_numbers(instance: Model) -> list[int]:
    """The numbers of the instance's `sdgs`, in order."""
    return sorted(goal.number for goal in instance.sdgs.all())  # type: ignore[attr-defined]


def sdg_target_codes(instance: Model) -> list[str]:
    """The codes of the instance's `sdg_targets` (e.g. "2.3"), in order."""
    return sorted(target.code for target in instance.sdg_targets.all())  # type: ignore[attr-defined]


def filter_values(parameters: Mapping[str, str], names: tuple[str, ...]) -> dict[str, str]:
    """The non-empty parameters among `names`, stripped."""
    values = {name: str(parameters.get(name, "")).strip() for name in names}
    return {name: value for name, value in values.items() if value}


# Each clean_* reads one filter from `values` (see filter_values), if given: its cleaned value
# goes into `cleaned`, or the message refusing it into `errors` (see raise_filter_errors).


def clean_entity(values: dict[str, str], cleaned: dict[str, Any], errors: dict[str, str]) -> None:
    if "entity" not in values:
        return
    if UNEntity.objects.filter(slug=values["entity"]).exists():
        cleaned["entity"] = values["entity"]
    else:
        errors["entity"] = _("No UN entity has the address “%(value)s”.")


def clean_country(values: dict[str, str], cleaned: dict[str, Any], errors: dict[str, str]) -> None:
    if "country" not in values:
        return
    code = values["country"].upper()
    if len(code) == 2 and Country.objects.filter(iso2=code).exists():
        cleaned["country"] = code
    else:
        errors["country"] = _("“%(value)s” is not an ISO 3166-1 alpha-2 country code.")


def clean_sdg(values: dict[str, str], cleaned: dict[str, Any], errors: dict[str, str]) -> None:
    if "sdg" not in values:
        return
    goal = clean_integer(values["sdg"], 1, 17)
    if goal is None:
        errors["sdg"] = _("“%(value)s” is not an SDG: give a number from 1 to 17.")
    else:
        cleaned["sdg"] = goal


def clean_integer(value: str, low: int, high: int) -> int | None:
    """`value` as a whole number from `low` to `high`, or None."""
    try:
        number = int(value)
    except ValueError:
        return None
    return number if low <= number <= high else None


def raise_filter_errors(errors: dict[str, str], values: dict[str, str], **params: str) -> None:
    """Refuse the filters in `errors`, if any: one ValidationError naming every bad value. Each
    message may use %(value)s (the value given) and the other `params`."""
    if errors:
        raise ValidationError(
            {
                name: ValidationError(message, params={"value": values[name], **params})
                for name, message in errors.items()
            }
        )
