"""Review notes of the shipped clause library (data/clauses.json, "review_note"): the
dispute-settlement clause cites LIBOR, and the template library tells legal officers so,
next to the shipped wording only."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import translation

from partnerhub.agreements import library
from partnerhub.agreements.models import Clause
from partnerhub.agreements.selectors import clause_review_notes

NOTE = "Legal review needed: cites LIBOR, discontinued in 2023"
LIBRARY = reverse("agreements:templates")


def test_the_loader_reads_review_notes_and_defaults_to_none(tmp_path):
    notes = library.review_notes()
    assert notes == {
        "disputes": {
            "en": "cites LIBOR, discontinued in 2023",
            "fr": "cite le LIBOR, abandonné en 2023",
        }
    }
    disputes = next(c for c in library.load_clauses() if c.code == "disputes")
    assert "London Interbank Offered Rate" in disputes.texts["en"]
    path = tmp_path / "clauses.json"
    path.write_text(
        json.dumps([{"code": "x", "category": "other", "titles": {}, "texts": {}}]),
        encoding="utf-8",
    )
    assert library.load_clauses(path)[0].review_note == {}
    assert library.review_notes(path) == {}


@pytest.mark.django_db
def test_only_the_shipped_version_carries_the_note():
    shipped = Clause.objects.get(code="disputes", version=library.SHIPPED_VERSION)
    newer = Clause.objects.create(
        code="disputes", version=2, category="disputes", titles=shipped.titles, texts={}
    )
    notes = clause_review_notes()
    assert set(notes) == {shipped.pk}
    assert newer.pk not in notes


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["legal_officer", "admin"])
def test_legal_officers_see_the_note_in_the_template_library(as_role, role):
    _user, client = as_role(role)
    page = client.get(LIBRARY).content.decode()
    # The dispute clause is in every template in force: one note per template listing it.
    assert page.count(NOTE) == page.count("disputes v1") >= 7


@pytest.mark.django_db
def test_the_note_follows_the_page_language(as_role):
    _user, client = as_role("legal_officer")
    with translation.override("fr"):
        page = client.get(LIBRARY, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "cite le LIBOR, abandonné en 2023" in page


@pytest.mark.django_db
def test_other_un_staff_do_not_see_it(as_role):
    _user, client = as_role("focal_point")
    response = client.get(LIBRARY)
    assert response.status_code == 200
    assert "LIBOR" not in response.content.decode()
