from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from partnerhub.core.models import AuditEvent
from partnerhub.organisations.tests.factories import OrganisationFactory
from partnerhub.partnerships import services
from partnerhub.partnerships.models import Contribution, Partnership
from partnerhub.partnerships.tests.factories import ContributionFactory


def test_focal_point_adds_and_removes_a_partner(partnership, focal_point):
    other = OrganisationFactory(legal_name="Ocean Foundation")
    partner = services.partner_add(
        partnership=partnership, actor=focal_point, organisation=other, role="other"
    )
    assert partner.get_role_display() == "Other partner"
    services.partner_remove(partner=partner, actor=focal_point)
    assert list(AuditEvent.objects.order_by("id").values_list("verb", flat=True)) == [
        "partnership.partner_added",
        "partnership.partner_removed",
    ]


def test_a_partner_is_added_once(partnership, focal_point, organisation):
    with pytest.raises(ValidationError, match="already a partner"):
        services.partner_add(
            partnership=partnership, actor=focal_point, organisation=organisation, role="private"
        )


@pytest.mark.parametrize("role", ["company_rep", "screening_officer", "other_focal_point"])
def test_others_cannot_change_partners(request, partnership, role):
    with pytest.raises(PermissionDenied):
        services.partner_add(
            partnership=partnership,
            actor=request.getfixturevalue(role),
            organisation=OrganisationFactory(),
            role="private",
        )


def test_partners_are_fixed_after_the_proposal(partnership, focal_point):
    Partnership.objects.filter(pk=partnership.pk).update(status="due_diligence")
    partnership.refresh_from_db()
    with pytest.raises(ValidationError, match="only as a draft or a proposal"):
        services.partner_add(
            partnership=partnership,
            actor=focal_point,
            organisation=OrganisationFactory(),
            role="private",
        )


def test_contributions_of_a_partner_and_of_the_lead_entity(partnership, focal_point, entity):
    partner = partnership.partners.get()
    cash = services.contribution_add(
        partnership=partnership,
        actor=focal_point,
        data={"partner": partner, "kind": "cash", "amount": Decimal("10"), "currency": "eur"},
    )
    hours = services.contribution_add(
        partnership=partnership,
        actor=focal_point,
        data={
            "entity": entity,
            "kind": "pro_bono_hours",
            "amount": Decimal("8"),
            "currency": "USD",
        },
    )
    assert cash.currency == "EUR"
    assert hours.currency == ""  # hours have no currency
    assert hours.contributor == entity.acronym


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "cash", "amount": Decimal("10"), "currency": "US"}, "ISO 4217"),
        ({"kind": "cash", "amount": Decimal("0"), "currency": "USD"}, "above zero"),
        ({"kind": "gift", "amount": Decimal("1"), "currency": "USD"}, "Unknown kind"),
    ],
)
def test_bad_contributions_are_refused(partnership, focal_point, data, message):
    with pytest.raises(ValidationError, match=message):
        services.contribution_add(
            partnership=partnership,
            actor=focal_point,
            data={"partner": partnership.partners.get(), **data},
        )
    assert not Contribution.objects.exists()


def test_a_contribution_needs_exactly_one_contributor_taking_part(
    partnership, focal_point, other_entity
):
    base = {"kind": "cash", "amount": Decimal("1"), "currency": "USD"}
    with pytest.raises(ValidationError, match="either a partner"):
        services.contribution_add(partnership=partnership, actor=focal_point, data=base)
    with pytest.raises(ValidationError, match="does not take part"):
        services.contribution_add(
            partnership=partnership, actor=focal_point, data={**base, "entity": other_entity}
        )


def test_contribution_pages(as_role, partnership):
    partner = partnership.partners.get()
    _user, client = as_role("focal_point")
    url = reverse("partnerships:contribution_add", args=[partnership.pk])
    response = client.post(
        url,
        {"contributor": f"p{partner.pk}", "kind": "in_kind", "amount": "250", "currency": "usd"},
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert (contribution.kind, contribution.currency) == ("in_kind", "USD")
    response = client.post(
        url, {"contributor": f"p{partner.pk}", "kind": "cash", "amount": "5", "currency": "X"}
    )
    assert response.status_code == 400
    remove = reverse("partnerships:contribution_remove", args=[partnership.pk, contribution.pk])
    assert client.post(remove).status_code == 302
    assert not Contribution.objects.exists()


def test_partner_pages_refuse_a_company(as_role, partnership):
    contribution = ContributionFactory(partner=partnership.partners.get())
    _user, client = as_role("company_rep")
    add = reverse("partnerships:partner_add", args=[partnership.pk])
    assert (
        client.post(add, {"organisation": OrganisationFactory().pk, "role": "private"}).status_code
        == 403
    )
    assert client.post(add, {}).status_code == 403
    remove = reverse("partnerships:contribution_remove", args=[partnership.pk, contribution.pk])
    assert client.post(remove).status_code == 403
    assert Contribution.objects.exists()


def test_partner_pages_for_the_focal_point(as_role, partnership):
    _user, client = as_role("focal_point")
    other = OrganisationFactory()
    add = reverse("partnerships:partner_add", args=[partnership.pk])
    assert client.post(add, {"organisation": other.pk, "role": "other"}).status_code == 302
    partner = partnership.partners.get(organisation=other)
    remove = reverse("partnerships:partner_remove", args=[partnership.pk, partner.pk])
    assert client.post(remove).status_code == 302
    assert not partnership.partners.filter(organisation=other).exists()


@pytest.mark.parametrize("code", ["XYZ", "US", "usd1"])
def test_a_currency_must_be_an_iso_4217_code_in_use(partnership, focal_point, code):
    with pytest.raises(ValidationError, match="ISO 4217"):
        services.contribution_add(
            partnership=partnership,
            actor=focal_point,
            data={
                "partner": partnership.partners.get(),
                "kind": "cash",
                "amount": Decimal("10"),
                "currency": code,
            },
        )
