"""The hub's own open datasets, registered when the app is ready (see apps.py)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from partnerhub.entities.models import UNEntity
from partnerhub.knowledge.models import Lesson
from partnerhub.marketplace.models import Need
from partnerhub.opendata import adapters, registry, selectors
from partnerhub.opendata.registry import Column, Dataset, Filter, register
from partnerhub.partnerships.models import Contribution, Partnership


def _amounts(partnership: Partnership, kind: str) -> list[str]:
    """Totals of one kind of contribution per currency, e.g. ["250000.00 USD"]."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for contribution in partnership.contributions.all():
        if contribution.kind == kind:
            totals[contribution.currency] += contribution.amount
    return [f"{amount} {currency}" for currency, amount in sorted(totals.items())]


def _hours(partnership: Partnership) -> int:
    return int(
        sum(
            (
                c.amount
                for c in partnership.contributions.all()
                if c.kind == Contribution.Kind.PRO_BONO_HOURS
            ),
            Decimal(0),
        )
    )


def partnership_record(partnership: Partnership) -> dict[str, Any]:
    partners = list(partnership.partners.all())
    return {
        "id": partnership.pk,
        "iati_identifier": adapters.partnership_iati_identifier(partnership),
        "title": partnership.title,
        "summary": partnership.summary,
        "type": partnership.partnership_type_id or "",
        "type_name": partnership.partnership_type.name if partnership.partnership_type else "",
        "state": partnership.status,
        "lead_entity": partnership.lead_entity.acronym,
        "participating_entities": [e.acronym for e in partnership.participating_entities.all()],
        "partners": [p.organisation.legal_name for p in partners],
        "partner_kinds": [p.organisation.kind for p in partners],
        "countries": [c.iso2 for c in partnership.countries.all()],
        "sdgs": registry.sdg_numbers(partnership),
        "sdg_targets": registry.sdg_target_codes(partnership),
        "starts_on": partnership.starts_on,
        "ends_on": partnership.ends_on,
        "signed_on": partnership.signed_on,
        "cash": _amounts(partnership, Contribution.Kind.CASH),
        "in_kind": _amounts(partnership, Contribution.Kind.IN_KIND),
        "pro_bono_hours": _hours(partnership),
        "updated_at": partnership.updated_at,
    }


PARTNERSHIPS = Dataset(
    slug="partnerships",
    title=_("Partnerships"),
    description=_(
        "Signed partnerships between UN-system entities and the private sector, current and "
        "past (active, closing or closed), except those the parties keep confidential to UN "
        "staff."
    ),
    columns=(
        Column("id", _("The partnership's number on the hub"), int),
        Column("iati_identifier", _("Its identifier in the IATI activity file")),
        Column("title", _("Title")),
        Column("summary", _("Summary")),
        Column("type", _("Type of partnership (code)")),
        Column("type_name", _("Type of partnership")),
        Column("state", _("State: active, closing or closed")),
        Column("lead_entity", _("Acronym of the lead UN entity")),
        Column("participating_entities", _("Acronyms of the other UN entities"), list[str]),
        Column("partners", _("Legal names of the partner organisations"), list[str]),
        Column(
            "partner_kinds",
            _("Kind of each partner (company, foundation, business_association, ngo, other)"),
            list[str],
        ),
        registry.COUNTRIES_COLUMN,
        registry.SDGS_COLUMN,
        registry.SDG_TARGETS_COLUMN,
        Column("starts_on", _("Start date (ISO 8601)"), str, nullable=True),
        Column("ends_on", _("End date (ISO 8601)"), str, nullable=True),
        Column("signed_on", _("Date the agreement was signed"), str, nullable=True),
        Column("cash", _("Cash contributions, total per currency"), list[str]),
        Column("in_kind", _("In-kind contributions as valued, total per currency"), list[str]),
        Column("pro_bono_hours", _("Pro bono hours pledged"), int),
        Column("updated_at", _("Last change (ISO 8601, UTC offset)")),
    ),
    rows=selectors.partnership_rows,
    record=partnership_record,
    filters=(
        Filter("q", _("Words to search for, in any UN language (as on the public list)")),
        Filter("type", _("Type of partnership, by its code (see the type column)")),
        Filter("entity", _("A UN entity's address on the hub (e.g. wfp), leading or taking part")),
        registry.COUNTRY_FILTER,
        Filter("region", _("A UN M49 region or sub-region code (e.g. 002 for Africa)")),
        registry.SDG_FILTER,
        Filter("year", _("Partnerships running in that year")),
        Filter("state", _("active, closing or closed")),
    ),
    clean_filters=selectors.clean_partnership_filters,
)


def need_record(need: Need) -> dict[str, Any]:
    return {
        "id": need.pk,
        "title": need.title,
        "description": need.description,
        "entity": need.entity.acronym,
        "entity_name": need.entity.name,
        "resource_types": [t.pk for t in need.resource_types.all()],
        "sdgs": registry.sdg_numbers(need),
        "sdg_targets": registry.sdg_target_codes(need),
        "countries": sorted(c.iso2 for c in need.countries.all()),
        "regions": sorted(r.m49 for r in need.regions.all()),
        "starts_on": need.starts_on,
        "ends_on": need.ends_on,
        "estimated_value_usd": need.estimated_value_usd,
        "published_at": need.published_at,
        "url": registry.absolute_url(need),
    }


NEEDS = Dataset(
    slug="needs",
    title=_("Open needs"),
    description=_("What UN-system entities are looking for from business, open for offers."),
    columns=(
        Column("id", _("The need's number on the hub"), int),
        Column("title", _("Title")),
        Column("description", _("Description")),
        Column("entity", _("Acronym of the UN entity")),
        Column("entity_name", _("Name of the UN entity")),
        Column("resource_types", _("What is sought (codes)"), list[str]),
        registry.SDGS_COLUMN,
        Column("sdg_targets", _("SDG targets"), list[str]),
        registry.COUNTRIES_COLUMN,
        Column("regions", _("Regions (UN M49 codes)"), list[str]),
        Column("starts_on", _("Needed from"), str, nullable=True),
        Column("ends_on", _("Needed until"), str, nullable=True),
        Column("estimated_value_usd", _("Estimated value in US dollars"), str, nullable=True),
        Column("published_at", _("Published"), str, nullable=True),
        Column("url", _("The need's page")),
    ),
    rows=selectors.open_need_rows,
    record=need_record,
)


def entity_record(entity: UNEntity) -> dict[str, Any]:
    return {
        "acronym": entity.acronym,
        "slug": entity.slug,
        "name": entity.name,
        "category": entity.category,
        "subcategory": entity.subcategory,
        "principal_organ": entity.principal_organ,
        "is_ceb_member": entity.is_ceb_member,
        "headquarters": entity.headquarters,
        "website": entity.website,
        "mandate": entity.mandate,
        "how_to_partner": entity.how_to_partner,
        "partnership_email": entity.partnership_email,
        "sdgs": registry.sdg_numbers(entity),
        "countries": [c.iso2 for c in entity.countries.all()],
        "iati_identifier": adapters.organisation_identifier(entity)
        if adapters.has_registered_identifier(entity)
        else "",
        "url": registry.absolute_url(entity),
    }


ENTITIES = Dataset(
    slug="entities",
    title=_("UN-system entities"),
    description=_(
        "Who does what in the UN system: every entity of the UN System Chart with its mandate, "
        "focus and how to partner with it."
    ),
    columns=(
        Column("acronym", _("Acronym")),
        Column("slug", _("Address on the hub (used by the entity filter)")),
        Column("name", _("Name")),
        Column("category", _("Category in the UN System Chart")),
        Column("subcategory", _("Sub-category")),
        Column("principal_organ", _("Principal organ")),
        Column("is_ceb_member", _("Member of the Chief Executives Board"), bool),
        Column("headquarters", _("Headquarters")),
        Column("website", _("Website")),
        Column("mandate", _("Mandate")),
        Column("how_to_partner", _("How to partner with it")),
        Column("partnership_email", _("Partnerships contact e-mail")),
        Column("sdgs", _("SDG focus (numbers)"), list[int]),
        Column("countries", _("Countries of operation (ISO 3166-1 alpha-2)"), list[str]),
        Column("iati_identifier", _("IATI organisation identifier, where known")),
        Column("url", _("The entity's page")),
    ),
    rows=selectors.entity_rows,
    record=entity_record,
)


def lesson_record(lesson: Lesson) -> dict[str, Any]:
    public_partnership = lesson.partnership_id if lesson.partnership_is_public else None  # type: ignore[attr-defined]
    return {
        "id": lesson.pk,
        "kind": lesson.kind,
        "title": lesson.title,
        "text": lesson.text,
        "source": lesson.source,
        "partnership_id": public_partnership,
        "partnership_types": [t.pk for t in lesson.partnership_types.all()],
        "sdgs": registry.sdg_numbers(lesson),
        "countries": sorted(c.iso2 for c in lesson.countries.all()),
        "themes": [t.pk for t in lesson.themes.all()],
        "link": lesson.link,
        "created_at": lesson.created_at,
    }


LESSONS = Dataset(
    slug="lessons",
    title=_("Lessons learned"),
    description=_(
        "Lessons learned, best practices, guides and tools from partnerships, made public by "
        "the UN staff who recorded them."
    ),
    columns=(
        Column("id", _("The lesson's number on the hub"), int),
        Column("kind", _("lesson, best_practice, guide or tool")),
        Column("title", _("Title")),
        Column("text", _("Text")),
        Column("source", _("Where it comes from: closure, evaluation or direct")),
        Column(
            "partnership_id",
            _("The partnership it comes from, when that partnership is public"),
            int,
            nullable=True,
        ),
        Column("partnership_types", _("Types of partnership (codes)"), list[str]),
        registry.SDGS_COLUMN,
        registry.COUNTRIES_COLUMN,
        Column("themes", _("Themes (codes)"), list[str]),
        Column("link", _("Where a guide or tool is published")),
        Column("created_at", _("Recorded (ISO 8601)")),
    ),
    rows=selectors.public_lesson_rows,
    record=lesson_record,
)


def register_builtin_datasets() -> None:
    # No offers: the marketplace shows an offer to UN staff and its company only.
    for dataset in (PARTNERSHIPS, NEEDS, ENTITIES, LESSONS):
        register(dataset)
