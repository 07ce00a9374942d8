"""Open data on UN-system entities: the directory (paginated, filterable) and one entity."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from partnerhub.entities import selectors
from partnerhub.entities.filters import SEARCH_MAX_LENGTH
from partnerhub.entities.models import UNEntity

router = Router(tags=["entities"])


class EntityListQuery(Schema):
    q: str | None = Field(
        None,
        max_length=SEARCH_MAX_LENGTH,
        description="Search in acronym, name, aliases, description and mandate (case-insensitive)",
    )
    category: str | None = Field(None, description="Exact UN System Chart category")
    principal_organ: str | None = Field(None, description="Principal organ, e.g. General Assembly")
    sdg: int | None = Field(None, description="SDG number, 1-17")
    page: int = Field(1, ge=1)
    page_size: int = Field(
        settings.PAGE_SIZE,
        ge=1,
        description=f"Rows per page; values above {settings.API_PAGE_SIZE_MAX} are capped",
    )


class EntitySummaryOut(Schema):
    acronym: str
    slug: str
    name: str
    category: str
    subcategory: str
    principal_organ: str
    is_ceb_member: bool
    website: str
    url: str = Field(description="The entity's page on the hub")
    sdgs: list[int] = Field(description="SDG numbers of the entity's focus")
    countries: list[str] = Field(description="ISO 3166-1 alpha-2 codes of countries of operation")


class EntityOut(EntitySummaryOut):
    aliases: list[str]
    description: str
    headquarters: str
    foundational_mandate: str
    links: dict[str, str]
    mandate: str
    how_to_partner: str
    partnership_email: str
    profile_edited_at: datetime | None = Field(
        description="When the entity last edited its profile; empty while it is the hub's summary"
    )


class EntityPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[EntitySummaryOut]


def _summary_fields(entity: UNEntity) -> dict[str, object]:
    return {
        "acronym": entity.acronym,
        "slug": entity.slug,
        "name": entity.name,
        "category": entity.category,
        "subcategory": entity.subcategory,
        "principal_organ": entity.principal_organ,
        "is_ceb_member": entity.is_ceb_member,
        "website": entity.website,
        "url": entity.get_absolute_url(),
        "sdgs": [goal.number for goal in entity.sdgs.all()],
        "countries": [country.iso2 for country in entity.countries.all()],
    }


@router.get("", response=EntityPageOut, summary="UN-system entities, searchable and filterable")
def list_entities(request: HttpRequest, params: Query[EntityListQuery]) -> EntityPageOut:
    data = params.model_dump(include={"q", "category", "principal_organ", "sdg"}, exclude_none=True)
    entity_filter = selectors.entity_filter(data)
    if not entity_filter.is_valid():
        raise ValidationError(
            [
                f"{name}: {message}"
                for name, messages in entity_filter.errors.items()
                for message in messages
            ]
        )
    page_size = min(params.page_size, settings.API_PAGE_SIZE_MAX)
    entities = selectors.filtered_entities(entity_filter, with_countries=True)
    count = entities.count()
    last_page = max(1, -(-count // page_size))
    if params.page > last_page:
        raise Http404(f"Page {params.page} does not exist: there are {last_page} page(s).")
    start = (params.page - 1) * page_size
    return EntityPageOut(
        count=count,
        page=params.page,
        page_size=page_size,
        results=[
            EntitySummaryOut(**_summary_fields(entity))  # type: ignore[arg-type]
            for entity in entities[start : start + page_size]
        ],
    )


@router.get("/{acronym}", response=EntityOut, summary="One UN-system entity by acronym")
def get_entity(request: HttpRequest, acronym: str) -> EntityOut:
    entity = selectors.entity_by_acronym(acronym)
    return EntityOut(
        **_summary_fields(entity),  # type: ignore[arg-type]
        aliases=entity.aliases,
        description=entity.description,
        headquarters=entity.headquarters,
        foundational_mandate=entity.foundational_mandate,
        links=entity.links,
        mandate=entity.mandate,
        how_to_partner=entity.how_to_partner,
        partnership_email=entity.partnership_email,
        profile_edited_at=entity.profile_edited_at,
    )
