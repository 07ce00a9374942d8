from __future__ import annotations

import pytest

from partnerhub.core.models import AuditEvent
from partnerhub.marketplace.models import Need
from partnerhub.portal.models import CountryProfile
from partnerhub.portal.services import country_profile_update
from partnerhub.vocabularies.models import Country

pytestmark = pytest.mark.django_db


def test_index_lists_countries_with_public_partnerships_and_counts(client, portfolio):
    response = client.get("/countries/")
    assert response.status_code == 200
    rows = {c.iso2: c for c in response.context["countries"]}
    # The confidential, proposed and draft partnerships in Sudan are not counted.
    assert rows["SD"].partnership_count == 1
    assert rows["KE"].partnership_count == 1
    assert "FR" not in rows


def test_index_search_by_name(client, portfolio):
    rows = client.get("/countries/?q=ken").context["countries"]
    assert [c.iso2 for c in rows] == ["KE"]
    assert "No country" in client.get("/countries/?q=atlantis").content.decode()


def test_country_page_shows_public_partnerships_needs_and_presence(client, portfolio, entity):
    need = Need.objects.create(
        entity=entity,
        title="Solar pumps for Darfur",
        description="d",
        status="open",
        visibility="public",
    )
    need.countries.add("SD")
    hidden = Need.objects.create(
        entity=entity, title="Internal need", description="d", status="open", visibility="un_only"
    )
    hidden.countries.add("SD")
    response = client.get("/countries/sd/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hibiscus farmers training" in body
    assert "Confidential staff secondment" not in body
    assert "Proposed solar kiosks" not in body
    assert "Solar pumps for Darfur" in body
    assert "Internal need" not in body
    assert response.context["page"].entities == [entity]
    assert "Not recorded yet" in body


@pytest.mark.parametrize("code", ["xx", "zz", "SDN"])
def test_unknown_country_is_not_found(client, portfolio, code):
    assert client.get(f"/countries/{code}/").status_code == 404


def test_country_coordinator_edits_own_country(client, country_coordinator):
    client.force_login(country_coordinator)
    response = client.post(
        "/countries/sd/edit/",
        {
            "rc_office_name": "Office of the UN Resident Coordinator in Sudan",
            "rc_office_url": "https://sudan.un.org",
            "rc_office_email": "",
            "gc_network_name": "",
            "gc_network_url": "",
            "gc_network_email": "",
            "introduction": "",
        },
    )
    assert response.status_code == 302
    profile = CountryProfile.objects.get(country_id="SD")
    assert profile.rc_office_url == "https://sudan.un.org"
    event = AuditEvent.objects.get(verb="country_page.updated")
    assert set(event.details["fields"]) == {"rc_office_name", "rc_office_url"}
    body = client.get("/countries/sd/").content.decode()
    assert "Office of the UN Resident Coordinator in Sudan" in body


def test_invalid_contact_is_refused_and_nothing_saved(client, country_coordinator):
    client.force_login(country_coordinator)
    response = client.post(
        "/countries/sd/edit/", {"rc_office_email": "not-an-address", "rc_office_url": "nope"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not CountryProfile.objects.exists()


def test_others_may_not_edit(client, country_coordinator, focal_point, company_rep):
    assert client.get("/countries/ke/edit/").status_code == 302  # anonymous: sign in first
    for user in (focal_point, company_rep):
        client.force_login(user)
        assert client.get("/countries/sd/edit/").status_code == 403
    client.force_login(country_coordinator)
    assert client.get("/countries/ke/edit/").status_code == 403
    assert client.get("/countries/sd/edit/").status_code == 200


def test_service_refuses_unknown_fields_and_records_nothing_when_unchanged(coordinator):
    sudan = Country.objects.get(iso2="SD")
    with pytest.raises(Exception, match="Unknown fields"):
        country_profile_update(actor=coordinator, country=sudan, data={"colour": "red"})
    country_profile_update(actor=coordinator, country=sudan, data={"gc_network_name": "GCNet"})
    country_profile_update(actor=coordinator, country=sudan, data={"gc_network_name": "GCNet "})
    assert AuditEvent.objects.filter(verb="country_page.updated").count() == 1


def test_coordinator_may_edit_any_country(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/countries/ke/edit/").status_code == 200
