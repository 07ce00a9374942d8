"""Read endpoints for the controlled vocabularies (public, small, unpaginated lists)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from partnerhub.vocabularies import selectors

router = Router(tags=["vocabularies"])


class TargetOut(Schema):
    code: str
    text: str
    texts: dict[str, str]


class GoalOut(Schema):
    number: int
    short_title: str
    name: str
    names: dict[str, str]
    colour: str
    targets: list[TargetOut]


class RegionOut(Schema):
    m49: str
    level: str
    parent: str | None
    name: str
    names: dict[str, str]


class CountryOut(Schema):
    iso2: str
    iso3: str
    m49: str
    name: str
    names: dict[str, str]
    region: str | None
    subregion: str | None


class TermOut(Schema):
    slug: str
    name: str
    names: dict[str, str]
    description: str


@router.get("/sdgs", response=list[GoalOut], summary="The 17 SDGs with their 169 targets")
def sdgs(request: HttpRequest) -> list[GoalOut]:
    return [
        GoalOut(
            number=g.number,
            short_title=g.short_title,
            name=g.name,
            names=g.names,
            colour=g.colour,
            targets=[TargetOut(code=t.code, text=t.text, texts=t.texts) for t in g.targets.all()],
        )
        for g in selectors.sdg_goals_with_targets()
    ]


@router.get("/regions", response=list[RegionOut], summary="UN M49 regions and sub-regions")
def regions(request: HttpRequest) -> list[RegionOut]:
    return [
        RegionOut(m49=r.m49, level=r.level, parent=r.parent_id, name=r.name, names=r.names)
        for r in selectors.regions()
    ]


@router.get("/countries", response=list[CountryOut], summary="ISO 3166-1 countries and territories")
def countries(request: HttpRequest) -> list[CountryOut]:
    return [
        CountryOut(
            iso2=c.iso2,
            iso3=c.iso3,
            m49=c.m49,
            name=c.name,
            names=c.names,
            region=c.region_id,
            subregion=c.subregion_id,
        )
        for c in selectors.countries()
    ]


def _terms(queryset: object) -> list[TermOut]:
    return [
        TermOut(slug=t.slug, name=t.name, names=t.names, description=t.description)
        for t in queryset  # type: ignore[attr-defined]
    ]


@router.get("/resource-types", response=list[TermOut], summary="What partners bring")
def resource_types(request: HttpRequest) -> list[TermOut]:
    return _terms(selectors.resource_types())


@router.get("/partnership-types", response=list[TermOut], summary="Partnership models (A/66/320)")
def partnership_types(request: HttpRequest) -> list[TermOut]:
    return _terms(selectors.partnership_types())


@router.get("/themes", response=list[TermOut], summary="Cross-cutting themes used as tags")
def themes(request: HttpRequest) -> list[TermOut]:
    return _terms(selectors.themes())
