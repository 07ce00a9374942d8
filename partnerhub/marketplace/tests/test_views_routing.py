"""The system coordinator's routing overview and routing profiles: /marketplace/routing/."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.marketplace.models import RoutingProfile
from partnerhub.marketplace.tests.factories import OfferRouteFactory, days_ago

pytestmark = pytest.mark.django_db
OVERVIEW = reverse("marketplace:routing_overview")


def _profile(acronym):
    return reverse("marketplace:routing_profile", args=[acronym])


@pytest.fixture
def routes(entity, other_entity):
    OfferRouteFactory(entity=entity, offer__title="Late warehouses", received_at=days_ago(30))
    OfferRouteFactory(entity=entity, acknowledged_at=days_ago(0), status="acknowledged")
    OfferRouteFactory(entity=other_entity, offer__title="Fresh tents")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("plain_user", 403),
        ("company_rep", 403),
        ("focal_point", 403),
        ("country_coordinator", 403),
        ("coordinator", 200),
        ("admin", 200),
    ],
)
def test_who_may_see_the_overview(as_role, routes, role, status):
    _user, client = as_role(role)
    assert client.get(OVERVIEW).status_code == status


def test_the_overview_shows_response_times_and_overdue_offers(as_role, routes):
    _user, client = as_role("coordinator")
    response = client.get(OVERVIEW)
    content = response.content.decode()
    assert {row.entity.acronym for row in response.context["rows"]} == {"WFP", "UNHCR"}
    assert "Late warehouses" in content
    assert "Fresh tents" not in content
    assert response.context["overdue_total"] == 1
    assert _profile("WFP") in content


def test_the_overdue_filter(as_role, routes):
    _user, client = as_role("coordinator")
    response = client.get(OVERVIEW, {"overdue": "1"})
    assert [row.entity.acronym for row in response.context["rows"]] == ["WFP"]


def test_picking_an_entity_opens_its_profile(as_role, entity):
    _user, client = as_role("coordinator")
    assert client.get(OVERVIEW, {"entity": "wfp"})["Location"] == _profile("WFP")
    assert client.get(OVERVIEW, {"entity": "NOPE"}).status_code == 404


@pytest.mark.parametrize("rows", [1, 50])
def test_query_count_does_not_grow_with_rows(as_role, entity, rows, django_assert_max_num_queries):
    OfferRouteFactory.create_batch(rows, entity=entity, received_at=days_ago(30))
    _user, client = as_role("coordinator")
    with django_assert_max_num_queries(12):
        assert client.get(OVERVIEW).status_code == 200


# --- Profile ----------------------------------------------------------------------------------


def test_the_coordinator_edits_a_routing_profile(as_role, entity):
    entity.mandate = "Food assistance in emergencies."
    entity.save()
    _user, client = as_role("coordinator")
    page = client.get(_profile("wfp"))
    assert page.status_code == 200
    assert "Food assistance in emergencies." in page.content.decode()
    response = client.post(
        _profile("WFP"),
        {
            "keywords": "cold chain, trucks",
            "sdgs": ["2", "17"],
            "countries": ["KE"],
            "accepts_offers": "on",
        },
    )
    assert response.status_code == 302
    profile = RoutingProfile.objects.get(entity=entity)
    assert profile.keywords == "cold chain, trucks"
    assert {g.pk for g in profile.sdgs.all()} == {2, 17}
    assert profile.accepts_offers is True
    client.post(_profile("WFP"), {"keywords": ""})
    profile.refresh_from_db()
    assert profile.accepts_offers is False


def test_bad_profile_input_is_refused(as_role, entity):
    _user, client = as_role("coordinator")
    response = client.post(_profile("WFP"), {"sdgs": ["42"], "countries": ["XX"]})
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not RoutingProfile.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("focal_point", 403), ("company_rep", 403), ("anonymous", 302)]
)
def test_only_the_coordinator_edits_profiles(as_role, entity, role, status):
    _user, client = as_role(role)
    assert client.get(_profile("WFP")).status_code == status
    assert client.post(_profile("WFP"), {"keywords": "x"}).status_code == status
    assert not RoutingProfile.objects.exists()


def test_an_unknown_entity_is_a_404(as_role, db):
    _user, client = as_role("coordinator")
    assert client.get(_profile("NOPE")).status_code == 404


def test_try_routing_shows_the_top_entities_with_reasons(as_role, entity, other_entity):
    entity.mandate = "Food assistance, emergency logistics, trucks and warehouses."
    entity.save()
    other_entity.mandate = "Protection of refugees and shelter."
    other_entity.save()
    _user, client = as_role("coordinator")
    response = client.get(_profile("WFP"), {"text": "Trucks and warehouses for food logistics"})
    assert response.status_code == 200
    tried = response.context["tried"]
    assert tried and tried[0].acronym == "WFP"
    partial = client.get(
        _profile("WFP"), {"text": "Trucks for food logistics"}, HTTP_HX_REQUEST="true"
    )
    assert "<html" not in partial.content.decode()
    assert 'id="try-results"' in partial.content.decode()


def test_try_routing_with_empty_text_is_explained(as_role, entity):
    _user, client = as_role("coordinator")
    response = client.get(_profile("WFP"), {"text": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
