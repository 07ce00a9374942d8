"""The demo data set. Loading it takes seconds (it routes 120 offers), so one test loads it
twice (idempotency) and checks everything else on that data."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from partnerhub.accounts.models import Role, User
from partnerhub.accounts.predicates import is_rep_of_organisation
from partnerhub.core.demo import DEMO_USERS, load_demo
from partnerhub.organisations.models import Organisation


def test_it_loads_every_role_and_is_idempotent(db, client):
    first = load_demo()
    second = load_demo()
    assert first == second
    assert first["entities"] == 169
    # 5 fictional organisations + the 101 owners of the DPG-registry offers.
    assert first["organisations"] == 106
    assert first["sanctions_list_entries"] == 1009
    assert first["users"] == len(DEMO_USERS)
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


def test_the_command_refuses_production(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo")
