"""A public lesson of a partnership that is not public (a draft, proposed, UN-only) must not
reveal that partnership to the public: not in the CSV export, the page or the API."""

from __future__ import annotations

import pytest

from partnerhub.knowledge.models import Lesson
from partnerhub.partnerships.models import Partnership
from partnerhub.partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lessons(entity):
    hidden = PartnershipFactory(
        title="Secret proposal with a mining company",
        status=Partnership.Status.PROPOSED,
        lead_entity=entity,
    )
    shown = PartnershipFactory(
        title="Signed school meals partnership",
        status=Partnership.Status.ACTIVE,
        lead_entity=entity,
    )
    for partnership, title in ((hidden, "Lesson of the proposal"), (shown, "Lesson of the meals")):
        Lesson.objects.create(
            title=title, text="t", visibility="public", source="direct", partnership=partnership
        )
    return hidden, shown


def test_export_names_only_public_partnerships_to_the_public(client, lessons):
    body = client.get("/knowledge/lessons/export.csv").content.decode("utf-8-sig")
    assert "Lesson of the proposal" in body
    assert "Secret proposal with a mining company" not in body
    assert "Signed school meals partnership" in body


def test_export_names_them_to_un_staff(client, lessons, focal_point):
    client.force_login(focal_point)
    body = client.get("/knowledge/lessons/export.csv").content.decode("utf-8-sig")
    assert "Secret proposal with a mining company" in body


def test_detail_page_links_a_public_partnership_to_its_public_page(client, lessons):
    hidden, shown = lessons
    hidden_page = client.get(f"/knowledge/lessons/{hidden.lessons.get().pk}/").content.decode()
    shown_page = client.get(f"/knowledge/lessons/{shown.lessons.get().pk}/").content.decode()
    assert "Secret proposal" not in hidden_page
    assert f"/portfolio/{shown.pk}/" in shown_page


def test_api_hides_the_id_of_a_partnership_the_reader_may_not_know(client, lessons):
    hidden, shown = lessons
    rows = {row["title"]: row for row in client.get("/api/knowledge/lessons").json()["results"]}
    assert rows["Lesson of the proposal"]["partnership_id"] is None
    assert rows["Lesson of the meals"]["partnership_id"] == shown.pk
    one = client.get(f"/api/knowledge/lessons/{hidden.lessons.get().pk}").json()
    assert one["partnership_id"] is None
