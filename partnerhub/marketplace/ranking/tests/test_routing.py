from __future__ import annotations

import pytest

from partnerhub.marketplace.ranking.routing import EntityProfile, Router

PROFILES = [
    EntityProfile(
        "WFP",
        "World Food Programme. Saves lives in emergencies with food assistance. Companies "
        "support it with logistics and supply chain expertise.",
        sdgs=frozenset({2, 17}),
    ),
    EntityProfile(
        "OCHA",
        "Coordinates humanitarian response to emergencies; businesses offer logistics through "
        "coordinated channels.",
    ),
    EntityProfile(
        "UNESCO", "Education, science and culture: schools and teachers.", sdgs=frozenset({4})
    ),
    EntityProfile("WHO", "", sdgs=frozenset({3})),  # no text: found by SDG only
    EntityProfile("EMPTY", ""),  # nothing at all: skipped
]


def acronyms(routes):
    return [route.acronym for route in routes]


def test_it_routes_an_emergency_logistics_offer_to_humanitarian_entities():
    router = Router(PROFILES)
    routes = router.route(
        text="Trucks and warehouse space for emergency response in East Africa",
        sdgs=frozenset({2}),
        resource_types=frozenset({"logistics"}),
    )
    assert acronyms(routes) == ["WFP", "OCHA"]
    assert routes[0].reasons[0].startswith('mandate mentions "')
    assert '"emergency"' in routes[0].reasons[0]
    assert "SDGs in common: 2" in routes[0].reasons
    assert routes[0].score == pytest.approx(sum(c.contribution for c in routes[0].components))
    assert [c.name for c in routes[0].components] == [
        "mandate_text",
        "sdg",
        "theme",
        "country",
        "history",
    ]


def test_it_skips_empty_profiles_and_ranks_textless_ones_by_sdg_only():
    router = Router(PROFILES)
    assert "EMPTY" not in [profile.acronym for profile in router.profiles]
    routes = router.route(text="vaccines for children", sdgs=frozenset({3}))
    assert acronyms(routes) == ["WHO"]
    assert routes[0].reasons == ("SDGs in common: 3",)


def test_a_textless_entity_does_not_outrank_a_good_text_match():
    router = Router(PROFILES)
    routes = router.route(text="teachers for schools", sdgs=frozenset({3, 4}))
    assert acronyms(routes)[:2] == ["UNESCO", "WHO"]


def test_it_uses_themes_countries_and_accepted_offers():
    profiles = [
        EntityProfile("A", "water and sanitation", themes=frozenset({"wash"})),
        EntityProfile(
            "B",
            "water and sanitation",
            countries=frozenset({"KE"}),
            accepted_texts=("Water filters for schools in Kenya", "Hygiene kits"),
        ),
    ]
    router = Router(profiles)
    routes = router.route(text="Water filters for rural schools", countries=frozenset({"KE"}))
    assert acronyms(routes) == ["B", "A"]
    assert "operates in KE" in routes[0].reasons
    assert "accepted 1 similar offer before" in routes[0].reasons
    routes = router.route(text="water", themes=frozenset({"wash"}))
    assert acronyms(routes)[0] == "A"
    assert "themes in common: wash" in routes[0].reasons


def test_it_handles_no_profiles_and_odd_text():
    assert Router([]).route(text="anything") == []
    router = Router(PROFILES)
    assert router.route(text="") == []
    assert router.route(text="物流 ومساعدات", limit=3) == []
    assert len(router.route(text="emergency logistics", limit=1)) == 1
