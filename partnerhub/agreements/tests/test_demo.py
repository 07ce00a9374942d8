"""load_agreements_demo on a small fixture shaped like the demo partnerships it picks (the
whole demo takes tens of seconds to load): agreements walked through the real services to
signature with the illustrative durations, idempotent, and the partnerships' status and the
agreement-stage partnership left as they were."""

from __future__ import annotations

import datetime

import pytest

from partnerhub.accounts.models import Role
from partnerhub.accounts.tests.factories import MembershipFactory, UserFactory
from partnerhub.agreements.demo import DEMO_AGREEMENTS, SIGNED_NOTE, load_agreements_demo
from partnerhub.agreements.models import Agreement
from partnerhub.agreements.selectors import time_to_signature_report
from partnerhub.agreements.services import agreement_generate, agreement_transition
from partnerhub.agreements.tests.factories import AgreementFactory
from partnerhub.core.models import AuditEvent
from partnerhub.entities.tests.factories import UNEntityFactory
from partnerhub.partnerships.models import Contribution, Partnership
from partnerhub.partnerships.tests.factories import PartnerFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

SIGNED_ON = {
    "Cold-chain transport for the measles catch-up campaign in Turkana": datetime.date(2025, 1, 20),
    "Technology Partnership for emergency telecommunications": datetime.date(2005, 1, 1),
    "Pro-Poor Hibiscus Value Chain Partnership (Sudan)": datetime.date(2011, 1, 15),
    "Project Laser Beam": datetime.date(2010, 12, 1),
}
LEADS = {
    "Cold-chain transport for the measles catch-up campaign in Turkana": "UNICEF",
    "Technology Partnership for emergency telecommunications": "WFP",
    "Pro-Poor Hibiscus Value Chain Partnership (Sudan)": "UNDP",
    "Project Laser Beam": "WFP",
}
AT_AGREEMENT = "Agronomy training and buying contracts for women hibiscus farmers"


def _member(role, email, entity):
    user = UserFactory(email=email)
    MembershipFactory(user=user, role=role, un_entity=entity)
    return user


@pytest.fixture
def demo(entity, focal_point, legal_officer, admin, organisation):
    """WFP (the conftest entity) with its focal point and legal officer, UNDP with both,
    UNICEF with a focal point only; the four partnerships past signature and UNDP's at the
    agreement stage."""
    undp = UNEntityFactory(acronym="UNDP", slug="undp", name="UN Development Programme")
    unicef = UNEntityFactory(acronym="UNICEF", slug="unicef", name="UNICEF")
    people = {
        "admin": admin,
        "focal.wfp": focal_point,
        "legal.wfp": legal_officer,
        "focal.undp": _member(Role.FOCAL_POINT, "focal@undp.example", undp),
        "legal.undp": _member(Role.LEGAL_OFFICER, "legal@undp.example", undp),
        "focal.unicef": _member(Role.FOCAL_POINT, "focal@unicef.example", unicef),
    }
    leads = {"WFP": entity, "UNDP": undp, "UNICEF": unicef}
    partnerships = {}
    for title, signed_on in SIGNED_ON.items():
        status = "closed" if LEADS[title] == "UNICEF" else "active"
        partnership = PartnershipFactory(
            title=title, lead_entity=leads[LEADS[title]], status=status, signed_on=signed_on
        )
        partner = PartnerFactory(partnership=partnership, organisation=organisation)
        Contribution.objects.create(
            partnership=partnership, partner=partner, kind="cash", amount=1000, currency="USD"
        )
        partnerships[title] = partnership
    partnerships[AT_AGREEMENT] = PartnershipFactory(
        title=AT_AGREEMENT, lead_entity=undp, status="agreement"
    )
    return people, partnerships


def _snapshot(partnerships):
    return {
        p.pk: (p.status, p.updated_at, p.signed_on)
        for p in Partnership.objects.filter(pk__in=[p.pk for p in partnerships.values()])
    }


def test_signs_through_the_desk_with_the_illustrative_durations(demo):
    people, partnerships = demo
    before = _snapshot(partnerships)

    assert load_agreements_demo(people) == {"signed_agreements": 4}

    report = time_to_signature_report()
    rows = {row["agreement"].partnership.title: row for row in report.rows}
    assert set(rows) == set(SIGNED_ON)
    for spec in DEMO_AGREEMENTS:
        row = rows[spec.title]
        assert row["signed_on"] == SIGNED_ON[spec.title]
        assert row["draft_to_signature_days"] == spec.draft_days
        assert row["sent_to_signature_days"] == spec.sent_days
        assert row["kind"] == spec.kind
        agreement = row["agreement"]
        assert agreement.language == spec.language
        assert agreement.signed_copy.read() == agreement.pdf.open("rb").read()
    assert sorted(r["draft_to_signature_days"] for r in report.rows) == [38, 61, 95, 120]
    assert {f.label for f in report.by_entity} == {"UNDP", "UNICEF", "WFP"}
    assert len({r["kind"] for r in report.rows}) == 4
    assert {r["agreement"].language for r in report.rows} == {"en", "fr"}

    # Status, lifecycle dates and last change of every partnership are as they were.
    assert _snapshot(partnerships) == before
    untouched = partnerships[AT_AGREEMENT]
    assert not Agreement.objects.filter(partnership=untouched).exists()
    assert not AuditEvent.objects.filter(target_id=str(untouched.pk)).exists()

    # Done by the people whose role it is: the focal point drafts, the legal officer (or the
    # administrator, where the entity has none) approves and signs; the note says it is demo.
    signed = AuditEvent.objects.filter(verb="agreement.signed")
    by_target = {e.target_id: e for e in signed}
    wfp = partnerships["Project Laser Beam"]
    assert by_target[str(wfp.pk)].actor == people["legal.wfp"]
    assert by_target[str(wfp.pk)].details["note"] == SIGNED_NOTE
    unicef = partnerships["Cold-chain transport for the measles catch-up campaign in Turkana"]
    assert by_target[str(unicef.pk)].actor == people["admin"]
    generated = AuditEvent.objects.get(verb="agreement.generated", target_id=str(unicef.pk))
    assert generated.actor == people["focal.unicef"]


def test_loading_twice_changes_nothing(demo):
    people, _partnerships = demo
    load_agreements_demo(people)
    agreements = list(Agreement.objects.order_by("pk").values())
    events = AuditEvent.objects.count()

    assert load_agreements_demo(people) == {"signed_agreements": 4}

    assert list(Agreement.objects.order_by("pk").values()) == agreements
    assert AuditEvent.objects.count() == events


def test_a_demo_title_at_the_agreement_stage_or_with_a_cancelled_agreement_is_left(demo):
    people, partnerships = demo
    hibiscus = partnerships["Pro-Poor Hibiscus Value Chain Partnership (Sudan)"]
    Partnership.objects.filter(pk=hibiscus.pk).update(status="agreement")
    laser = partnerships["Project Laser Beam"]
    cancelled = AgreementFactory(partnership=laser, status=Agreement.Status.CANCELLED)

    assert load_agreements_demo(people) == {"signed_agreements": 2}

    hibiscus.refresh_from_db()
    assert hibiscus.status == "agreement"
    assert not Agreement.objects.filter(partnership=hibiscus).exists()
    assert list(Agreement.objects.filter(partnership=laser)) == [cancelled]


def test_an_unfinished_demo_agreement_is_taken_on_from_where_it_stands(demo):
    people, partnerships = demo
    laser = partnerships["Project Laser Beam"]
    draft = AgreementFactory(partnership=laser, created_by=people["focal.wfp"])
    Partnership.objects.filter(pk=laser.pk).update(status="agreement")
    # Generated files are needed for the signed copy: regenerate through the service.
    laser.refresh_from_db()
    agreement_generate(
        partnership=laser,
        template=draft.template,
        language="en",
        optional_clause_ids=[],
        actor=people["focal.wfp"],
    )
    agreement_transition(agreement=draft, to="legal_review", actor=people["focal.wfp"])
    Partnership.objects.filter(pk=laser.pk).update(status="active")

    load_agreements_demo(people)

    draft.refresh_from_db()
    assert draft.status == Agreement.Status.SIGNED
    assert Agreement.objects.filter(partnership=laser).count() == 1
    laser.refresh_from_db()
    assert laser.status == "active"
