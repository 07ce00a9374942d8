"""The demo data set. Loading it takes tens of seconds (it routes 120 offers and walks 24
partnerships through their lifecycle), so one test loads it twice (idempotency) and checks
everything else on that data: the roles, the marketplace and the partnerships."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from partnerhub.accounts.models import Role, User
from partnerhub.accounts.predicates import is_rep_of_organisation
from partnerhub.core.demo import DEMO_USERS, load_demo
from partnerhub.organisations.models import Organisation
from partnerhub.partnerships.demo import _load as load_partnerships_data

PARTNERSHIPS = load_partnerships_data()


def test_it_loads_every_role_and_is_idempotent(db, client):
    first = load_demo()
    second = load_demo()
    assert first == second
    assert first["entities"] == 169
    # 5 fictional organisations + the 101 owners of the DPG-registry offers + the partners of
    # the demo partnerships.
    assert first["organisations"] == 106 + len(PARTNERSHIPS["organisations"])
    assert first["partnerships"] == len(PARTNERSHIPS["partnerships"]) == 24
    assert first["sanctions_list_entries"] == 1009
    # The demo users, plus a focal point for each entity leading a demo partnership that
    # has none among them.
    leads = {p["lead_entity"] for p in PARTNERSHIPS["partnerships"]} - {"WFP", "UNDP"}
    assert first["users"] == len(DEMO_USERS) + len(leads)
    assert first["needs"] == 44
    assert first["offers"] == 120
    # Most offers reach three entities; an offer no profiled mandate fits reaches fewer.
    assert 2 * 120 <= first["offer_routes"] <= 3 * 120
    roles = set(
        User.objects.filter(email__endswith="@demo.partnerhub.org").values_list(
            "memberships__role", flat=True
        )
    )
    assert set(Role.values) <= roles

    # Representatives represent their (fictional) company.
    rep = User.objects.get(email="rep.haulage@demo.partnerhub.org")
    haulage = Organisation.objects.get(legal_name="Rift Valley Haulage Ltd")
    assert is_rep_of_organisation(rep, haulage)
    assert "Fictional" in haulage.description

    # UN staff represent no demo company.
    coordinator = User.objects.get(email="coordinator@demo.partnerhub.org")
    assert not coordinator.memberships.filter(role=Role.COMPANY_REP).exists()

    # Demo users can sign in with the published password.
    assert client.login(email="focal.wfp@demo.partnerhub.org", password="partnerhub-demo")

    _check_marketplace()
    _check_partnerships()
    client.logout()
    for language in ("en", "ar"):
        _crawl_public_pages(client, language)


def _check_partnerships():
    """Every lifecycle state is on show, the report's twelve boxes among them, each walked
    through the services, so every move is on the partnership's timeline."""
    from partnerhub.core.models import AuditEvent
    from partnerhub.partnerships.models import Partnership
    from partnerhub.results.selectors import closure_problems, design_kpi_problem

    assert set(Partnership.objects.values_list("status", flat=True)) == set(
        Partnership.Status.values
    )
    for item in PARTNERSHIPS["partnerships"]:
        partnership = Partnership.objects.get(title=item["title"])
        assert partnership.status == item["state"], item["key"]
        moves = AuditEvent.objects.filter(
            verb="partnership.status_changed", target_id=str(partnership.pk)
        ).filter(target_type__model="partnership")
        assert moves.count() == len(item["history"]) - 1, item["key"]
        reached = set(item["history"])
        if "agreement" in reached:
            assert design_kpi_problem(partnership) == "", item["key"]
        if "active" in reached:
            assert partnership.signed_agreement and partnership.signed_on, item["key"]
        if partnership.status == "closed":
            assert closure_problems(partnership) == [], item["key"]
    boxes = {
        item["source"]["box"]
        for item in PARTNERSHIPS["partnerships"]
        if item["provenance"] == "report"
    }
    assert boxes == set(range(1, 13))


def test_the_command_refuses_production(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo")


def _check_marketplace():
    """Journeys 1 and 2 are walkable: real records with their sources, routed offers, and a
    fictional need/offer pair that match."""
    from partnerhub.marketplace import engine
    from partnerhub.marketplace.models import Need, Offer, OfferRoute

    # Every record says where it comes from, apart from its own words.
    for listing in list(Need.objects.all()) + list(Offer.objects.all()):
        assert "Fictional" in listing.provenance or "http" in listing.provenance, listing.title
        assert "Fictional" not in listing.description

    # Every submitted offer went somewhere, with reasons.
    for offer in Offer.objects.filter(status="submitted"):
        routes = list(offer.routes.all())
        assert routes, offer.title
        assert all(route.reasons for route in routes)

    # Journey 1: the haulage offer reached WFP, which acknowledged it.
    route = OfferRoute.objects.get(
        offer__title__startswith="Refrigerated trucks", entity__acronym="WFP"
    )
    assert route.status == "acknowledged"

    # Journey 2: the hibiscus need finds the hibiscus offer first.
    need = Need.objects.get(title__startswith="Agronomy training for women hibiscus")
    ranked = engine.matching_offers(need)
    assert ranked[0].object.title.startswith("Buying contracts and post-harvest training")


# Links not followed by the crawl: sign-out and admin, the API (its own tests), the PDF report
# (a few seconds each; tests of its own), and the language switch.
NOT_CRAWLED = ("/accounts/logout", "/django-admin", "/api/", "/i18n/", "/dashboards/report.pdf")
CRAWL_LIMIT = 400


def _crawl_public_pages(client, language):
    """Journey 5 as an anonymous visitor: follow every internal link from the home page (up to
    CRAWL_LIMIT pages) and require that none fails. Sign-in pages count as fine."""
    import re
    from collections import deque

    client.cookies["django_language"] = language
    seen = {"/"}
    queue = deque(["/"])
    failures = []
    visited = 0
    while queue and visited < CRAWL_LIMIT:
        path = queue.popleft()
        response = client.get(path)
        visited += 1
        # A link the hub itself shows must not lead to an error or a missing page.
        if response.status_code not in (200, 302):
            failures.append((path, response.status_code))
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        if language == "ar":
            assert 'dir="rtl"' in body, path
        for link in re.findall(r'href="(/[^"#]*)', body):
            link = link.replace("&amp;", "&")
            if link.startswith(NOT_CRAWLED) or link in seen or "/static/" in link:
                continue
            seen.add(link)
            queue.append(link)
    assert not failures, failures
    assert visited >= 100, visited
