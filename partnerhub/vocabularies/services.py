"""Load the vocabularies from the shipped data files (idempotent: safe to run again)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps as global_apps
from django.db import transaction

from partnerhub.vocabularies import data_files


def vocabularies_sync(get_model: Callable[[str, str], Any] | None = None) -> dict[str, int]:
    """Upsert every vocabulary term; returns how many of each kind exist afterwards.

    `get_model` lets a data migration pass its historical models (apps.get_model).
    """
    get = get_model or global_apps.get_model
    goal_model = get("vocabularies", "SDGGoal")
    target_model = get("vocabularies", "SDGTarget")
    region_model = get("vocabularies", "Region")
    country_model = get("vocabularies", "Country")
    with transaction.atomic():
        for goal in data_files.read_sdg_goals():
            number = goal.pop("number")
            goal_model.objects.update_or_create(number=number, defaults=goal)
        for target in data_files.read_sdg_targets():
            code = target.pop("code")
            target["goal_id"] = target.pop("goal")
            target_model.objects.update_or_create(code=code, defaults=target)
        # Parents come before children in regions.csv.
        for region in data_files.read_regions():
            m49 = region.pop("m49")
            region["parent_id"] = region.pop("parent")
            region_model.objects.update_or_create(m49=m49, defaults=region)
        for country in data_files.read_countries():
            iso2 = country.pop("iso2")
            country["region_id"] = country.pop("region")
            country["subregion_id"] = country.pop("subregion")
            country_model.objects.update_or_create(iso2=iso2, defaults=country)
        terms = data_files.read_terms()
        for kind, model_name in (
            ("resource_types", "ResourceType"),
            ("partnership_types", "PartnershipType"),
            ("themes", "Theme"),
        ):
            term_model = get("vocabularies", model_name)
            for term in terms[kind]:
                slug = term.pop("slug")
                term_model.objects.update_or_create(slug=slug, defaults=term)
    return {
        "sdg_goals": goal_model.objects.count(),
        "sdg_targets": target_model.objects.count(),
        "regions": region_model.objects.count(),
        "countries": country_model.objects.count(),
        "resource_types": get("vocabularies", "ResourceType").objects.count(),
        "partnership_types": get("vocabularies", "PartnershipType").objects.count(),
        "themes": get("vocabularies", "Theme").objects.count(),
    }
