"""A small known world for the dashboards, every figure of which is computed by hand in the
tests. The story, one line per record:

Partnerships (lead; participating; state; type; countries; SDGs; start / signature)
  P1  WFP;  —;     active;     core business;  KE, SD; 2, 17; starts 2023-03-01, signed 2023-02-15
  P2  UNHCR; WFP;  closed;     innov. finance; JO;     10;    starts 2021-06-01, signed 2021-05-20
  P3  WFP;  —;     agreement;  core business;  —;      2;     no dates (created today)
  P4  UNHCR; —;    active;     —;              SD;     —;     starts RECENT (today − 100 days),
                                                              moved into active today − 120 days
  P5  WFP;  —;     rejected;   core business;  KE;     —;     no dates (created today)
  P6  WFP;  —;     draft;      core business;  KE;     2;     (never counted)
  P7  WFP;  —;     terminated; innov. finance; SD;     2;     starts 2024-02-01, signed 2024-01-10

KPIs: P1 outcome, baseline value + year, target value, defined in review (counts);
      P2 outcome with baseline and target but defined while active (does not count);
      P3 impact, qualitative baseline and target, defined in review (counts);
      P4 output level with baseline and target (does not count: not outcome or impact).
Evaluations: P1 (mid-term); P5 (rejected, so never expected).
Reports: P4 due today − 10 (overdue), returned due today − 3 (overdue), accepted due
      today − 40, due today + 20; P2 (closed) due today − 50 (not counted: not running).
Contributions: P1 partner cash 1000 USD, partner in-kind 500 USD, WFP cash 300 USD, partner
      40 pro bono hours; P2 partner cash 2000 EUR, UNHCR cash 1000 EUR; P3 partner cash 100
      USD; P5 partner cash 999 USD (rejected: not counted).
Audit: P1 proposed on 2022-11-17; P2 created 2021-01-20 without a proposal event; P4 proposed
      today − 130, active today − 120; P7 created 2023-12-01 without a proposal event.
Screenings (organisation, requester, rating, decision, decided):
  S1 KE org, WFP,   low,         approve,             today − 10 days
  S2 SD org, WFP,   substantial, approve w/ conditions, today − 100 days
  S3 KE org, UNHCR, high,        reject,              today − 30 days
  S4 KE org, WFP,   low,         approve,             today − 400 days (outside 12 months)
  S5 SD org, UNHCR, in review                          (not completed)
Needs: N1 WFP, open, for SD; N2 WFP draft for SD (never counted).
Routes (offer for country → entity: status, received, acknowledged):
  R1 O1 (KE) → WFP:   acknowledged, Mon 2026-10-05 09:00, Wed 2026-10-07 09:00 (2 working days)
  R2 O1 (KE) → UNHCR: received,     Fri 2026-10-02 09:00, — (deadline passed: overdue)
  R3 O2 (SD) → WFP:   received,     now, — (waiting, not overdue)
  R4 O2 (SD) → UNHCR: declined,     Mon 2026-10-05 09:00, Mon 2026-10-12 09:00 (5 working days)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from partnerhub.core.models import AuditEvent
from partnerhub.marketplace.models import OfferRoute
from partnerhub.marketplace.tests.factories import NeedFactory, OfferFactory, OfferRouteFactory
from partnerhub.marketplace.workdays import add_working_days
from partnerhub.organisations.tests.factories import OrganisationFactory
from partnerhub.partnerships.models import Contribution, Partnership
from partnerhub.partnerships.tests.factories import (
    PartnerFactory,
    PartnershipFactory,
    screening_of,
)
from partnerhub.results.models import KPI, Evaluation, KPITarget, ProgressReport
from partnerhub.screening.models import Screening

UTC = datetime.UTC


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def moment(year: int, month: int, day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=UTC)


@dataclass
class World:
    partnerships: dict[str, Partnership]
    recent_year: int


def make_partnership(
    lead: Any,
    status: str,
    *,
    type_slug: str | None = None,
    countries: tuple[str, ...] | list[str] = (),
    sdgs: tuple[int, ...] | list[int] = (),
    participating: tuple[Any, ...] | list[Any] = (),
    **fields: Any,
) -> Partnership:
    partnership: Any = PartnershipFactory(
        lead_entity=lead, status=status, partnership_type_id=type_slug, **fields
    )
    partnership.countries.set(countries)
    partnership.sdgs.set(sdgs)
    partnership.participating_entities.set(participating)
    return partnership


def kpi(partnership, level, defined_at, *, baseline=True, target=True, qualitative=False):
    indicator = KPI.objects.create(
        partnership=partnership,
        name=f"KPI of {partnership.title}",
        result_level=level,
        baseline_value=None if qualitative or not baseline else Decimal("10"),
        baseline_year=None if qualitative or not baseline else 2022,
        baseline_comment="Few farmers reached" if qualitative and baseline else "",
        defined_at_status=defined_at,
    )
    if target:
        KPITarget.objects.create(
            kpi=indicator,
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2024, 12, 31),
            value=None if qualitative else Decimal("20"),
            comment="Most farmers reached" if qualitative else "",
        )
    return indicator


def report(partnership, due_on, status, start_month=1):
    return ProgressReport.objects.create(
        partnership=partnership,
        period_start=due_on - datetime.timedelta(days=90 + start_month),
        period_end=due_on - datetime.timedelta(days=start_month),
        due_on=due_on,
        status=status,
    )


def moved(partnership, to, when, previous="draft"):
    event = AuditEvent.objects.create(
        verb="partnership.status_changed",
        target_type=ContentType.objects.get_for_model(Partnership),
        target_id=str(partnership.pk),
        target_label=partnership.title,
        details={"from": previous, "to": to, "note": ""},
    )
    AuditEvent.objects.filter(pk=event.pk).update(created_at=when)


def created(partnership, when):
    Partnership.objects.filter(pk=partnership.pk).update(created_at=when)


def grow_partnerships(lead: Any, participant: Any, count: int) -> None:
    """`count` more active partnerships with everything the figures count: countries, SDGs,
    a participant, a contribution, a KPI at design and an overdue report."""
    for index in range(count):
        partnership = make_partnership(
            lead,
            "active",
            countries=["KE", "SD"],
            sdgs=[2, index % 17 + 1],
            participating=[participant],
            signed_on=datetime.date(2024, 1, 10),
            starts_on=datetime.date(2024, 2, 1),
        )
        partner: Any = PartnerFactory(partnership=partnership)
        Contribution.objects.create(
            partnership=partnership, partner=partner, kind="cash", amount=10, currency="USD"
        )
        kpi(partnership, KPI.ResultLevel.OUTCOME, "review")
        report(partnership, datetime.date(2025, 1, 1), ProgressReport.Status.DUE)


@pytest.fixture
def world(entity, other_entity, organisation):
    wfp, unhcr = entity, other_entity
    org_ke = organisation
    org_sd = OrganisationFactory(legal_name="Nile Solar Co", country_id="SD")
    recent = days_ago(100)

    p1 = make_partnership(
        wfp,
        "active",
        type_slug="core-business-value-chain",
        countries=["KE", "SD"],
        sdgs=[2, 17],
        starts_on=datetime.date(2023, 3, 1),
        signed_on=datetime.date(2023, 2, 15),
        title="P1 Trucks",
    )
    p2 = make_partnership(
        unhcr,
        "closed",
        type_slug="innovative-financing",
        countries=["JO"],
        sdgs=[10],
        participating=[wfp],
        starts_on=datetime.date(2021, 6, 1),
        signed_on=datetime.date(2021, 5, 20),
        title="P2 Refugee bonds",
    )
    p3 = make_partnership(
        wfp, "agreement", type_slug="core-business-value-chain", sdgs=[2], title="P3 Seeds"
    )
    p4 = make_partnership(unhcr, "active", countries=["SD"], starts_on=recent, title="P4 Shelter")
    p5 = make_partnership(
        wfp,
        "rejected",
        type_slug="core-business-value-chain",
        countries=["KE"],
        title="P5 Rejected",
    )
    make_partnership(
        wfp,
        "draft",
        type_slug="core-business-value-chain",
        countries=["KE"],
        sdgs=[2],
        title="P6 Draft",
    )
    p7 = make_partnership(
        wfp,
        "terminated",
        type_slug="innovative-financing",
        countries=["SD"],
        sdgs=[2],
        starts_on=datetime.date(2024, 2, 1),
        signed_on=datetime.date(2024, 1, 10),
        title="P7 Ended early",
    )

    kpi(p1, KPI.ResultLevel.OUTCOME, "review")
    kpi(p2, KPI.ResultLevel.OUTCOME, "active")
    kpi(p3, KPI.ResultLevel.IMPACT, "review", qualitative=True)
    kpi(p4, KPI.ResultLevel.OUTPUT, "review")
    for evaluated in (p1, p5):
        Evaluation.objects.create(
            partnership=evaluated,
            kind=Evaluation.Kind.MIDTERM,
            independence=Evaluation.Independence.INDEPENDENT,
            completed_on=datetime.date(2025, 6, 1),
            rating=Evaluation.Rating.SATISFACTORY,
            findings="On track.",
        )

    report(p4, days_ago(10), ProgressReport.Status.DUE)
    report(p4, days_ago(3), ProgressReport.Status.RETURNED, start_month=2)
    report(p4, days_ago(40), ProgressReport.Status.ACCEPTED)
    report(p4, days_ago(-20), ProgressReport.Status.DUE)
    report(p2, days_ago(50), ProgressReport.Status.DUE)

    p1_partner = PartnerFactory(partnership=p1, organisation=org_ke)
    p2_partner = PartnerFactory(partnership=p2, organisation=org_sd)
    p3_partner = PartnerFactory(partnership=p3, organisation=org_ke)
    p5_partner = PartnerFactory(partnership=p5, organisation=org_ke)
    for partnership, partner, contributor, kind, amount, currency in [
        (p1, p1_partner, None, "cash", "1000", "USD"),
        (p1, p1_partner, None, "in_kind", "500", "USD"),
        (p1, None, wfp, "cash", "300", "USD"),
        (p1, p1_partner, None, "pro_bono_hours", "40", ""),
        (p2, p2_partner, None, "cash", "2000", "EUR"),
        (p2, None, unhcr, "cash", "1000", "EUR"),
        (p3, p3_partner, None, "cash", "100", "USD"),
        (p5, p5_partner, None, "cash", "999", "USD"),
    ]:
        Contribution.objects.create(
            partnership=partnership,
            partner=partner,
            entity=contributor,
            kind=kind,
            amount=Decimal(amount),
            currency=currency,
        )

    moved(p1, "proposed", moment(2022, 11, 17))
    created(p2, moment(2021, 1, 20))
    moved(p4, "proposed", timezone.now() - datetime.timedelta(days=130))
    moved(p4, "active", timezone.now() - datetime.timedelta(days=120), previous="agreement")
    created(p7, moment(2023, 12, 1))

    now = timezone.now()
    for org, requester, rating, decision, age in [
        (org_ke, wfp, "low", "approve", 10),
        (org_sd, wfp, "substantial", "approve_with_conditions", 100),
        (org_ke, unhcr, "high", "reject", 30),
        (org_ke, wfp, "low", "approve", 400),
    ]:
        screening = screening_of(org, requester, decision=decision)
        Screening.objects.filter(pk=screening.pk).update(
            rating=rating, decided_at=now - datetime.timedelta(days=age)
        )
    screening_of(org_sd, unhcr, status="in_review")

    NeedFactory(entity=wfp, countries=["SD"], title="N1 Cold chain")
    NeedFactory(entity=wfp, countries=["SD"], status="draft", title="N2 Draft")
    offer_ke = OfferFactory(organisation=org_ke, countries=["KE"], title="O1 Trucks")
    offer_sd = OfferFactory(organisation=org_sd, countries=["SD"], title="O2 Solar")
    for offer, to, status, received, acknowledged in [
        (offer_ke, wfp, "acknowledged", moment(2026, 10, 5), moment(2026, 10, 7)),
        (offer_ke, unhcr, "received", moment(2026, 10, 2), None),
        (offer_sd, wfp, "received", now, None),
        (offer_sd, unhcr, "declined", moment(2026, 10, 5), moment(2026, 10, 12)),
    ]:
        OfferRouteFactory(
            offer=offer,
            entity=to,
            status=status,
            received_at=received,
            acknowledge_due_at=add_working_days(received, 10),
            acknowledged_at=acknowledged,
        )
    assert OfferRoute.objects.count() == 4
    return World(
        partnerships={"P1": p1, "P2": p2, "P3": p3, "P4": p4, "P5": p5, "P7": p7},
        recent_year=recent.year,
    )
