"""Indexing and filter_by_search / site_search on the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from partnerhub.entities.tests.factories import UNEntityFactory
from partnerhub.knowledge.tests.factories import LessonFactory
from partnerhub.marketplace.selectors import needs_visible_to
from partnerhub.marketplace.tests.factories import NeedFactory, OfferFactory
from partnerhub.organisations.tests.factories import OrganisationFactory
from partnerhub.partnerships.models import Partnership
from partnerhub.partnerships.selectors import public_partnerships
from partnerhub.partnerships.tests.factories import PartnerFactory, PartnershipFactory
from partnerhub.search import registry, services
from partnerhub.search.models import SearchEntry
from partnerhub.search.selectors import filter_by_search, has_words, site_search

pytestmark = pytest.mark.django_db

ACTIVE = Partnership.Status.ACTIVE


def found(query, queryset=None):
    queryset = public_partnerships() if queryset is None else queryset
    return [p.title for p in filter_by_search(queryset, query)]


@pytest.fixture
def library(indexing, entity):
    with indexing():
        return {
            "zh": PartnershipFactory(
                title="农村供水",
                summary="中国西部农村地区的水资源管理项目。",
                status=ACTIVE,
                lead_entity=entity,
            ),
            "ar": PartnershipFactory(
                title="مياه الشرب",
                summary="توفير المِيَاهِ النظيفة للأطفال في السودان",
                status=ACTIVE,
                lead_entity=entity,
            ),
            "fr": PartnershipFactory(
                title="Éducation au Sénégal",
                summary="Des écoles financées pour l'éducation des filles.",
                status=ACTIVE,
                lead_entity=entity,
            ),
            "ru": PartnershipFactory(
                title="Чистая вода",
                summary="Образование и вода для школ Кыргызстана.",
                status=ACTIVE,
                lead_entity=entity,
            ),
            "en": PartnershipFactory(
                title="Cold chain for vaccines",
                summary="Solar fridges keep vaccines cold in rural clinics.",
                status=ACTIVE,
                lead_entity=entity,
            ),
        }


def test_a_chinese_word_finds_chinese_text(library):
    assert found("水资源") == ["农村供水"]
    assert found("供水") == ["农村供水"]
    assert found("水") == ["农村供水"]  # one character
    assert found("资源水") == []  # the characters must be next to each other, in order


def test_arabic_matches_with_or_without_harakat_and_article(library):
    assert found("المياه") == ["مياه الشرب"]
    assert found("مياه") == ["مياه الشرب"]
    assert found("المِيَاهُ") == ["مياه الشرب"]
    assert found("الأطفال") == ["مياه الشرب"]


def test_french_without_accents_finds_accented_text(library):
    assert found("education senegal") == ["Éducation au Sénégal"]
    assert found("ÉCOLES") == ["Éducation au Sénégal"]


def test_russian_and_english_words(library):
    assert found("вода") == ["Чистая вода"]
    assert found("vaccines solar") == ["Cold chain for vaccines"]


def test_every_word_must_match(library):
    assert found("vaccines education") == []
    assert found("vaccines clinics") == ["Cold chain for vaccines"]


def test_the_last_word_matches_as_a_prefix(library):
    assert found("vacc") == ["Cold chain for vaccines"]
    assert found("vacc ") == []


def test_title_matches_rank_first(indexing, entity):
    with indexing():
        PartnershipFactory(
            title="Logistics support",
            summary="Trucks and vaccines for the region.",
            status=ACTIVE,
            lead_entity=entity,
        )
        PartnershipFactory(
            title="Vaccines for Sudan",
            summary="A cold chain for the region.",
            status=ACTIVE,
            lead_entity=entity,
        )
        PartnershipFactory(
            title="Unrelated", summary="Nothing to see.", status=ACTIVE, lead_entity=entity
        )
    results = list(filter_by_search(public_partnerships(), "vaccines"))
    assert [p.title for p in results] == ["Vaccines for Sudan", "Logistics support"]
    assert results[0].search_rank > results[1].search_rank


def test_it_combines_with_the_callers_filters_and_counts(library, indexing):
    with indexing():
        library["ru"].countries.set(["KG"])
        library["fr"].countries.set(["SN"])
    in_kyrgyzstan = public_partnerships().filter(countries="KG")
    assert found("вода", in_kyrgyzstan) == ["Чистая вода"]
    assert found("education", in_kyrgyzstan) == []
    assert filter_by_search(public_partnerships(), "ecoles").count() == 1


def test_related_text_is_indexed_and_follows_changes(indexing, entity):
    organisation = OrganisationFactory(legal_name="Rift Valley Haulage Ltd", country_id="KE")
    with indexing():
        partnership = PartnershipFactory(title="Trucks", status=ACTIVE, lead_entity=entity)
        PartnerFactory(partnership=partnership, organisation=organisation)
        partnership.countries.set(["SD"])
    assert found("haulage") == ["Trucks"]
    assert found("WFP") == ["Trucks"]  # the lead entity's acronym
    assert found("苏丹") == ["Trucks"]  # Sudan, in Chinese, from the vocabulary's names
    with indexing():
        partnership.countries.set(["KE"])
        organisation.legal_name = "Great Lakes Freight Ltd"
        organisation.save()
    assert found("苏丹") == []
    assert found("肯尼亚") == ["Trucks"]
    assert found("freight") == ["Trucks"]


def test_a_query_without_words_leaves_the_queryset_alone(library):
    assert len(found("")) == 5
    assert len(found("  !!! ")) == 5
    assert not has_words("«…»")


@pytest.mark.parametrize(
    "hostile",
    [
        '"',
        '"water',
        "water*",
        "-water",
        "water NEAR vaccines",
        "(cold OR",
        "col:vaccines",
        "'",
        "a' & b:*",
        "\\",
        "\x00",
    ],
)
def test_engine_syntax_in_the_query_never_raises(library, hostile):
    list(filter_by_search(public_partnerships(), hostile))
    site_search(hostile)


def test_site_search_shows_only_public_partnerships(indexing, entity):
    with indexing():
        PartnershipFactory(title="Signed water", status=ACTIVE, lead_entity=entity)
        PartnershipFactory(title="Draft water", status=Partnership.Status.DRAFT, lead_entity=entity)
        PartnershipFactory(
            title="Agreement water", status=Partnership.Status.AGREEMENT, lead_entity=entity
        )
        PartnershipFactory(
            title="Confidential water",
            status=ACTIVE,
            confidentiality=Partnership.Confidentiality.UN_ONLY,
            lead_entity=entity,
        )
    results = site_search("water")
    assert [hit.entry.title for hit in results.hits] == ["Signed water"]
    assert results.total == 1 and results.counts == {"partnership": 1}
    # Staff lists still find the others through filter_by_search on their own querysets.
    assert len(found("water", Partnership.objects.all())) == 4


def test_a_stale_public_flag_never_shows_a_private_object(indexing, entity):
    with indexing():
        partnership = PartnershipFactory(title="Stale water", status=ACTIVE, lead_entity=entity)
    # Changed behind the signals' back: the flag in the index is now wrong.
    Partnership.objects.filter(pk=partnership.pk).update(
        confidentiality=Partnership.Confidentiality.UN_ONLY
    )
    assert SearchEntry.objects.get(kind="partnership", object_id=partnership.pk).public
    assert site_search("water").hits == []


def test_making_private_or_deleting_removes_from_results(indexing, entity):
    with indexing():
        private = PartnershipFactory(title="Water one", status=ACTIVE, lead_entity=entity)
        deleted = PartnershipFactory(title="Water two", status=ACTIVE, lead_entity=entity)
    assert site_search("water").total == 2
    with indexing():
        private.confidentiality = Partnership.Confidentiality.UN_ONLY
        private.save()
        deleted.delete()
    assert not SearchEntry.objects.get(kind="partnership", object_id=private.pk).public
    assert not SearchEntry.objects.filter(kind="partnership", object_id=deleted.pk).exists()
    assert site_search("water").total == 0


def test_changes_inside_a_rolled_back_transaction_leave_the_index_alone(indexing, entity):
    from django.db import transaction

    with indexing():
        partnership = PartnershipFactory(title="Water", status=ACTIVE, lead_entity=entity)
    with indexing():
        try:
            with transaction.atomic():
                Partnership.objects.get(pk=partnership.pk).delete()
                raise RuntimeError
        except RuntimeError:
            pass
        partnership.title = "Water and sanitation"
        partnership.save()
    assert found("sanitation") == ["Water and sanitation"]


def test_site_search_covers_needs_lessons_and_entities_but_not_offers(indexing):
    with indexing():
        need = NeedFactory(title="Hibiscus agronomy training", description="For women farmers.")
        NeedFactory(title="Hibiscus UN-only", visibility="un_only")
        NeedFactory(title="Hibiscus draft", status="draft")
        OfferFactory(title="Hibiscus drying ovens")
        LessonFactory(title="Hibiscus prices", text="Prices double in the dry season.")
        LessonFactory(title="Hibiscus internal", visibility="un_only")
        UNEntityFactory(
            acronym="IFAD",
            slug="ifad",
            name="International Fund for Agricultural Development",
            mandate="Hibiscus and other cash crops.",
        )
    results = site_search("hibiscus")
    titles = {hit.entry.title for hit in results.hits}
    assert titles == {
        "Hibiscus agronomy training",
        "Hibiscus prices",
        "International Fund for Agricultural Development (IFAD)",
    }
    assert results.counts == {"need": 1, "lesson": 1, "entity": 1}
    assert {hit.url for hit in results.hits if hit.kind.name == "need"} == {need.get_absolute_url()}
    only_needs = site_search("hibiscus", kinds=["need", "nonsense"])
    assert [hit.kind.name for hit in only_needs.hits] == ["need"]
    assert only_needs.total == 1
    assert only_needs.counts["lesson"] == 1  # the other kinds' counts stay for the tabs
    assert set(needs_visible_to(AnonymousUser()).values_list("title", flat=True)) == {
        "Hibiscus agronomy training"
    }


def test_site_search_pages_and_highlights(indexing, entity):
    with indexing():
        for n in range(7):
            PartnershipFactory(
                title=f"Water project {n}",
                summary="Boreholes & <pumps>",
                status=ACTIVE,
                lead_entity=entity,
            )
    first = site_search("water", page=1, page_size=5)
    second = site_search("water", page=2, page_size=5)
    assert first.total == 7 and len(first.hits) == 5 and len(second.hits) == 2
    assert first.page.paginator.num_pages == 2
    assert first.hits[0].title_html.startswith("<mark>Water</mark> project")
    assert first.hits[0].snippet_html == "Boreholes &amp; &lt;pumps&gt;"
    assert site_search("water", page="999", page_size=5).page.number == 2
    assert site_search("water", page="x", page_size=5).page.number == 1


def test_site_search_without_words_asks_for_one():
    results = site_search("  ?? ")
    assert results.needs_words and results.hits == [] and results.page is None


def test_another_app_registers_a_kind_in_one_call(indexing, organisation):
    from partnerhub.organisations.models import Organisation

    registry.register(
        "test_organisation",
        model=Organisation,
        label="Organisations",
        document=lambda o: (o.legal_name, o.description),
        public=Organisation.objects.all,
        url=lambda o: f"/organisations/{o.pk}/",
    )
    try:
        assert services.rebuild("test_organisation") == 1
        with indexing():
            OrganisationFactory(
                legal_name="Nile Hibiscus Traders", country_id="SD", description="Dried flowers."
            )
        assert [o.legal_name for o in filter_by_search(Organisation.objects.all(), "flowers")] == [
            "Nile Hibiscus Traders"
        ]
        assert [h.url for h in site_search("trucks", kinds=["test_organisation"]).hits] == [
            f"/organisations/{organisation.pk}/"
        ]
    finally:
        registry.unregister("test_organisation")
    with pytest.raises(registry.UnknownKind):
        filter_by_search(Organisation.objects.all(), "flowers")


def test_rebuild_indexes_rows_written_without_signals(entity):
    partnership = PartnershipFactory(title="Unsignalled water", status=ACTIVE, lead_entity=entity)
    SearchEntry.objects.create(
        kind="partnership",
        object_id=999_999,
        title="Gone water",
        public=True,
        title_tokens="gone water",
    )
    assert found("unsignalled") == []
    services.rebuild("partnership")
    assert found("unsignalled") == ["Unsignalled water"]
    assert not SearchEntry.objects.filter(object_id=999_999).exists()
    assert SearchEntry.objects.get(kind="partnership", object_id=partnership.pk).public


def test_above_the_rank_limit_the_newest_come_first(indexing, entity, monkeypatch):
    from partnerhub.search import backends

    monkeypatch.setattr(backends, "RANK_LIMIT", 2)
    with indexing():
        older_title = PartnershipFactory(title="Solar water", status=ACTIVE, lead_entity=entity)
        body = PartnershipFactory(
            title="Pumps", summary="Water for all.", status=ACTIVE, lead_entity=entity
        )
        newer_title = PartnershipFactory(title="Water again", status=ACTIVE, lead_entity=entity)
        newest_body = PartnershipFactory(
            title="Wells", summary="More water.", status=ACTIVE, lead_entity=entity
        )
    results = list(filter_by_search(public_partnerships(), "water"))
    assert [p.pk for p in results] == [newest_body.pk, newer_title.pk, body.pk, older_title.pk]
    assert {p.search_rank for p in results} == {0}
    page = site_search("water")
    assert page.total == 4
    assert [hit.entry.object_id for hit in page.hits] == [p.pk for p in results]


def test_the_search_paginator_caps_its_count(indexing, entity):
    from partnerhub.search.selectors import SearchPaginator

    with indexing():
        for n in range(5):
            PartnershipFactory(title=f"Water {n}", status=ACTIVE, lead_entity=entity)
    capped = SearchPaginator(filter_by_search(public_partnerships(), "water"), 2, count_cap=3)
    assert capped.count == 3 and capped.count_is_capped and capped.num_pages == 2
    assert len(capped.page(2).object_list) == 1
    exact = SearchPaginator(filter_by_search(public_partnerships(), "water"), 2, count_cap=5)
    assert exact.count == 5 and not exact.count_is_capped


def test_the_rebuild_command_reports_progress_and_refuses_unknown_kinds(entity):
    from io import StringIO

    from django.core.management import CommandError, call_command

    PartnershipFactory(title="Unsignalled water", status=ACTIVE, lead_entity=entity)
    out = StringIO()
    call_command("rebuild_search_index", "--kind", "partnership", stdout=out)
    assert "partnership: 1/1" in out.getvalue() and "partnership: 1 indexed" in out.getvalue()
    assert found("unsignalled") == ["Unsignalled water"]
    with pytest.raises(CommandError, match="No searchable kind named 'nonsense'"):
        call_command("rebuild_search_index", "--kind", "nonsense")
