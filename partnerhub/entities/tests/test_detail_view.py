"""The entity page: /entities/<slug>/."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import ALL_ROLES
from partnerhub.entities.services import entity_update_profile
from partnerhub.entities.tests.factories import UNEntityFactory

pytestmark = pytest.mark.django_db
UN_STAFF = [
    "focal_point",
    "screening_officer",
    "legal_officer",
    "me_officer",
    "country_coordinator",
    "coordinator",
    "admin",
]
CAN_EDIT = ["focal_point", "coordinator", "admin"]
CAN_SEE_AUDIT = [
    "focal_point",
    "screening_officer",
    "legal_officer",
    "me_officer",
    "coordinator",
    "admin",
]


@pytest.fixture
def wfp(entity):
    entity.description = "Saves lives in emergencies."
    entity.mandate = "Ending hunger."
    entity.how_to_partner = "Logistics and supply chain partnerships."
    entity.website = "https://www.wfp.org/"
    entity.links = {"strategic_plan": "https://www.wfp.org/plan"}
    entity.foundational_mandate = "Established by resolution 1714 (XVI)."
    entity.save()
    entity.sdgs.set([2, 17])
    entity.countries.set(["SD"])
    return entity


def _page(client, entity):
    return client.get(reverse("entities:detail", kwargs={"slug": entity.slug}))


def test_it_shows_the_entity_and_its_partnership_profile(client, wfp):
    response = _page(client, wfp)
    assert response.status_code == 200
    content = response.content.decode()
    for text in [
        "World Food Programme",
        "(WFP)",
        "Saves lives in emergencies.",
        "Ending hunger.",
        "How to partner with us",
        "Logistics and supply chain partnerships.",
        "Established by resolution 1714 (XVI).",
        "Goal 2. End hunger",
        "Goal 17. Strengthen",
        "Sudan",
        'href="https://www.wfp.org/plan"',
        "Strategic plan",
        "Summary written by partnerhub",
    ]:
        assert text in content, text


def test_an_entity_without_a_profile_says_so(client):
    bare = UNEntityFactory(acronym="ABDM", category="Intergovernmental and Expert Bodies")
    content = _page(client, bare).content.decode()
    assert "This entity has not yet published its partnership profile." in content
    assert "No SDG focus recorded yet." in content


def test_a_profile_edited_by_the_entity_is_labelled_as_its_own(client, wfp, focal_point):
    entity_update_profile(entity=wfp, actor=focal_point, mandate="Our words.")
    content = _page(client, wfp).content.decode()
    assert "Maintained by WFP on the hub" in content
    assert "Summary written by partnerhub" not in content


def test_related_entities_say_why_and_how_they_differ(client, wfp):
    UNEntityFactory(
        acronym="FAO",
        name="Food and Agriculture Organization",
        category="",
        principal_organ="Specialized Agencies",
        sdgs=[2, 14, 15],
    )
    content = _page(client, wfp).content.decode()
    assert "Related entities: how they differ and complement" in content
    assert 'href="/entities/fao/"' in content
    assert "shares SDG 2" in content
    assert "only WFP covers SDG 17" in content
    assert "only FAO covers SDG 14 and SDG 15" in content
    assert (
        "different principal organ: General Assembly (WFP), Specialized Agencies (FAO)" in content
    )


@pytest.mark.parametrize("role", ALL_ROLES)
def test_focal_point_names_are_shown_to_un_staff_only(as_role, wfp, focal_point, role):
    focal_point.full_name = "Kenji Sato"
    focal_point.save()
    _user, client = as_role(role)
    content = _page(client, wfp).content.decode()
    assert ("Kenji Sato" in content) is (role in UN_STAFF)
    if role not in UN_STAFF:
        assert "This entity has 1 partnership focal point on the hub." in content
        assert "focal@wfp.example" not in content


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_edit_link_shows_to_those_who_may_edit(as_role, wfp, role):
    _user, client = as_role(role)
    content = _page(client, wfp).content.decode()
    edit_url = reverse("entities:edit", kwargs={"slug": "wfp"})
    assert (edit_url in content) is (role in CAN_EDIT)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_audit_link_shows_to_those_who_may_read_the_trail(as_role, wfp, role):
    _user, client = as_role(role)
    content = _page(client, wfp).content.decode()
    audit_url = reverse("core:audit_trail", args=["entities", "unentity", wfp.pk])
    assert (audit_url in content) is (role in CAN_SEE_AUDIT)


def test_the_focal_point_of_another_entity_cannot_edit_this_one(as_role, wfp):
    _user, client = as_role("other_focal_point")
    content = _page(client, wfp).content.decode()
    assert reverse("entities:edit", kwargs={"slug": "wfp"}) not in content


def test_an_unknown_entity_is_a_404(client, db):
    response = client.get(reverse("entities:detail", kwargs={"slug": "no-such-entity"}))
    assert response.status_code == 404


def test_query_count_does_not_depend_on_the_number_of_entities(
    client, wfp, django_assert_max_num_queries
):
    for number in range(50):
        UNEntityFactory(acronym=f"E{number:02}", sdgs=[2])
    # entity, its SDGs and countries, focal-point count, relatedness (entities + their SDGs),
    # its public partnerships and open needs (a list and a count each)
    with django_assert_max_num_queries(10):
        assert _page(client, wfp).status_code == 200


def test_the_public_is_told_when_no_focal_point_is_named(client, wfp):
    content = _page(client, wfp).content.decode()
    assert "No focal point has been named on the hub yet." in content


def test_a_name_equal_to_the_acronym_is_not_repeated(client, db):
    board = UNEntityFactory(
        acronym="Board of Auditors", slug="board-of-auditors", name="Board of Auditors"
    )
    content = _page(client, board).content.decode()
    assert "Board of Auditors (Board of Auditors)" not in content
