"""The registry page /coordination/ and its CSV export: UN staff only."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from partnerhub.marketplace.tests.factories import (
    InterestFactory,
    NeedFactory,
    OfferFactory,
    OfferRouteFactory,
)
from partnerhub.organisations.tests.factories import OrganisationFactory
from partnerhub.partnerships.tests.factories import (
    PartnerFactory,
    PartnershipFactory,
    screening_of,
)

from .conftest import entity_interest

REGISTRY = reverse("coordination:registry")
UN_STAFF = [
    "focal_point",
    "screening_officer",
    "legal_officer",
    "me_officer",
    "country_coordinator",
    "coordinator",
    "admin",
]


def _csv(response):
    content = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(content)))


def test_anonymous_goes_to_login(client):
    response = client.get(REGISTRY)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("role", ["company_rep", "plain_user"])
def test_companies_and_users_without_a_un_role_are_refused(as_role, role, wfp_interest):
    _user, client = as_role(role)
    assert client.get(REGISTRY).status_code == 403
    assert client.get(REGISTRY, {"format": "csv"}).status_code == 403


@pytest.mark.parametrize("role", UN_STAFF)
def test_un_staff_see_every_entitys_engagements(as_role, role, wfp_interest, other_entity, offer):
    entity_interest(offer, other_entity)
    _user, client = as_role(role)
    response = client.get(REGISTRY)
    assert response.status_code == 200
    rows = response.context["page_obj"].object_list
    assert {(r.entity.acronym, r.kind) for r in rows} == {
        ("WFP", "interest"),
        ("UNHCR", "interest"),
    }
    assert all(r.shared for r in rows)
    assert b"several entities" in response.content


def test_filters_are_applied(as_role, wfp_interest, other_entity, offer):
    entity_interest(offer, other_entity)
    InterestFactory(need=wfp_interest.need, organisation=OrganisationFactory(legal_name="Solo SA"))
    _user, client = as_role("focal_point")

    def organisations(**params):
        response = client.get(REGISTRY, params)
        return sorted(r.organisation.legal_name for r in response.context["page_obj"].object_list)

    assert organisations(entity="UNHCR") == ["Trucks for Good Ltd"]
    assert organisations(q="solo") == ["Solo SA"]
    assert organisations(shared="on") == ["Trucks for Good Ltd", "Trucks for Good Ltd"]
    assert organisations(kind="screening") == []
    assert organisations(country="KE") == ["Solo SA", "Trucks for Good Ltd", "Trucks for Good Ltd"]


def test_a_bad_filter_value_is_reported_not_a_server_error(as_role, wfp_interest):
    _user, client = as_role("focal_point")
    response = client.get(REGISTRY, {"entity": "NOPE", "kind": "friendship", "country": "ZZ"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"entity", "kind", "country"}
    assert len(response.context["page_obj"].object_list) == 1


def test_the_page_is_paginated(as_role, entity, settings):
    settings.PAGE_SIZE = 2
    need = NeedFactory(entity=entity)
    for _ in range(3):
        InterestFactory(need=need)
    _user, client = as_role("focal_point")
    response = client.get(REGISTRY)
    assert len(response.context["page_obj"].object_list) == 2
    assert len(client.get(REGISTRY, {"page": 2}).context["page_obj"].object_list) == 1


def test_csv_export_streams_every_filtered_row_not_one_page(
    as_role, entity, other_entity, offer, settings
):
    settings.PAGE_SIZE = 2
    need = NeedFactory(entity=entity, title="Trucks for Port Sudan")
    for _ in range(3):
        InterestFactory(need=need)
    entity_interest(offer, other_entity)
    _user, client = as_role("coordinator")

    response = client.get(REGISTRY, {"format": "csv", "entity": "WFP", "page": 2})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "engagement-registry.csv" in response["Content-Disposition"]
    rows = _csv(response)
    assert len(rows) == 3
    assert {r["entity"] for r in rows} == {"WFP"}
    assert rows[0]["kind"] == "interest"
    assert rows[0]["label"] == "Trucks for Port Sudan"
    assert rows[0]["status"] == "open"
    assert rows[0]["shared"] == "no"
    assert rows[0]["url"].startswith(settings.SITE_ROOT + "/marketplace/needs/")


def test_csv_cells_that_a_spreadsheet_would_run_are_written_as_text(as_role, entity):
    sneaky = OrganisationFactory(legal_name='=HYPERLINK("http://evil.example")')
    InterestFactory(need=NeedFactory(entity=entity), organisation=sneaky)
    _user, client = as_role("coordinator")
    [row] = _csv(client.get(REGISTRY, {"format": "csv"}))
    assert row["organisation"].startswith("'=")


def test_a_draft_of_another_entity_shows_without_title(as_role, entity, organisation):
    PartnerFactory(
        partnership=PartnershipFactory(lead_entity=entity, title="Secret plan"),
        organisation=organisation,
    )
    _user, client = as_role("other_focal_point")
    response = client.get(REGISTRY)
    assert b"Secret plan" not in response.content
    assert b"Draft partnership proposal" in response.content
    assert b"Secret plan" not in b"".join(client.get(REGISTRY, {"format": "csv"}).streaming_content)


@pytest.mark.parametrize("rows", [1, 50])
def test_query_count_does_not_grow_with_rows(
    as_role, entity, other_entity, rows, django_assert_max_num_queries, settings
):
    settings.PAGE_SIZE = 500
    need = NeedFactory(entity=entity)
    for _ in range(rows):
        organisation = OrganisationFactory()
        InterestFactory(need=need, organisation=organisation)
        OfferRouteFactory(
            offer=OfferFactory(organisation=organisation),
            entity=other_entity,
            status="in_discussion",
        )
        screening_of(organisation, entity, status="in_review")
        partnership = PartnershipFactory(lead_entity=entity, status="active")
        partnership.participating_entities.add(other_entity)
        PartnerFactory(partnership=partnership, organisation=organisation)
    _user, client = as_role("focal_point")
    with django_assert_max_num_queries(11):
        response = client.get(REGISTRY)
    assert len(response.context["page_obj"].object_list) == 5 * rows
    with django_assert_max_num_queries(8):
        assert len(_csv(client.get(REGISTRY, {"format": "csv"}))) == 5 * rows
