"""Dashboards API: the figures of the system, entity and country dashboards as JSON, for UN
staff (a personal token is needed). Each figure comes with its definition and its rows, as
the page and its CSV downloads give them."""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from partnerhub.accounts.auth import token_auth
from partnerhub.dashboards import tables
from partnerhub.dashboards.forms import FIRST_YEAR, LAST_YEAR
from partnerhub.dashboards.selectors import Scope
from partnerhub.entities.models import UNEntity
from partnerhub.vocabularies.models import Country

router = Router(tags=["dashboards"], auth=token_auth)

Year = Annotated[int | None, Field(None, ge=FIRST_YEAR, le=LAST_YEAR)]


class Years(Schema):
    year_from: Year = None
    year_to: Year = None


class ColumnOut(Schema):
    key: str
    header: str


class FigureOut(Schema):
    name: str
    title: str
    definition: str
    headline: str
    columns: list[ColumnOut]
    rows: list[dict[str, Any]] = Field(description="All rows; keys are the columns' keys")


class DashboardOut(Schema):
    scope: str = Field(description="system, entity or country")
    entity: str | None = Field(description="The entity's slug (entity scope)")
    country: str | None = Field(description="ISO 3166-1 alpha-2 code (country scope)")
    year_from: int | None
    year_to: int | None
    figures: list[FigureOut]


def _dashboard(
    request: HttpRequest,
    years: Years,
    *,
    entity: UNEntity | None = None,
    country: Country | None = None,
) -> dict[str, Any]:
    if not request.user.has_perm("dashboards.view"):
        raise PermissionDenied("Dashboards are open to UN staff.")
    start, end = years.year_from, years.year_to
    if start is not None and end is not None and start > end:
        raise ValidationError("year_from must not come after year_to.")
    scope = Scope(entity=entity, country=country, year_from=years.year_from, year_to=years.year_to)
    return {
        "scope": scope.kind,
        "entity": entity.slug if entity else None,
        "country": country.iso2 if country else None,
        "year_from": years.year_from,
        "year_to": years.year_to,
        "figures": [
            {
                "name": table.name,
                "title": str(table.title),
                "definition": str(table.definition),
                "headline": table.headline,
                "columns": [{"key": c.key, "header": str(c.header)} for c in table.columns],
                "rows": [{k: tables.plain(v) for k, v in row.items()} for row in table.rows],
            }
            for table in tables.all_tables(scope)
        ],
    }


@router.get("/system", response=DashboardOut, summary="The system-wide dashboard")
def system_dashboard(request: HttpRequest, years: Query[Years]) -> dict[str, Any]:
    return _dashboard(request, years)


@router.get("/entity/{slug}", response=DashboardOut, summary="One UN entity's dashboard")
def entity_dashboard(request: HttpRequest, slug: str, years: Query[Years]) -> dict[str, Any]:
    if not request.user.has_perm("dashboards.view"):
        raise PermissionDenied("Dashboards are open to UN staff.")
    entity = UNEntity.objects.filter(slug=slug).first()
    if entity is None:
        raise Http404(f"No UN entity with the slug {slug!r}.")
    return _dashboard(request, years, entity=entity)


@router.get("/country/{iso2}", response=DashboardOut, summary="One country's dashboard")
def country_dashboard(request: HttpRequest, iso2: str, years: Query[Years]) -> dict[str, Any]:
    if not request.user.has_perm("dashboards.view"):
        raise PermissionDenied("Dashboards are open to UN staff.")
    country = Country.objects.filter(iso2=iso2.upper()).first()
    if country is None:
        raise Http404(f"No country with the code {iso2!r}.")
    return _dashboard(request, years, country=country)
