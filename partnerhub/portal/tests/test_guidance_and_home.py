from __future__ import annotations

import pytest

from partnerhub.core.navigation import navigation_for
from partnerhub.screening.models import CriteriaProfile

pytestmark = pytest.mark.django_db


def test_guidance_page(client):
    response = client.get("/guidance/")
    assert response.status_code == 200
    assert "How to partner with the United Nations" in response.content.decode()


def test_screening_criteria_show_the_current_baseline(client):
    response = client.get("/guidance/screening-criteria/")
    assert response.status_code == 200
    body = response.content.decode()
    baseline = CriteriaProfile.objects.get(un_entity__isnull=True, is_current=True)
    for criterion in baseline.criteria["criteria"]:
        if criterion.get("enabled", True):
            assert criterion["title"] in body
    assert "Excludes" in body


def test_screening_criteria_of_an_entity_mark_its_changes(client, entity, coordinator):
    from partnerhub.screening.services import criteria_amend

    criteria_amend(
        entity=entity,
        amendments={"gambling": {"exclusionary": True}},
        note="Stricter on gambling",
        actor=coordinator,
    )
    response = client.get("/guidance/screening-criteria/?entity=WFP")
    assert response.status_code == 200
    assert "changed by the entity" in response.content.decode()
    unknown = client.get("/guidance/screening-criteria/?entity=<script>")
    assert unknown.status_code == 200
    assert "<script>" not in unknown.content.decode()


def test_home_shows_what_is_new_and_only_public_things(client, portfolio):
    response = client.get("/")
    body = response.content.decode()
    assert "Hibiscus farmers training" in body
    assert "Confidential staff secondment" not in body
    assert response.context["new"].figures["partnerships"] == 2
    assert response.context["new"].figures["current"] == 1


def test_navigation_public_menus_and_work_menu(focal_point, admin):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()

    def keys(user):
        return [
            entry.key if hasattr(entry, "key") else entry.url_name for entry in navigation_for(user)
        ]

    assert keys(anonymous) == ["explore", "marketplace:index", "learn"]
    assert keys(focal_point)[-1] == "work"
    work = navigation_for(admin)[-1]
    assert "accounts:memberships" in [item.url_name for item in work.items]
    for entry in navigation_for(admin):
        for item in getattr(entry, "items", [entry]):
            assert item.url.startswith("/")


def test_entity_page_lists_its_public_partnerships_and_open_needs(client, portfolio, entity):
    from partnerhub.marketplace.models import Need

    Need.objects.create(
        entity=entity, title="Cold rooms", description="d", status="open", visibility="public"
    )
    body = client.get(f"/entities/{entity.slug}/").content.decode()
    assert "Hibiscus farmers training" in body
    assert "Confidential staff secondment" not in body
    assert "Proposed solar kiosks" not in body
    assert "Cold rooms" in body
