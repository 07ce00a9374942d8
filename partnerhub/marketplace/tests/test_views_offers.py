"""The offers list and an offer's page: /marketplace/offers/ and /marketplace/offers/<pk>/."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from partnerhub.marketplace.models import Offer, OfferRoute
from partnerhub.marketplace.tests.factories import (
    NeedFactory,
    OfferFactory,
    OfferRouteFactory,
    days_ago,
)
from partnerhub.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
LIST = reverse("marketplace:offer_list")


@pytest.fixture
def offers(organisation):
    rival = OrganisationFactory(legal_name="Rival Hauliers")
    return {
        "mine": OfferFactory(organisation=organisation, title="Trucks in Kenya", sdgs=[2]),
        "my_draft": OfferFactory(
            organisation=organisation, title="Draft drones", status="draft", published_at=None
        ),
        "rival": OfferFactory(organisation=rival, title="Rival warehouses"),
        "rival_draft": OfferFactory(
            organisation=rival, title="Rival secret", status="draft", published_at=None
        ),
    }


def _titles(response):
    return {offer.title for offer in response.context["page_obj"].object_list}


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_people_without_a_role_may_not_list_offers(as_role, offers):
    _user, client = as_role("plain_user")
    assert client.get(LIST).status_code == 403


def test_a_company_rep_sees_only_its_companys_offers(as_role, offers):
    _user, client = as_role("company_rep")
    response = client.get(LIST)
    assert response.status_code == 200
    assert _titles(response) == {"Trucks in Kenya"}
    assert _titles(client.get(LIST, {"status": "draft"})) == {"Draft drones"}
    assert "My company's offers" in response.content.decode()


@pytest.mark.parametrize("role", ["focal_point", "screening_officer", "coordinator", "admin"])
def test_un_staff_see_submitted_offers_never_drafts(as_role, offers, role):
    _user, client = as_role(role)
    assert _titles(client.get(LIST)) == {"Trucks in Kenya", "Rival warehouses"}
    assert _titles(client.get(LIST, {"status": "draft"})) == set()


def test_routed_to_filter(as_role, offers, entity):
    OfferRouteFactory(offer=offers["rival"], entity=entity)
    _user, client = as_role("focal_point")
    assert _titles(client.get(LIST, {"entity": entity.pk})) == {"Rival warehouses"}


def test_htmx_gets_only_the_results(as_role, offers):
    _user, client = as_role("focal_point")
    response = client.get(LIST, {"q": "warehouses"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert _titles(response) == {"Rival warehouses"}


def test_a_bad_filter_is_explained(as_role, offers):
    _user, client = as_role("focal_point")
    response = client.get(LIST, {"status": "nonsense"})
    assert response.status_code == 200
    assert "Some filters were not understood" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_query_count_does_not_grow_with_rows(
    as_role, organisation, rows, django_assert_max_num_queries, settings
):
    settings.PAGE_SIZE = 100
    OfferFactory.create_batch(
        rows, organisation=organisation, sdgs=[2], countries=["KE"], resource_types=["logistics"]
    )
    _user, client = as_role("company_rep")
    with django_assert_max_num_queries(17):
        response = client.get(LIST)
    assert len(response.context["page_obj"].object_list) == rows


# --- Detail -----------------------------------------------------------------------------------


def _detail(offer):
    return reverse("marketplace:offer_detail", args=[offer.pk])


@pytest.mark.parametrize(
    ("role", "offer", "status"),
    [
        ("company_rep", "mine", 200),
        ("company_rep", "my_draft", 200),
        ("company_rep", "rival", 404),
        ("company_rep", "rival_draft", 404),
        ("focal_point", "rival", 200),
        ("focal_point", "rival_draft", 404),
        ("plain_user", "mine", 404),
        ("coordinator", "rival_draft", 200),
    ],
)
def test_who_may_read_which_offer(as_role, offers, role, offer, status):
    _user, client = as_role(role)
    assert client.get(_detail(offers[offer])).status_code == status


def test_anonymous_is_sent_to_sign_in_from_an_offer(client, offers):
    assert client.get(_detail(offers["mine"])).status_code == 302


def test_an_unknown_offer_is_a_404(as_role, db):
    _user, client = as_role("focal_point")
    assert client.get(reverse("marketplace:offer_detail", args=[999999])).status_code == 404


def test_the_company_watches_where_its_offer_went(as_role, offers, entity, other_entity):
    offer = offers["mine"]
    OfferRouteFactory(
        offer=offer,
        entity=entity,
        rank=1,
        reasons=["Mandate mentions food logistics"],
        status=OfferRoute.Status.DECLINED,
        decision_note="No budget this year",
        acknowledged_at=days_ago(1),
        responded_at=days_ago(1),
    )
    unhcr = OfferRouteFactory(
        offer=offer,
        entity=other_entity,
        rank=2,
        status=OfferRoute.Status.FORWARDED,
        decision_note="Better for WFP Kenya",
    )
    ocha = OfferRouteFactory(
        offer=offer,
        entity__acronym="OCHA",
        origin="forwarded",
        forwarded_from=unhcr,
        reasons=["Forwarded by UNHCR: Better fit"],
        received_at=days_ago(30),
    )
    _user, client = as_role("company_rep")
    content = client.get(_detail(offer)).content.decode()
    assert "Where the offer went" in content
    assert "Mandate mentions food logistics" in content
    assert "No budget this year" in content
    assert "Forwarded to OCHA" in content
    assert "Forwarded by UNHCR" in content
    assert "Overdue" in content  # OCHA's route was received 30 days ago and not acknowledged
    assert ocha.entity.acronym in content


def test_a_draft_says_it_has_not_been_sent(as_role, offers):
    _user, client = as_role("company_rep")
    content = client.get(_detail(offers["my_draft"])).content.decode()
    assert "This offer is a draft." in content
    actions = {a["to"] for a in client.get(_detail(offers["my_draft"])).context["actions"]}
    assert actions == {"submitted", "withdrawn"}


def test_the_value_breakdown_adds_up(as_role, organisation, settings):
    settings.PRO_BONO_HOURLY_RATE_USD = 100
    offer = OfferFactory(
        organisation=organisation,
        cash_value_usd=Decimal("1000"),
        in_kind_value_usd=Decimal("2500.50"),
        pro_bono_hours=10,
    )
    _user, client = as_role("company_rep")
    content = client.get(_detail(offer)).content.decode()
    assert "10 h × US$100 = US$ 1,000.00" in content
    assert "US$ 4,500.50" in content


def test_matching_needs_hide_un_only_needs_from_companies(as_role, offers, entity):
    NeedFactory(
        entity=entity,
        title="Public trucks need",
        sdgs=[2],
        description="Trucks and warehouses for food",
    )
    NeedFactory(
        entity=entity,
        title="Internal trucks need",
        sdgs=[2],
        visibility="un_only",
        description="Trucks and warehouses for food",
    )
    _user, client = as_role("company_rep")
    content = client.get(_detail(offers["mine"])).content.decode()
    assert "Matching needs" in content
    assert "Internal trucks need" not in content
    _user, client = as_role("focal_point")
    matches = [m.object.title for m in client.get(_detail(offers["mine"])).context["matches"]]
    assert "Internal trucks need" in matches


def test_only_the_company_gets_the_owner_actions(as_role, offers):
    _user, client = as_role("focal_point")
    response = client.get(_detail(offers["mine"]))
    assert response.context["actions"] == []
    assert (
        reverse("marketplace:offer_edit", args=[offers["mine"].pk]) not in response.content.decode()
    )
    assert "Respond for my entity" in response.content.decode()
    _user, client = as_role("company_rep")
    response = client.get(_detail(offers["mine"]))
    assert {a["to"] for a in response.context["actions"]} == {"closed", "withdrawn"}
    assert "Respond for my entity" not in response.content.decode()


def test_the_audit_trail_is_linked_for_un_staff_only(as_role, offers):
    url = reverse("core:audit_trail", args=["marketplace", "offer", offers["mine"].pk])
    _user, client = as_role("focal_point")
    assert url in client.get(_detail(offers["mine"])).content.decode()
    assert client.get(url).status_code == 200
    _user, client = as_role("company_rep")
    assert url not in client.get(_detail(offers["mine"])).content.decode()
    assert client.get(url).status_code == 403


def test_closed_offers_are_not_editable(as_role, organisation):
    offer = OfferFactory(organisation=organisation, status=Offer.Status.CLOSED)
    _user, client = as_role("company_rep")
    response = client.get(_detail(offer))
    assert response.context["can_change"] is False
    assert response.context["actions"] == []
