from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from partnerhub.marketplace.models import OfferRoute
from partnerhub.marketplace.tests.factories import OfferRouteFactory, days_ago

pytestmark = pytest.mark.django_db


def run():
    out = StringIO()
    call_command("flag_overdue_offers", stdout=out)
    return out.getvalue()


def test_it_flags_overdue_routes_once(entity, coordinator):
    overdue = OfferRouteFactory(entity=entity, received_at=days_ago(30))
    OfferRouteFactory(entity=entity, received_at=days_ago(1))
    OfferRouteFactory(
        entity=entity, received_at=days_ago(30), status="acknowledged", acknowledged_at=days_ago(2)
    )
    assert run() == "Flagged 1 overdue offer route(s).\n"
    overdue.refresh_from_db()
    assert overdue.overdue_flagged_at is not None
    assert run() == "No newly overdue offer routes.\n"


def test_nothing_to_flag(db):
    assert run() == "No newly overdue offer routes.\n"
    assert not OfferRoute.objects.exists()
