"""Open data API: every registered dataset, page by page, with the same filters and field names
as the CSV and JSON downloads. Public: no token needed.

One operation per dataset, built from the registry, so each has its own parameters and record
schema in the OpenAPI document. This module does not use `from __future__ import annotations`:
the endpoint signatures name schema classes created at import time, which django-ninja must
see as classes, not as strings it cannot resolve.
"""

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from pydantic import create_model

from partnerhub.opendata.registry import Column, Dataset, Filter, datasets
from partnerhub.opendata.tabular import plain

router = Router(tags=["open data"])


class FieldOut(Schema):
    name: str
    description: str


class DatasetOut(Schema):
    slug: str
    title: str
    description: str
    note: str
    fields: list[FieldOut]
    filters: list[FieldOut]
    api_path: str = Field(description="Where to read the dataset in this API")
    csv_url: str
    json_url: str


def _class_name(slug: str, suffix: str) -> str:
    words = "".join(part.capitalize() for part in slug.replace("_", "-").split("-"))
    return f"OpenData{words}{suffix}"


def _field_type(column: Column) -> Any:
    return column.type | None if column.nullable else column.type


def _schemas(dataset: Dataset) -> tuple[type[Schema], type[Schema]]:
    """The dataset's query parameters and its page of records, as schema classes."""
    filters: dict[str, Any] = {
        f.name: (str, Field("", description=str(f.description))) for f in dataset.filters
    }
    parameters = create_model(
        _class_name(dataset.slug, "Parameters"),
        __base__=Schema,
        page=(int, Field(1, ge=1, le=100_000)),
        page_size=(
            int,
            Field(
                settings.PAGE_SIZE,
                ge=1,
                description=f"Rows per page; above {settings.API_PAGE_SIZE_MAX} are capped",
            ),
        ),
        **filters,
    )
    record = create_model(  # type: ignore[call-overload]
        _class_name(dataset.slug, "Record"),
        __base__=Schema,
        **{
            column.name: (_field_type(column), Field(description=str(column.description)))
            for column in dataset.columns
        },
    )
    page = create_model(
        _class_name(dataset.slug, "Page"),
        __base__=Schema,
        count=(int, ...),
        page=(int, ...),
        page_size=(int, ...),
        results=(list[record], ...),  # type: ignore[valid-type]
    )
    return parameters, page


def _read_page(dataset: Dataset, parameters: dict[str, Any]) -> dict[str, Any]:
    page_number = parameters.pop("page")
    page_size = min(parameters.pop("page_size"), settings.API_PAGE_SIZE_MAX)
    rows = dataset.rows(dataset.clean(parameters))
    count = rows.count()
    last_page = max(1, -(-count // page_size))
    if page_number > last_page:
        raise Http404(f"Page {page_number} does not exist: there are {last_page} page(s).")
    records = dataset.page(rows, start=(page_number - 1) * page_size, size=page_size)
    return {
        "count": count,
        "page": page_number,
        "page_size": page_size,
        "results": [{key: plain(value) for key, value in r.items()} for r in records],
    }


def _add_dataset(dataset: Dataset) -> None:
    parameters_schema, page_schema = _schemas(dataset)

    def read(request: HttpRequest, params: Query[parameters_schema]) -> dict[str, Any]:  # type: ignore[valid-type]
        return _read_page(dataset, params.model_dump())  # type: ignore[attr-defined]

    read.__name__ = f"open_data_{dataset.slug.replace('-', '_')}"
    router.add_api_operation(
        f"/{dataset.slug}",
        ["GET"],
        read,
        response=page_schema,
        summary=str(dataset.title),
        description=" ".join(filter(None, [str(dataset.description), str(dataset.note)])),
        operation_id=read.__name__,
    )


def _described(item: Column | Filter) -> FieldOut:
    return FieldOut(name=item.name, description=str(item.description))


@router.get("/", response=list[DatasetOut], summary="The open datasets, their fields and filters")
def list_datasets(request: HttpRequest) -> list[DatasetOut]:
    return [
        DatasetOut(
            slug=dataset.slug,
            title=str(dataset.title),
            description=str(dataset.description),
            note=str(dataset.note),
            fields=[_described(column) for column in dataset.columns],
            filters=[_described(item) for item in dataset.filters],
            api_path=f"{request.path.rstrip('/')}/{dataset.slug}",
            csv_url=reverse("opendata:download_csv", args=[dataset.slug]),
            json_url=reverse("opendata:download_json", args=[dataset.slug]),
        )
        for dataset in datasets()
    ]


for _dataset in datasets():
    _add_dataset(_dataset)
