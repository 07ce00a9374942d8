"""related_lessons (selector), its htmx partial, and the panel on the partnership proposal
form and on a draft or proposed partnership's page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerhub.knowledge import related, selectors
from partnerhub.knowledge.models import Lesson
from partnerhub.knowledge.tests.factories import LessonFactory
from partnerhub.partnerships.models import Partnership
from partnerhub.partnerships.tests.factories import PartnershipFactory
from partnerhub.vocabularies.models import Country, SDGGoal

pytestmark = pytest.mark.django_db

RELATED = reverse("knowledge:related_lessons")
IN_KIND = "core-business-value-chain"


def item(title, *, types=(), sdgs=(), countries=(), days_old=0, **kwargs):
    lesson = LessonFactory(title=title, sdgs=list(sdgs), countries=list(countries), **kwargs)
    lesson.partnership_types.set(list(types))
    Lesson.objects.filter(pk=lesson.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_old)
    )
    return lesson


@pytest.fixture
def knowledge():
    return [
        item("Two SDGs and the country", sdgs=[2, 5], countries=["KE"], days_old=3),
        item("Same type only", types=[IN_KIND], days_old=30),
        item("One SDG, newer", sdgs=[2], days_old=1),
        item("One SDG, older", sdgs=[2], days_old=10),
        item("Country only", countries=["KE"]),
        item("Nothing shared", types=["advocacy-public-policy"], sdgs=[9], countries=["SD"]),
        item("UN-only, same type", types=[IN_KIND], sdgs=[2], visibility="un_only"),
        item("A guide, same type", types=[IN_KIND], kind="guide", days_old=40),
    ]


def ranked(user, **kwargs):
    query = {"partnership_type": IN_KIND, "sdgs": [2, 5], "countries": ["KE"], **kwargs}
    return selectors.related_lessons(query.pop("partnership_type"), user=user, limit=10, **query)


def test_ranking_type_then_sdgs_then_countries_then_newer(knowledge, legal_officer):
    titles = [r.lesson.title for r in ranked(legal_officer)]
    assert titles == [
        "UN-only, same type",
        "Same type only",
        "A guide, same type",
        "Two SDGs and the country",
        "One SDG, newer",
        "One SDG, older",
        "Country only",
    ]


def test_the_database_order_is_the_reference_order(knowledge, legal_officer):
    query = related.Query(IN_KIND, frozenset({2, 5}), frozenset({"KE"}))
    candidates = [
        related.Candidate(
            item=lesson.title,
            types=frozenset(t.pk for t in lesson.partnership_types.all()),
            sdgs=frozenset(g.pk for g in lesson.sdgs.all()),
            countries=frozenset(c.pk for c in lesson.countries.all()),
            created_at=lesson.created_at,
            pk=lesson.pk,
        )
        for lesson in Lesson.objects.all()
    ]
    expected = [c.item for c, _found in related.rank(query, candidates, limit=10)]
    assert [r.lesson.title for r in ranked(legal_officer)] == expected


def test_each_comes_with_what_it_shares(knowledge, legal_officer):
    first, *_rest = ranked(legal_officer)
    assert first.same_type.pk == IN_KIND
    assert first.sdg_numbers == "2"
    both = next(r for r in ranked(legal_officer) if r.lesson.title == "Two SDGs and the country")
    assert (both.same_type, both.sdg_numbers) == (None, "2, 5")
    assert both.country_names == str(Country.objects.get(pk="KE"))


def test_outsiders_get_public_items_only_and_the_limit_holds(knowledge, company_rep):
    titles = [r.lesson.title for r in ranked(company_rep)]
    assert "UN-only, same type" not in titles
    assert len(selectors.related_lessons(IN_KIND, [], [], company_rep, limit=1)) == 1


def test_instances_or_keys_and_nothing_asked(knowledge, anonymous):
    by_instance = selectors.related_lessons(
        None, SDGGoal.objects.filter(pk=5), Country.objects.filter(pk="KE"), None
    )
    assert [r.lesson.title for r in by_instance] == ["Two SDGs and the country", "Country only"]
    assert selectors.related_lessons(None, [], [], None) == []


def test_the_htmx_partial_explains_each(client, knowledge):
    response = client.get(
        RELATED,
        {"partnership_type": IN_KIND, "sdgs": ["2", "5"], "countries": "KE"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "same type: Core business and value chain" in html
    assert "shares SDGs 2, 5; shares Kenya" in html
    assert "shares SDG 2" in html
    assert "UN-only, same type" not in html  # anonymous visitors see public items only
    assert "Nothing shared" not in html


def test_the_partial_ignores_bad_values(client, knowledge):
    response = client.get(RELATED, {"partnership_type": "nope", "sdgs": "99", "countries": "ZZ"})
    assert response.status_code == 200
    assert "Choose the type of partnership" in response.content.decode()
    assert client.post(RELATED).status_code == 405


def test_the_proposal_form_has_the_panel_refreshed_on_change(as_role, entity, knowledge):
    _user, client = as_role("focal_point")
    html = client.get(reverse("partnerships:create")).content.decode()
    assert 'id="related-lessons"' in html
    assert f'hx-get="{RELATED}"' in html and 'hx-trigger="change"' in html
    assert "Choose the type of partnership" in html
    # Re-shown after a refused submission, the panel follows what was typed.
    response = client.post(
        reverse("partnerships:create"), {"partnership_type": IN_KIND, "sdgs": ["2"]}
    )
    assert response.status_code == 400
    assert "Same type only" in response.content.decode()


def test_a_draft_partnership_shows_related_lessons_and_an_active_one_does_not(
    as_role, entity, knowledge
):
    partnership = PartnershipFactory(lead_entity=entity, partnership_type_id=IN_KIND)
    partnership.sdgs.set([2])
    own = item("Its own lesson", types=[IN_KIND], partnership=partnership)
    _user, client = as_role("focal_point")
    url = reverse("partnerships:detail", args=[partnership.pk])
    html = client.get(url).content.decode()
    panel = html[html.index('id="related-lessons"') :].split("</section>")[0]
    assert "Same type only" in panel
    assert own.title not in panel  # its own lessons are in its results section
    Partnership.objects.filter(pk=partnership.pk).update(status="active")
    assert "Related lessons" not in client.get(url).content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_partial_query_count(client, rows, django_assert_max_num_queries):
    for n in range(rows):
        item(f"Lesson {n}", types=[IN_KIND], sdgs=[2, 5], countries=["KE"])
    with django_assert_max_num_queries(8):
        response = client.get(RELATED, {"partnership_type": IN_KIND, "sdgs": ["2", "5"]})
    assert response.content.decode().count("same type: Core business") == min(rows, 5)


def test_the_edit_form_asks_with_the_stored_values(as_role, entity, knowledge):
    partnership = PartnershipFactory(lead_entity=entity, partnership_type_id=IN_KIND)
    _user, client = as_role("focal_point")
    html = client.get(reverse("partnerships:edit", args=[partnership.pk])).content.decode()
    panel = html[html.index('id="related-lessons"') :].split("</section>")[0]
    assert "Same type only" in panel and "UN-only, same type" in panel
