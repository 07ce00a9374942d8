"""The main navigation, by role: each item shows only to users whose role can use it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from partnerhub.accounts.predicates import (
    entity_ids_for,
    is_administrator,
    is_company_rep,
    is_system_coordinator,
    is_un_staff,
)


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class NavGroup:
    """A menu of the navigation bar; `items` are only those the user may use."""

    label: str | Promise
    icon: str
    items: list[NavItem]
    key: str

    @property
    def urls(self) -> list[str]:
        return [item.url for item in self.items]


EXPLORE = [
    NavItem(_("Partnerships"), "portal:portfolio", "bi-people"),
    NavItem(_("UN entities"), "entities:directory", "bi-diagram-3"),
    NavItem(_("Countries"), "portal:countries", "bi-geo-alt"),
    NavItem(_("Initiatives"), "initiatives:initiative_list", "bi-diagram-2"),
    NavItem(_("Commitments"), "initiatives:commitment_list", "bi-check2-square"),
    NavItem(_("Events"), "initiatives:event_list", "bi-calendar-event"),
    NavItem(_("Organisations"), "organisations:list", "bi-buildings"),
    NavItem(_("SDGs"), "vocabularies:sdgs", "bi-bullseye"),
]
LEARN = [
    NavItem(_("How to partner with the UN"), "portal:guidance", "bi-signpost"),
    NavItem(_("Screening criteria"), "portal:screening_criteria", "bi-shield-check"),
    NavItem(_("Knowledge base"), "knowledge:lesson_list", "bi-lightbulb"),
    NavItem(_("System-wide report"), "dashboards:report", "bi-graph-up"),
    NavItem(_("Calculators"), "portal:calculators", "bi-calculator"),
    NavItem(_("Newsletter"), "newsletter:archive", "bi-envelope-paper"),
    NavItem(_("Open data"), "opendata:index", "bi-database-down"),
    NavItem(_("API"), "api:openapi-view", "bi-braces"),
]
MARKETPLACE = NavItem(_("Marketplace"), "marketplace:index", "bi-shop")
SIGNED_IN = [NavItem(_("My dashboard"), "core:dashboard", "bi-speedometer2")]
PARTNERS = [NavItem(_("Partnership workspace"), "partnerships:list", "bi-briefcase")]
UN_STAFF = [
    NavItem(_("Screening"), "screening:index", "bi-shield-check"),
    NavItem(_("Agreements"), "agreements:list", "bi-file-earmark-text"),
    NavItem(_("Dashboards"), "dashboards:system", "bi-bar-chart"),
    NavItem(_("Coordination"), "coordination:registry", "bi-intersect"),
]
ENTITY_STAFF = [NavItem(_("Offer inbox"), "marketplace:inbox_index", "bi-inbox")]
COORDINATION = [
    NavItem(_("Offer routing"), "marketplace:routing_overview", "bi-signpost-split"),
    NavItem(_("Newsletter editions"), "newsletter:manage", "bi-envelope-paper"),
]
ADMINISTRATION = [NavItem(_("Members and roles"), "accounts:memberships", "bi-people")]


def work_items_for(user: Any) -> list[NavItem]:
    """What the user's roles let them work on, in the order of a partnership's life."""
    if not user.is_authenticated:
        return []
    items = list(SIGNED_IN)
    if is_un_staff(user) or is_company_rep(user):
        items += PARTNERS
    managers = is_administrator(user) or is_system_coordinator(user)
    if entity_ids_for(user) or managers:
        items += ENTITY_STAFF
    if is_un_staff(user):
        items += UN_STAFF
    if managers:
        items += COORDINATION
    if is_administrator(user):
        items += ADMINISTRATION
    return items


def navigation_for(user: Any) -> list[NavItem | NavGroup]:
    """The navigation bar: two public menus, the marketplace, and the user's own work."""
    entries: list[NavItem | NavGroup] = [
        NavGroup(_("Explore"), "bi-compass", list(EXPLORE), "explore"),
        MARKETPLACE,
        NavGroup(_("Learn"), "bi-book", list(LEARN), "learn"),
    ]
    work = work_items_for(user)
    if work:
        entries.append(NavGroup(_("My work"), "bi-briefcase", work, "work"))
    return entries
