from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from partnerhub.accounts.models import Role, User
from partnerhub.accounts.predicates import is_rep_of_organisation
from partnerhub.core.demo import DEMO_USERS, load_demo
from partnerhub.organisations.models import Organisation


def test_it_loads_every_role_and_is_idempotent(db):
    first = load_demo()
    second = load_demo()
    assert first == second
    assert first["entities"] == 169
    # 5 fictional organisations + the 101 owners of the DPG-registry offers.
    assert first["organisations"] == 106
    assert first["needs"] == 44
    assert first["offers"] == 120
    # Most offers reach three entities; an offer no profiled mandate fits reaches fewer.
    assert 2 * 120 <= first["offer_routes"] <= 3 * 120
    assert first["sanctions_list_entries"] == 1009
    assert first["users"] == len(DEMO_USERS)
    roles = set(
        User.objects.filter(email__endswith="@demo.partnerhub.org").values_list(
            "memberships__role", flat=True
        )
    )
    assert set(Role.values) <= roles


def test_representatives_represent_their_company(db):
    load_demo()
    rep = User.objects.get(email="rep.haulage@demo.partnerhub.org")
    haulage = Organisation.objects.get(legal_name="Rift Valley Haulage Ltd")
    assert is_rep_of_organisation(rep, haulage)
    assert "Fictional" in haulage.description


def test_demo_users_can_sign_in(client, db):
    load_demo()
    assert client.login(email="focal.wfp@demo.partnerhub.org", password="partnerhub-demo")


def test_the_command_refuses_production(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo")


def test_un_staff_represent_no_demo_company(db):
    load_demo()
    coordinator = User.objects.get(email="coordinator@demo.partnerhub.org")
    assert not coordinator.memberships.filter(role=Role.COMPANY_REP).exists()
