"""Editing a draft through the API: the partnership, its partners and its contributions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from partnerhub.accounts.services import api_token_create
from partnerhub.core.models import AuditEvent
from partnerhub.organisations.tests.factories import OrganisationFactory
from partnerhub.partnerships.models import Contribution, Partnership, PartnershipPartner
from partnerhub.partnerships.tests.factories import ContributionFactory

BASE = "/api/partnerships"


class Api:
    def __init__(self, user):
        self.client = Client()
        self.headers = {}
        if user is not None:
            _token, secret = api_token_create(user=user, name="test")
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"

    def get(self, path=""):
        return self.client.get(BASE + path, **self.headers)

    def _send(self, method, path, body):
        return getattr(self.client, method)(
            BASE + path, body or {}, content_type="application/json", **self.headers
        )

    def post(self, path="", body=None):
        return self._send("post", path, body)

    def patch(self, path="", body=None):
        return self._send("patch", path, body)

    def delete(self, path=""):
        return self.client.delete(BASE + path, **self.headers)


def _partner(partnership):
    return partnership.partners.get()


# --- PATCH /partnerships/{id} -------------------------------------------------------------------


def test_it_changes_only_the_fields_given(focal_point, partnership, other_entity):
    summary = partnership.summary
    response = Api(focal_point).patch(
        f"/{partnership.pk}",
        {
            "title": "  Renamed  ",
            "partnership_type": "humanitarian-response",
            "participating_entities": ["unhcr"],
            "countries": ["ke", "SD"],
            "sdgs": [2],
            "sdg_targets": ["2.1"],
            "starts_on": "2027-01-01",
            "confidentiality": "un_only",
        },
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["title"] == "Renamed"
    assert body["summary"] == summary
    assert body["partnership_type"] == "humanitarian-response"
    assert body["participating_entities"] == ["UNHCR"]
    assert sorted(body["countries"]) == ["KE", "SD"]
    assert (body["sdgs"], body["sdg_targets"]) == ([2], ["2.1"])
    assert (body["starts_on"], body["ends_on"]) == ("2027-01-01", None)
    assert body["confidentiality"] == "un_only"
    assert AuditEvent.objects.filter(verb="partnership.updated").exists()


def test_it_clears_a_type_with_null_and_lists_with_empty(focal_point, partnership):
    api = Api(focal_point)
    api.patch(f"/{partnership.pk}", {"partnership_type": "innovative-financing", "sdgs": [2]})
    body = api.patch(f"/{partnership.pk}", {"partnership_type": None, "sdgs": []}).json()
    assert (body["partnership_type"], body["sdgs"]) == (None, [])


def test_it_names_every_unknown_code(focal_point, partnership):
    response = Api(focal_point).patch(
        f"/{partnership.pk}",
        {
            "partnership_type": "joint-venture",
            "participating_entities": ["WFP", "XYZ"],
            "countries": ["KE", "QQ"],
            "sdgs": [2, 18],
            "sdg_targets": ["2.1", "99.9"],
        },
    )
    assert response.status_code == 400
    body = response.json()
    for unknown in ("joint-venture", "XYZ", "QQ", "18", "99.9"):
        assert unknown in body["detail"]
    assert set(body["errors"]) == {
        "partnership_type",
        "participating_entities",
        "countries",
        "sdgs",
        "sdg_targets",
    }
    partnership.refresh_from_db()
    assert partnership.partnership_type is None
    assert not partnership.countries.exists()


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"title": None}, 400, "title cannot be null"),
        ({"title": "   "}, 400, "Give the partnership a title"),
        ({"confidentiality": "secret"}, 400, "secret"),
        ({"starts_on": "2027-02-01", "ends_on": "2027-01-01"}, 400, "end date is before"),
        ({"sdgs": [3], "sdg_targets": ["2.1"]}, 400, "2.1"),
        ({"starts_on": "someday"}, 422, "starts_on"),
        ({"sdgs": "two"}, 422, "sdgs"),
    ],
)
def test_it_refuses_bad_values(focal_point, partnership, body, status, words):
    title = partnership.title
    response = Api(focal_point).patch(f"/{partnership.pk}", body)
    assert response.status_code == status
    assert words in response.json()["detail"]
    partnership.refresh_from_db()
    assert partnership.title == title


def test_it_checks_dates_against_the_stored_ones(focal_point, partnership):
    api = Api(focal_point)
    assert api.patch(f"/{partnership.pk}", {"ends_on": "2027-01-01"}).status_code == 200
    response = api.patch(f"/{partnership.pk}", {"starts_on": "2027-06-01"})
    assert response.status_code == 400
    assert "end date is before" in response.json()["detail"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("company_rep", 403),
        ("other_focal_point", 404),
        ("screening_officer", 403),
        ("plain_user", 404),
    ],
)
def test_who_may_not_change_it(request, partnership, role, status):
    user = request.getfixturevalue(role)
    response = Api(user).patch(f"/{partnership.pk}", {"title": "Mine now"})
    assert response.status_code == status
    assert response.json()["detail"]
    partnership.refresh_from_db()
    assert partnership.title != "Mine now"


def test_without_a_token_401(partnership):
    assert Api(None).patch(f"/{partnership.pk}", {"title": "x"}).status_code == 401


def test_an_unknown_partnership_404(focal_point):
    assert Api(focal_point).patch("/999999", {"title": "x"}).status_code == 404


def test_a_proposal_can_still_be_changed(focal_point, partnership):
    Partnership.objects.filter(pk=partnership.pk).update(status="proposed")
    assert Api(focal_point).patch(f"/{partnership.pk}", {"title": "Better"}).status_code == 200


def test_it_is_not_editable_after_the_proposal(focal_point, partnership, organisation):
    contribution = ContributionFactory(partner=_partner(partnership))
    Partnership.objects.filter(pk=partnership.pk).update(status="due_diligence")
    api = Api(focal_point)
    refusals = [
        api.patch(f"/{partnership.pk}", {"title": "Late"}),
        api.post(
            f"/{partnership.pk}/partners",
            {"organisation_id": OrganisationFactory().pk, "role": "other"},
        ),
        api.delete(f"/{partnership.pk}/partners/{_partner(partnership).pk}"),
        api.post(
            f"/{partnership.pk}/contributions",
            {"entity": "WFP", "kind": "cash", "amount": "10", "currency": "USD"},
        ),
        api.delete(f"/{partnership.pk}/contributions/{contribution.pk}"),
    ]
    for response in refusals:
        assert response.status_code == 400
        assert "due diligence" in response.json()["detail"]
        assert "only as a draft or a proposal" in response.json()["detail"]
    assert partnership.partners.count() == 1
    assert partnership.contributions.count() == 1


# --- Partners -----------------------------------------------------------------------------------


def test_it_adds_a_partner(focal_point, partnership):
    other = OrganisationFactory(legal_name="Solar Co")
    response = Api(focal_point).post(
        f"/{partnership.pk}/partners", {"organisation_id": other.pk, "role": "other"}
    )
    assert response.status_code == 201
    body = response.json()
    added = partnership.partners.get(organisation=other)
    assert body == {
        "id": added.pk,
        "organisation_id": other.pk,
        "organisation": "Solar Co",
        "role": "other",
    }
    detail = Api(focal_point).get(f"/{partnership.pk}").json()
    assert added.pk in [p["id"] for p in detail["partners"]]


def test_the_role_defaults_to_private(focal_point, partnership):
    other = OrganisationFactory()
    response = Api(focal_point).post(f"/{partnership.pk}/partners", {"organisation_id": other.pk})
    assert response.json()["role"] == "private"


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"organisation_id": 999999}, 400, "No organisation has the id 999999"),
        ({"role": "sponsor"}, 400, "Unknown partner role"),
        ({}, 422, "organisation_id"),
        ({"organisation_id": 0}, 422, "organisation_id"),
    ],
)
def test_it_refuses_a_bad_partner(focal_point, partnership, body, status, words):
    if "role" in body:
        body["organisation_id"] = OrganisationFactory().pk
    response = Api(focal_point).post(f"/{partnership.pk}/partners", body)
    assert response.status_code == status
    assert words in response.json()["detail"]
    assert partnership.partners.count() == 1


def test_the_same_organisation_twice_400(focal_point, partnership, organisation):
    response = Api(focal_point).post(
        f"/{partnership.pk}/partners", {"organisation_id": organisation.pk}
    )
    assert response.status_code == 400
    assert "Trucks for Good Ltd is already a partner" in response.json()["detail"]


@pytest.mark.parametrize(("role", "status"), [("company_rep", 403), ("other_focal_point", 404)])
def test_who_may_not_add_a_partner(request, partnership, role, status):
    response = Api(request.getfixturevalue(role)).post(
        f"/{partnership.pk}/partners", {"organisation_id": OrganisationFactory().pk}
    )
    assert response.status_code == status
    assert partnership.partners.count() == 1


def test_it_removes_a_partner(focal_point, partnership):
    partner = _partner(partnership)
    response = Api(focal_point).delete(f"/{partnership.pk}/partners/{partner.pk}")
    assert response.status_code == 204
    assert not partnership.partners.exists()
    assert AuditEvent.objects.filter(verb="partnership.partner_removed").exists()


def test_a_partner_of_another_partnership_404(focal_point, partnership, entity):
    from partnerhub.partnerships.tests.factories import PartnerFactory, PartnershipFactory

    elsewhere = PartnerFactory(partnership=PartnershipFactory(lead_entity=entity))
    api = Api(focal_point)
    assert api.delete(f"/{partnership.pk}/partners/{elsewhere.pk}").status_code == 404
    assert api.delete(f"/{partnership.pk}/partners/{2**63}").status_code == 404
    assert PartnershipPartner.objects.filter(pk=elsewhere.pk).exists()


@pytest.mark.parametrize(("role", "status"), [("company_rep", 403), ("other_focal_point", 404)])
def test_who_may_not_remove_a_partner(request, partnership, role, status):
    partner = _partner(partnership)
    response = Api(request.getfixturevalue(role)).delete(f"/{partnership.pk}/partners/{partner.pk}")
    assert response.status_code == status
    assert partnership.partners.count() == 1


# --- Contributions ------------------------------------------------------------------------------


def test_it_adds_a_partners_contribution(focal_point, partnership):
    partner = _partner(partnership)
    response = Api(focal_point).post(
        f"/{partnership.pk}/contributions",
        {
            "partner_id": partner.pk,
            "kind": "in_kind",
            "amount": "2500.50",
            "currency": "eur",
            "description": "Two trucks",
        },
    )
    assert response.status_code == 201
    contribution = partnership.contributions.get()
    assert response.json() == {
        "id": contribution.pk,
        "contributor": "Trucks for Good Ltd",
        "kind": "in_kind",
        "amount": "2500.50",
        "currency": "EUR",
        "description": "Two trucks",
    }
    assert contribution.partner == partner


def test_it_adds_an_entitys_contribution_given_as_a_number(focal_point, partnership):
    response = Api(focal_point).post(
        f"/{partnership.pk}/contributions",
        {"entity": "wfp", "kind": "pro_bono_hours", "amount": 40, "currency": "USD"},
    )
    assert response.status_code == 201
    contribution = Contribution.objects.get()
    assert (contribution.entity.acronym, contribution.amount) == ("WFP", Decimal(40))
    assert contribution.currency == ""


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"kind": "cash", "amount": "10", "currency": "USD"}, 400, "either a partner"),
        ({"entity": "XYZ", "kind": "cash", "amount": "10", "currency": "USD"}, 400, "XYZ"),
        (
            {"entity": "UNHCR", "kind": "cash", "amount": "10", "currency": "USD"},
            400,
            "does not take part",
        ),
        ({"partner_id": 999999, "kind": "cash", "amount": "10"}, 400, "no partner with the id"),
        ({"entity": "WFP", "kind": "gold", "amount": "10"}, 400, "Unknown kind"),
        ({"entity": "WFP", "kind": "cash", "amount": "10", "currency": "US"}, 400, "ISO 4217"),
        ({"entity": "WFP", "kind": "cash", "amount": "0", "currency": "USD"}, 422, "amount"),
        ({"entity": "WFP", "kind": "cash", "amount": "-5", "currency": "USD"}, 422, "amount"),
        ({"entity": "WFP", "kind": "cash", "amount": "1.234", "currency": "USD"}, 422, "amount"),
        ({"entity": "WFP", "kind": "cash", "amount": "lots", "currency": "USD"}, 422, "amount"),
        ({"entity": "WFP", "kind": "cash", "currency": "USD"}, 422, "amount"),
    ],
)
def test_it_refuses_a_bad_contribution(focal_point, partnership, other_entity, body, status, words):
    response = Api(focal_point).post(f"/{partnership.pk}/contributions", body)
    assert response.status_code == status
    assert words in response.json()["detail"]
    assert not Contribution.objects.exists()


def test_both_a_partner_and_an_entity_400(focal_point, partnership):
    response = Api(focal_point).post(
        f"/{partnership.pk}/contributions",
        {
            "partner_id": _partner(partnership).pk,
            "entity": "WFP",
            "kind": "cash",
            "amount": "10",
            "currency": "USD",
        },
    )
    assert response.status_code == 400
    assert "either a partner" in response.json()["detail"]


@pytest.mark.parametrize(("role", "status"), [("company_rep", 403), ("other_focal_point", 404)])
def test_who_may_not_add_a_contribution(request, partnership, role, status):
    response = Api(request.getfixturevalue(role)).post(
        f"/{partnership.pk}/contributions",
        {"partner_id": _partner(partnership).pk, "kind": "cash", "amount": "10", "currency": "USD"},
    )
    assert response.status_code == status
    assert not Contribution.objects.exists()


def test_it_removes_a_contribution(focal_point, partnership):
    contribution = ContributionFactory(partner=_partner(partnership))
    response = Api(focal_point).delete(f"/{partnership.pk}/contributions/{contribution.pk}")
    assert response.status_code == 204
    assert not Contribution.objects.exists()
    assert AuditEvent.objects.filter(verb="partnership.contribution_removed").exists()


def test_a_contribution_of_another_partnership_404(focal_point, partnership, entity):
    from partnerhub.partnerships.tests.factories import PartnerFactory, PartnershipFactory

    elsewhere = ContributionFactory(
        partner=PartnerFactory(partnership=PartnershipFactory(lead_entity=entity))
    )
    api = Api(focal_point)
    assert api.delete(f"/{partnership.pk}/contributions/{elsewhere.pk}").status_code == 404
    assert api.delete(f"/{partnership.pk}/contributions/{2**63}").status_code == 404
    assert Contribution.objects.filter(pk=elsewhere.pk).exists()


@pytest.mark.parametrize(("role", "status"), [("company_rep", 403), ("other_focal_point", 404)])
def test_who_may_not_remove_a_contribution(request, partnership, role, status):
    contribution = ContributionFactory(partner=_partner(partnership))
    response = Api(request.getfixturevalue(role)).delete(
        f"/{partnership.pk}/contributions/{contribution.pk}"
    )
    assert response.status_code == status
    assert Contribution.objects.filter(pk=contribution.pk).exists()


# --- The whole way ------------------------------------------------------------------------------


def test_a_draft_is_completed_and_proposed_through_the_api_only(
    focal_point, company_rep, entity, organisation
):
    api = Api(focal_point)
    created = api.post(body={"entity": "WFP", "title": "Cold chain for school meals"})
    assert created.status_code == 201
    partnership_id = created.json()["id"]

    refused = api.post(f"/{partnership_id}/transition", {"to": "proposed"})
    assert refused.status_code == 400
    assert "add at least one private partner" in refused.json()["detail"]

    changed = api.patch(
        f"/{partnership_id}",
        {"summary": "Refrigerated trucks for school meals.", "sdgs": [2], "countries": ["KE"]},
    )
    assert changed.status_code == 200
    assert (
        changed.json()["blocked"]["proposed"]
        == "Before proposing, add at least one private partner."
    )

    partner = api.post(f"/{partnership_id}/partners", {"organisation_id": organisation.pk})
    assert partner.status_code == 201
    contribution = api.post(
        f"/{partnership_id}/contributions",
        {
            "partner_id": partner.json()["id"],
            "kind": "cash",
            "amount": 15000,
            "currency": "USD",
        },
    )
    assert contribution.status_code == 201
    detail = api.get(f"/{partnership_id}").json()
    assert detail["blocked"] == {}
    assert detail["contributions"][0]["id"] == contribution.json()["id"]

    moved = api.post(f"/{partnership_id}/transition", {"to": "proposed", "note": "Ready"})
    assert moved.status_code == 200
    assert moved.json()["partnership"]["status"] == "proposed"
    # Once proposed, the company may read it.
    seen = Api(company_rep).get(f"/{partnership_id}").json()
    assert seen["contributions"][0]["amount"] == "15000.00"
