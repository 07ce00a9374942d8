"""Public partnerships as IATI activities (the plain dataclasses of `iati.py`).

How the hub's records become IATI 2.03 elements:

- iati-identifier: "<reporting-org ref>-PH-<partnership id>" (see `iati.activity_identifier`);
  stable as long as the lead entity and its organisation identifier do not change.
- reporting-org: the lead UN entity (type 40, Multilateral). Its ref is its IATI organisation
  identifier from `data/organisation_identifiers.csv`; an entity not listed there gets the
  documented, unregistered fallback "XM-PARTNERHUB-<ACRONYM>" (see `data/README.md`).
- participating-org: the lead entity as accountable (2) and extending (3) -- it answers for the
  partnership and receives and manages what partners bring; other UN entities as implementing
  (4); each partner organisation as funding (1) when it contributes money or an in-kind
  valuation, and as implementing (4) when it contributes pro bono work or nothing valued.
  Types from the partner's kind: company and business association 70 (Private Sector),
  foundation 60, NGO 22 (National NGO) when it is based in one of the partnership's countries
  and 21 (International NGO) otherwise, anything else 90 (Other). The hub records no academic
  kind, so 80 is not used.
- activity-status: draft to agreement 1 (Pipeline/identification), active 2 (Implementation),
  closing 3 (Finalisation), closed 4, rejected/withdrawn/terminated 5 (Cancelled), suspended 6.
  (Only active, closing and closed partnerships are public.)
- activity-date: planned start/end (1/3) from starts_on/ends_on; actual start (2) is starts_on
  once that day has come, or -- without a start date -- the signature (signed_on) or the day
  the partnership became active; actual end (4) is the day it was closed.
- recipient-country: the partnership's countries that are in IATI's Country codelist (so the
  placeholder "ZZ", country not stated, never appears), with equal percentages. A partnership
  without countries has no recipient-country: the hub does not know it is global.
- sector: vocabulary 7 (SDG Goal) for its SDGs and 8 (SDG Target) for its targets, percentages
  split equally within each vocabulary.
- transaction: each cash or in-kind contribution of a partner or another UN entity is an
  incoming commitment (11) to the lead entity: the hub records what was pledged in the signed
  agreement, not payments received (which would be incoming funds, 1). Date and value date:
  the signature, else the start. Finance type 110 (standard grant: "transfers in cash or in
  kind"); an in-kind valuation says so in its description ("In-kind contribution, valued
  at ..."), since IATI has no separate in-kind flag. The lead entity's own contributions are
  not incoming, so they count in the budget only.
- budget: when the partnership's planned period is known and at most a year long (IATI's rule
  for budget periods), one original, committed budget per currency with every money
  contribution; longer partnerships report their money through transactions only.
- Pro bono hours are time, not money: they never enter a value. A description of type 4
  (Other) lists them ("Pro bono contributions, not valued in money: <partner>: <n> hours").
- result: one per KPI (type = its result level, 1 output, 2 outcome, 3 impact) with one
  indicator (measure and ascending from the KPI; reference vocabulary 9 for its SDG indicator),
  the baseline when its year is known, and periods: each target period with its target, and
  each accepted progress report's period with its actual (reports not accepted are left out).
"""

from __future__ import annotations

import csv
import datetime
import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from partnerhub.entities.models import UNEntity
from partnerhub.opendata import iati
from partnerhub.opendata.selectors import status_dates
from partnerhub.organisations.models import OrganisationKind
from partnerhub.partnerships.models import Contribution, Partnership, PartnershipPartner

IDENTIFIERS_CSV = Path(__file__).resolve().parent / "data" / "organisation_identifiers.csv"
FALLBACK_PREFIX = "XM-PARTNERHUB-"
MAX_BUDGET_DAYS = 366

ACTIVITY_STATUS = {
    Partnership.Status.DRAFT: "1",
    Partnership.Status.PROPOSED: "1",
    Partnership.Status.DUE_DILIGENCE: "1",
    Partnership.Status.REVIEW: "1",
    Partnership.Status.AGREEMENT: "1",
    Partnership.Status.ACTIVE: "2",
    Partnership.Status.CLOSING: "3",
    Partnership.Status.CLOSED: "4",
    Partnership.Status.REJECTED: "5",
    Partnership.Status.WITHDRAWN: "5",
    Partnership.Status.TERMINATED: "5",
    Partnership.Status.SUSPENDED: "6",
}
ORGANISATION_TYPE = {
    OrganisationKind.COMPANY: "70",
    OrganisationKind.BUSINESS_ASSOCIATION: "70",
    OrganisationKind.FOUNDATION: "60",
    OrganisationKind.OTHER: "90",
}
INTERNATIONAL_NGO, NATIONAL_NGO = "21", "22"
MONEY_KINDS = (Contribution.Kind.CASH, Contribution.Kind.IN_KIND)


@functools.cache
def _known_identifiers() -> dict[str, str]:
    with IDENTIFIERS_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["acronym"]: row["identifier"] for row in csv.DictReader(handle)}


def organisation_identifier(entity: UNEntity) -> str:
    """The entity's IATI organisation identifier, or the hub's documented fallback."""
    known = _known_identifiers().get(entity.acronym)
    if known:
        return known
    return FALLBACK_PREFIX + (re.sub(r"[^A-Za-z0-9]", "", entity.acronym).upper() or str(entity.pk))


def has_registered_identifier(entity: UNEntity) -> bool:
    return entity.acronym in _known_identifiers()


def _entity_org(entity: UNEntity) -> iati.Organisation:
    return iati.Organisation(
        name=entity.name, type=iati.MULTILATERAL, ref=organisation_identifier(entity)
    )


def _partner_org(partner: PartnershipPartner, countries: set[str]) -> iati.Organisation:
    organisation = partner.organisation
    if organisation.kind == OrganisationKind.NGO:
        kind = NATIONAL_NGO if organisation.country_id in countries else INTERNATIONAL_NGO
    else:
        kind = ORGANISATION_TYPE.get(OrganisationKind(organisation.kind), "90")
    return iati.Organisation(name=organisation.legal_name, type=kind)


def _dates(
    partnership: Partnership, history: dict[str, datetime.date], today: datetime.date
) -> tuple[iati.ActivityDate, ...]:
    dates = []
    if partnership.starts_on:
        dates.append(iati.ActivityDate(iati.PLANNED_START, partnership.starts_on))
    if partnership.starts_on:
        actual_start = partnership.starts_on if partnership.starts_on <= today else None
    else:
        actual_start = partnership.signed_on or history.get(Partnership.Status.ACTIVE)
    if actual_start and actual_start <= today:
        dates.append(iati.ActivityDate(iati.ACTUAL_START, actual_start))
    if partnership.ends_on:
        dates.append(iati.ActivityDate(iati.PLANNED_END, partnership.ends_on))
    closed_on = history.get(Partnership.Status.CLOSED)
    if partnership.status == Partnership.Status.CLOSED and closed_on:
        dates.append(iati.ActivityDate(iati.ACTUAL_END, closed_on))
    if not dates:
        # The schema needs one date. Public partnerships have a history row from the day they
        # became active, so this only serves records created directly in that state.
        dates.append(iati.ActivityDate(iati.ACTUAL_START, partnership.created_at.date()))
    return tuple(dates)


def _money_contributions(
    partnership: Partnership,
    lead: iati.Organisation,
    partners: dict[int, iati.Organisation],
    commitment_date: datetime.date,
    lang: str,
) -> tuple[tuple[iati.Transaction, ...], tuple[iati.Budget, ...]]:
    transactions = []
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for contribution in partnership.contributions.all():
        if contribution.kind not in MONEY_KINDS:
            continue
        totals[contribution.currency] += contribution.amount
        if contribution.entity_id == partnership.lead_entity_id:
            continue
        if contribution.partner_id:
            provider = partners[contribution.partner_id]
        else:
            provider = _entity_org(contribution.entity)  # type: ignore[arg-type]
        if contribution.kind == Contribution.Kind.IN_KIND:
            text = f"In-kind contribution, valued at {contribution.amount} {contribution.currency}"
        else:
            text = "Cash contribution"
        if contribution.description:
            text = f"{text}: {contribution.description}"
        money = iati.Money(contribution.amount, contribution.currency, commitment_date)
        transactions.append(
            iati.Transaction(
                type=iati.INCOMING_COMMITMENT,
                date=commitment_date,
                value=money,
                description=iati.Narrative(text, lang),
                provider=provider,
                receiver=lead,
                finance_type=iati.STANDARD_GRANT,
            )
        )
    budgets: list[iati.Budget] = []
    starts, ends = partnership.starts_on, partnership.ends_on
    if starts and ends and (ends - starts).days < MAX_BUDGET_DAYS:
        budgets = [
            iati.Budget(starts, ends, iati.Money(amount, currency, commitment_date))
            for currency, amount in sorted(totals.items())
        ]
    return tuple(transactions), tuple(budgets)


def _pro_bono(partnership: Partnership, lang: str) -> tuple[str, iati.Narrative] | None:
    hours: dict[str, Decimal] = defaultdict(Decimal)
    for contribution in partnership.contributions.all():
        if contribution.kind == Contribution.Kind.PRO_BONO_HOURS:
            hours[contribution.contributor] += contribution.amount
    if not hours:
        return None
    listed = "; ".join(f"{name}: {iati.decimal_text(total)} hours" for name, total in hours.items())
    return (
        iati.OTHER,
        iati.Narrative(f"Pro bono contributions, not valued in money: {listed}", lang),
    )


def _results(partnership: Partnership, lang: str) -> tuple[iati.Result, ...]:
    results = []
    for kpi in partnership.kpis.all():
        periods: dict[tuple[datetime.date, datetime.date], dict[str, list[iati.Measurement]]] = (
            defaultdict(lambda: {"targets": [], "actuals": []})
        )
        for target in kpi.targets.all():
            periods[(target.period_start, target.period_end)]["targets"].append(
                iati.Measurement(target.value, target.comment)
            )
        for actual in kpi.actuals.all():
            report = actual.report
            periods[(report.period_start, report.period_end)]["actuals"].append(
                iati.Measurement(actual.value, actual.comment)
            )
        baseline = None
        if kpi.baseline_year:
            baseline = iati.Baseline(kpi.baseline_year, kpi.baseline_value, kpi.baseline_comment)
        description = iati.Narrative(kpi.description, lang) if kpi.description else None
        title = kpi.name if not kpi.unit else f"{kpi.name} ({kpi.unit})"
        indicator = iati.Indicator(
            title=iati.Narrative(title, lang),
            measure=kpi.measure,
            ascending=kpi.ascending,
            description=description,
            sdg_indicator=kpi.sdg_indicator,
            baseline=baseline,
            periods=tuple(
                iati.Period(start, end, tuple(found["targets"]), tuple(found["actuals"]))
                for (start, end), found in sorted(periods.items())
            ),
        )
        results.append(
            iati.Result(
                type=kpi.result_level,
                title=iati.Narrative(kpi.name, lang),
                indicators=(indicator,),
            )
        )
    return tuple(results)


def activity_of(
    partnership: Partnership, history: dict[str, datetime.date], *, today: datetime.date
) -> iati.Activity:
    """One partnership (fetched by `selectors.iati_partnership_rows`) as an IATI activity."""
    lang = settings.LANGUAGE_CODE.split("-")[0]
    lead = _entity_org(partnership.lead_entity)
    countries = [
        country.iso2
        for country in partnership.countries.all()
        if country.iso2 in iati.codelist("Country")
    ]
    partner_list = list(partnership.partners.all())
    partner_orgs = {partner.pk: _partner_org(partner, set(countries)) for partner in partner_list}
    contributions = list(partnership.contributions.all())
    participating = [
        iati.ParticipatingOrg(lead, iati.ACCOUNTABLE),
        iati.ParticipatingOrg(lead, iati.EXTENDING),
    ]
    participating += [
        iati.ParticipatingOrg(_entity_org(entity), iati.IMPLEMENTING)
        for entity in partnership.participating_entities.all()
        if entity.pk != partnership.lead_entity_id
    ]
    for partner in partner_list:
        kinds = {c.kind for c in contributions if c.partner_id == partner.pk}
        if kinds & set(MONEY_KINDS):
            participating.append(iati.ParticipatingOrg(partner_orgs[partner.pk], iati.FUNDING))
        if not kinds & set(MONEY_KINDS) or Contribution.Kind.PRO_BONO_HOURS in kinds:
            participating.append(iati.ParticipatingOrg(partner_orgs[partner.pk], iati.IMPLEMENTING))
    funding_entities = {
        c.entity_id
        for c in contributions
        if c.entity_id and c.entity_id != partnership.lead_entity_id and c.kind in MONEY_KINDS
    }
    participating += [
        iati.ParticipatingOrg(_entity_org(c.entity), iati.FUNDING)  # type: ignore[arg-type]
        for c in {c.entity_id: c for c in contributions if c.entity_id in funding_entities}.values()
    ]
    commitment_date = (
        partnership.signed_on or partnership.starts_on or partnership.created_at.date()
    )
    transactions, budgets = _money_contributions(
        partnership, lead, partner_orgs, commitment_date, lang
    )
    descriptions = [
        (iati.GENERAL, iati.Narrative(partnership.summary.strip() or partnership.title, lang))
    ]
    pro_bono = _pro_bono(partnership, lang)
    if pro_bono:
        descriptions.append(pro_bono)
    sectors = iati.equal_shares(
        [str(goal.number) for goal in partnership.sdgs.all()],
        vocabulary=iati.SDG_GOAL_VOCABULARY,
    ) + iati.equal_shares(
        [target.code for target in partnership.sdg_targets.all()],
        vocabulary=iati.SDG_TARGET_VOCABULARY,
    )
    return iati.Activity(
        identifier=iati.activity_identifier(lead.ref, partnership.pk),
        reporting_org=lead,
        title=iati.Narrative(partnership.title, lang),
        descriptions=tuple(descriptions),
        status=ACTIVITY_STATUS[Partnership.Status(partnership.status)],
        dates=_dates(partnership, history, today),
        participating_orgs=tuple(participating),
        last_updated=partnership.updated_at,
        lang=lang,
        recipient_countries=iati.equal_shares(countries),
        sectors=sectors,
        budgets=budgets,
        transactions=transactions,
        results=_results(partnership, lang),
    )


def activities_of(partnerships: Iterable[Partnership]) -> list[iati.Activity]:
    """The partnerships as activities, with their status history read in one query."""
    partnerships = list(partnerships)
    history = status_dates([p.pk for p in partnerships])
    today = timezone.localdate()
    return [activity_of(p, history.get(p.pk, {}), today=today) for p in partnerships]


def partnership_iati_identifier(partnership: Partnership) -> str:
    return iati.activity_identifier(
        organisation_identifier(partnership.lead_entity), partnership.pk
    )
