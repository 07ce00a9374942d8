"""relatedness.py is plain Python: these tests need no database."""

from __future__ import annotations

from partnerhub.entities.relatedness import (
    Difference,
    DifferenceKind,
    EntityProfile,
    Reason,
    ReasonKind,
    description_words,
    relate,
    related_entities,
)

WFP = EntityProfile(
    acronym="WFP",
    category="Funds and Programmes",
    principal_organs=frozenset({"General Assembly"}),
    sdgs=frozenset({2, 17}),
    words=description_words("Food assistance in emergencies, nutrition and hunger."),
)
FAO = EntityProfile(
    acronym="FAO",
    principal_organs=frozenset({"Specialized Agencies"}),
    sdgs=frozenset({2, 14, 15}),
    words=description_words("Defeat hunger, improve nutrition and food security."),
)
UNICEF = EntityProfile(
    acronym="UNICEF",
    category="Funds and Programmes",
    principal_organs=frozenset({"General Assembly"}),
    sdgs=frozenset({2, 3, 4, 6, 16}),
    words=description_words("Children's rights, health and education."),
)
ICJ = EntityProfile(
    acronym="ICJ",
    category="International Court of Justice",
    principal_organs=frozenset({"International Court of Justice"}),
    words=description_words("Settles legal disputes between States."),
)
GA_BOARD = EntityProfile(acronym="ABDM", principal_organs=frozenset({"General Assembly"}))


def test_it_explains_shared_sdgs_category_and_words():
    relation = relate(WFP, UNICEF)
    assert relation is not None
    assert Reason(ReasonKind.SHARED_SDGS, (2,)) in relation.reasons
    assert Reason(ReasonKind.SAME_CATEGORY, ("Funds and Programmes",)) in relation.reasons
    assert Reason(ReasonKind.SAME_PRINCIPAL_ORGAN, ("General Assembly",)) in relation.reasons


def test_it_says_how_two_entities_differ():
    relation = relate(WFP, FAO)
    assert relation is not None
    assert relation.differences == (
        Difference(DifferenceKind.SDGS_ONLY_SUBJECT, (17,)),
        Difference(DifferenceKind.SDGS_ONLY_OTHER, (14, 15)),
        Difference(
            DifferenceKind.DIFFERENT_PRINCIPAL_ORGAN, ("General Assembly", "Specialized Agencies")
        ),
    )
    words = next(r for r in relation.reasons if r.kind == ReasonKind.SHARED_WORDS)
    assert set(words.values) == {"food", "hunger", "nutrition"}


def test_unrelated_entities_are_left_out():
    assert relate(WFP, ICJ) is None


def test_a_shared_principal_organ_alone_is_not_a_relation():
    # 46 entities report to the General Assembly: that says nothing about their work.
    assert relate(WFP, GA_BOARD) is None


def test_sdgs_are_not_compared_with_an_entity_without_sdg_focus():
    no_focus = EntityProfile(acronym="UNV", category="Funds and Programmes")
    relation = relate(WFP, no_focus)
    assert relation is not None
    assert not any(
        d.kind in {DifferenceKind.SDGS_ONLY_SUBJECT, DifferenceKind.SDGS_ONLY_OTHER}
        for d in relation.differences
    )


def test_most_related_come_first_and_the_subject_is_excluded():
    relations = related_entities(WFP, [ICJ, UNICEF, WFP, FAO, GA_BOARD])
    assert [r.other.acronym for r in relations] == ["UNICEF", "FAO"]
    assert relations[0].score > relations[1].score


def test_ties_are_broken_by_acronym_and_limit_applies():
    twins = [EntityProfile(acronym=name, sdgs=frozenset({2, 17})) for name in ["ZZZ", "AAA", "MMM"]]
    relations = related_entities(WFP, twins, limit=2)
    assert [r.other.acronym for r in relations] == ["AAA", "MMM"]


def test_an_entity_covering_many_goals_does_not_swamp_a_focused_one():
    focused = EntityProfile(acronym="FOCUS", sdgs=frozenset({2}))
    broad = EntityProfile(acronym="BROAD", sdgs=frozenset(range(1, 18)))
    relations = related_entities(EntityProfile(acronym="X", sdgs=frozenset({2})), [broad, focused])
    assert [r.other.acronym for r in relations] == ["FOCUS", "BROAD"]


def test_description_words_drop_short_and_generic_words():
    words = description_words("The United Nations Programme supports refugees in 2024, and food.")
    assert words == {"refugees", "food"}
