"""The demo loader: real initiatives with their sources, illustrative commitments, events;
loading twice changes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from partnerhub.accounts.models import Role
from partnerhub.core.models import AuditEvent
from partnerhub.entities.tests.factories import UNEntityFactory
from partnerhub.initiatives import selectors
from partnerhub.initiatives.demo import load_initiatives_demo
from partnerhub.initiatives.models import Commitment, Event, Initiative
from partnerhub.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ENTITIES = ["EOSG", "UNGC", "ILO", "IOM", "OHCHR", "UNICEF", "UNODC", "UN-OHRLLS"]
ORGANISATIONS = {
    "Rift Valley Haulage Ltd": "KE",
    "Nile Hibiscus Traders Co.": "SD",
    "Kestrel Telecom plc": "GB",
    "Andes Solar Cooperativa S.A.": "PE",
}


@pytest.fixture
def demo_users(db):
    from partnerhub.accounts.tests.factories import MembershipFactory, UserFactory

    for acronym in ENTITIES:
        UNEntityFactory(acronym=acronym)
    organisations = {
        name: OrganisationFactory(legal_name=name, country_id=country)
        for name, country in ORGANISATIONS.items()
    }
    coordinator = UserFactory(email="coordinator@demo.example")
    MembershipFactory(user=coordinator, role=Role.SYSTEM_COORDINATOR)
    users = {"coordinator": coordinator}
    for local, name in (
        ("rep.haulage", "Rift Valley Haulage Ltd"),
        ("rep.hibiscus", "Nile Hibiscus Traders Co."),
    ):
        users[local] = UserFactory(email=f"{local}@demo.example")
        MembershipFactory(
            user=users[local], role=Role.COMPANY_REP, organisation=organisations[name]
        )
    return users


def test_the_demo_loads_once(demo_users, client):
    first = load_initiatives_demo(demo_users)
    audits = AuditEvent.objects.count()
    assert first == {"initiatives": 3, "initiative_members": 6, "events": 3, "commitments": 3}
    assert load_initiatives_demo(demo_users) == first
    assert AuditEvent.objects.count() == audits

    assert set(selectors.public_initiatives().values_list("slug", flat=True)) == {
        "every-woman-every-child",
        "global-compact-lead",
        "un-gift",
    }
    ewec = Initiative.objects.get(slug="every-woman-every-child")
    assert "Box 10" in ewec.provenance
    assert "Global Strategy for Women's and Children's Health" in ewec.description

    commitments = list(selectors.public_commitments())
    assert len(commitments) == 3 and all(c.is_illustrative for c in commitments)
    assert [c.title for c in selectors.stale_commitments()] == [
        "Forced-labour checks across our smallholder hibiscus suppliers"
    ]
    assert [c.title for c in commitments if c.is_completed] == [
        "A case study of our partnership model for the LEAD working group"
    ]

    today = timezone.localdate()
    past = Event.objects.filter(ends_on__lt=today, sessions__isnull=False).distinct().get()
    assert past.commitments.count() == 1 and past.participants.count() == 3
    assert Event.objects.filter(starts_on__gt=today).count() == 1

    for url in (
        "/initiatives/",
        ewec.get_absolute_url(),
        "/commitments/?state=stale",
        past.get_absolute_url(),
    ):
        assert client.get(url).status_code == 200
    assert "Box 10" in client.get(ewec.get_absolute_url()).content.decode()
    assert Commitment.objects.filter(progress_reports__isnull=False).distinct().count() == 3
