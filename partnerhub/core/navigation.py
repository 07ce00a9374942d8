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


PUBLIC = [
    NavItem(_("Marketplace"), "marketplace:index", "bi-shop"),
    NavItem(_("UN entities"), "entities:directory", "bi-diagram-3"),
    NavItem(_("Organisations"), "organisations:list", "bi-buildings"),
    NavItem(_("SDGs"), "vocabularies:sdgs", "bi-bullseye"),
    NavItem(_("Lessons"), "knowledge:lesson_list", "bi-lightbulb"),
    NavItem(_("Open data API"), "api:openapi-view", "bi-braces"),
]
SIGNED_IN = [NavItem(_("My dashboard"), "core:dashboard", "bi-speedometer2")]
PARTNERS = [NavItem(_("Partnerships"), "partnerships:list", "bi-people")]
UN_STAFF = [
    NavItem(_("Screening"), "screening:index", "bi-shield-check"),
    NavItem(_("Dashboards"), "dashboards:system", "bi-bar-chart"),
    NavItem(_("Coordination"), "coordination:registry", "bi-intersect"),
    NavItem(_("Agreements"), "agreements:list", "bi-file-earmark-text"),
]
ENTITY_STAFF = [NavItem(_("Offer inbox"), "marketplace:inbox_index", "bi-inbox")]
COORDINATION = [NavItem(_("Offer routing"), "marketplace:routing_overview", "bi-signpost-split")]
ADMINISTRATION = [NavItem(_("Members and roles"), "accounts:memberships", "bi-people")]


def navigation_for(user: Any) -> list[NavItem]:
    items = list(PUBLIC)
    if user.is_authenticated:
        items = SIGNED_IN + items
    if is_un_staff(user) or is_company_rep(user):
        items += PARTNERS
    if is_un_staff(user):
        items += UN_STAFF
    managers = is_administrator(user) or is_system_coordinator(user)
    if entity_ids_for(user) or managers:
        items += ENTITY_STAFF
    if managers:
        items += COORDINATION
    if is_administrator(user):
        items += ADMINISTRATION
    return items
