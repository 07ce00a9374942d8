"""Every dashboard figure against values computed by hand from the world in conftest.py."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from partnerhub.dashboards import selectors
from partnerhub.dashboards.selectors import Scope
from partnerhub.dashboards.tests.conftest import (
    created,
    days_ago,
    make_partnership,
    moment,
    moved,
    report,
)
from partnerhub.results.models import ProgressReport
from partnerhub.vocabularies.models import Country

SYSTEM = Scope()


@pytest.fixture
def wfp_scope(entity):
    return Scope(entity=entity)


@pytest.fixture
def sudan():
    return Country.objects.get(iso2="SD")


@pytest.fixture
def kenya():
    return Country.objects.get(iso2="KE")


def _counts(rows, key):
    return {row[key]: row["partnerships"] for row in rows if row["partnerships"]}


def test_access_is_checked_by_the_pages_not_the_selectors(as_role, world):
    # Selectors take a scope and trust their caller; the pages and the API refuse outsiders.
    _user, client = as_role("company_rep")
    assert client.get(reverse("dashboards:system")).status_code == 403


def test_by_type(world):
    # CB: P1, P3, P5 = 3; IF: P2, P7 = 2; none: P4 = 1 (P6 is a draft).
    rows = selectors.partnerships_by_type(SYSTEM)
    assert [(r["type"], r["partnerships"]) for r in rows] == [
        ("core-business-value-chain", 3),
        ("innovative-financing", 2),
        ("", 1),
    ]


def test_by_state(world):
    # agreement P3; active P1, P4; closed P2; rejected P5; terminated P7. Draft P6 absent.
    rows = selectors.partnerships_by_state(SYSTEM)
    assert "draft" not in [r["state"] for r in rows]
    assert len(rows) == 11
    assert _counts(rows, "state") == {
        "agreement": 1,
        "active": 2,
        "closed": 1,
        "rejected": 1,
        "terminated": 1,
    }


def test_by_sdg(world):
    # SDG 2: P1, P3, P7 (P6 draft left out) = 3; SDG 10: P2; SDG 17: P1.
    rows = selectors.partnerships_by_sdg(SYSTEM)
    assert len(rows) == 17
    assert _counts(rows, "sdg") == {2: 3, 10: 1, 17: 1}


def test_by_country(world):
    # SD: P1, P4, P7 = 3; KE: P1, P5 = 2 (P6 draft left out); JO: P2 = 1.
    rows = selectors.partnerships_by_country(SYSTEM)
    assert [(r["iso2"], r["partnerships"]) for r in rows] == [("SD", 3), ("KE", 2), ("JO", 1)]
    assert rows[0]["region"] == "Africa"


def test_by_region(world):
    # Africa: P1 (KE and SD, once), P4, P5, P7 = 4; Asia: P2 = 1; no country: P3 = 1.
    rows = selectors.partnerships_by_region(SYSTEM)
    assert [(r["m49"], r["region"], r["partnerships"]) for r in rows] == [
        ("002", "Africa", 4),
        ("142", "Asia", 1),
        ("", "", 1),
    ]


def test_started_by_year(world):
    # Started = active, suspended, closing, closed, terminated: P1 2023, P2 2021, P4 RECENT,
    # P7 2024. Every year between the first and the last is listed.
    rows = selectors.partnerships_started_by_year(SYSTEM)
    expected = {2021: 1, 2023: 1, 2024: 1}
    expected[world.recent_year] = expected.get(world.recent_year, 0) + 1
    assert {r["year"]: r["partnerships"] for r in rows} == {
        year: expected.get(year, 0) for year in range(2021, max(expected) + 1)
    }


def test_contributions_by_kind_and_currency(world):
    # Agreement or further: P1, P2, P3, P4, P7 (P5's 999 USD is left out: rejected).
    # cash EUR: partner 2000 (P2), UN 1000 (P2); cash USD: partner 1000 + 100, UN 300;
    # in-kind USD: partner 500; pro bono hours: partner 40.
    rows = selectors.contributions(SYSTEM)
    assert [
        (r["kind"], r["currency"], r["partner_total"], r["un_total"], r["partnerships"])
        for r in rows
    ] == [
        ("cash", "EUR", Decimal("2000"), Decimal("1000"), 1),
        ("cash", "USD", Decimal("1100"), Decimal("300"), 2),
        ("in_kind", "USD", Decimal("500"), Decimal("0"), 1),
        ("pro_bono_hours", "", Decimal("40"), Decimal("0"), 1),
    ]


def test_leverage_per_currency(world):
    # EUR 2000 / 1000 = 2.00; USD (1100 + 500) / 300 = 5.333 → 5.33. Hours left out.
    rows = selectors.leverage(SYSTEM)
    assert [(r["currency"], r["leverage"]) for r in rows] == [
        ("EUR", Decimal("2.00")),
        ("USD", Decimal("5.33")),
    ]


def test_share_with_kpis_at_design(world):
    # Eligible (agreement or further): P1, P2, P3, P4, P7 = 5.
    # Counted: P1 (outcome, defined in review), P3 (impact, qualitative) = 2.
    # P2's KPI was defined while active; P4's is output level; P7 has none. 2 / 5 = 40%.
    rows = selectors.share_with_kpis_at_design(SYSTEM)
    assert rows[-1] == {"entity": "", "counted": 2, "eligible": 5, "percent": 40.0}
    # By lead: UNHCR P2, P4 → 0 of 2; WFP P1, P3, P7 → 2 of 3 = 66.7%.
    assert rows[:-1] == [
        {"entity": "UNHCR", "counted": 0, "eligible": 2, "percent": 0.0},
        {"entity": "WFP", "counted": 2, "eligible": 3, "percent": 66.7},
    ]


def test_share_evaluated(world):
    # Expected: P2 (closed), P7 (terminated), P1 (active since 2023-02-15, over two years).
    # Not: P3 (agreement), P4 (active only 100 days), P5 (rejected, though evaluated).
    # Evaluated among them: P1. 1 / 3 = 33.3%.
    rows = selectors.share_evaluated(SYSTEM)
    assert rows[-1] == {"entity": "", "counted": 1, "eligible": 3, "percent": 33.3}
    assert rows[:-1] == [
        {"entity": "UNHCR", "counted": 0, "eligible": 1, "percent": 0.0},
        {"entity": "WFP", "counted": 1, "eligible": 2, "percent": 50.0},
    ]


def test_overdue_reports(world):
    # P4: due 10 days ago (due) and 3 days ago (returned). Not: accepted, not yet due, and
    # P2's report (P2 is closed).
    rows = selectors.overdue_reports(SYSTEM)
    assert [(r["partnership"], r["days_overdue"], r["status"]) for r in rows] == [
        ("P4 Shelter", 10, "Due"),
        ("P4 Shelter", 3, "Returned for changes"),
    ]


@pytest.mark.parametrize("status", ["terminated", "withdrawn", "rejected", "suspended"])
def test_overdue_reports_leave_out_partnerships_not_reporting(world, entity, status):
    # Same definition as the results app: a final state owes no more reports, a suspended
    # partnership's reporting is paused. Only P4's two stay overdue.
    stopped = make_partnership(entity, status, title="P9 Stopped")
    report(stopped, days_ago(15), ProgressReport.Status.DUE)
    report(world.partnerships["P7"], days_ago(20), ProgressReport.Status.DUE)  # terminated
    rows = selectors.overdue_reports(SYSTEM)
    assert [(r["partnership"], r["days_overdue"]) for r in rows] == [
        ("P4 Shelter", 10),
        ("P4 Shelter", 3),
    ]


def test_screening_outcomes_in_the_last_twelve_months(world):
    # S1 low/approve, S2 substantial/conditions, S3 high/reject. S4 is 400 days old; S5 open.
    rows = selectors.screening_outcomes(SYSTEM)
    assert [
        (r["rating"], r["approve"], r["approve_with_conditions"], r["reject"]) for r in rows
    ] == [
        ("low", 1, 0, 0),
        ("moderate", 0, 0, 0),
        ("substantial", 0, 1, 0),
        ("high", 0, 0, 1),
    ]
    assert sum(r["total"] for r in rows) == 3


def test_listings_by_status(world, entity, sudan):
    # N1 open (N2 is a draft); O1 and O2 submitted.
    rows = selectors.listings_by_status(SYSTEM)
    assert {(r["kind"], r["status"]): r["listings"] for r in rows if r["listings"]} == {
        ("need", "open"): 1,
        ("offer", "submitted"): 2,
    }
    assert "draft" not in {r["status"] for r in rows}
    # WFP: its need N1 and both offers (both routed to it). Sudan: N1 and O2.
    assert sum(r["listings"] for r in selectors.listings_by_status(Scope(entity=entity))) == 3
    assert sum(r["listings"] for r in selectors.listings_by_status(Scope(country=sudan))) == 2


def test_routes_by_status(world):
    # R2, R3 received; R1 acknowledged; R4 declined.
    rows = selectors.routes_by_status(SYSTEM)
    assert {r["status"]: r["routes"] for r in rows if r["routes"]} == {
        "received": 2,
        "acknowledged": 1,
        "declined": 1,
    }


def test_acknowledgement_times(world):
    # Acknowledged: R1 after 2 working days (Mon → Wed), R4 after 5 (Mon → Mon, weekend out).
    # Median (2 + 5) / 2 = 3.5; p90 nearest rank ceil(0.9 × 2) = 2nd = 5.
    # Waiting: R2 (deadline passed: overdue), R3 (received now).
    rows = selectors.acknowledgement_times(SYSTEM)
    assert rows[-1] == {
        "entity": "",
        "received": 4,
        "acknowledged": 2,
        "in_time": 2,
        "median_working_days": 3.5,
        "p90_working_days": 5.0,
        "waiting": 2,
        "overdue": 1,
    }
    by_entity = {r["entity"]: r for r in rows[:-1]}
    assert by_entity["UNHCR"]["median_working_days"] == 5.0
    assert (by_entity["UNHCR"]["waiting"], by_entity["UNHCR"]["overdue"]) == (1, 1)
    assert by_entity["WFP"]["median_working_days"] == 2.0
    assert (by_entity["WFP"]["waiting"], by_entity["WFP"]["overdue"]) == (1, 0)


def test_overdue_routes(world):
    rows = selectors.overdue_routes(SYSTEM)
    assert [(r["offer"], r["entity"]) for r in rows] == [("O1 Trucks", "UNHCR")]
    assert rows[0]["working_days_waiting"] > 10


def test_time_to_signature(world):
    # P1: proposed 2022-11-17 → signed 2023-02-15 = 13 + 31 + 31 + 15 = 90 days.
    # P2: no proposal event, created 2021-01-20 → signed 2021-05-20 = 11 + 28 + 31 + 30 + 20 = 120.
    # P4: proposed today − 130 → no signature date, active today − 120 = 10.
    # P7: created 2023-12-01 → signed 2024-01-10 = 30 + 10 = 40.
    rows = selectors.time_to_signature(SYSTEM)
    assert [(r["partnership"], r["days"]) for r in rows] == [
        ("P2 Refugee bonds", 120),
        ("P1 Trucks", 90),
        ("P7 Ended early", 40),
        ("P4 Shelter", 10),
    ]
    # Median (40 + 90) / 2 = 65; p90 nearest rank ceil(0.9 × 4) = 4th = 120.
    assert selectors.time_to_signature_summary(rows) == {
        "signed": 4,
        "partnerships": 4,
        "excluded": 0,
        "median_days": 65.0,
        "p90_days": 120.0,
    }
    assert not any(r["entered_after_signature"] for r in rows)


def test_time_to_signature_lists_records_entered_after_signature_last(world, entity):
    # P8: signed 2011-04-12, proposed (recorded) 2026-01-05: entered after the fact, listed
    # last without days; the figures stay those of P1, P2, P4, P7.
    p8 = make_partnership(entity, "closed", title="P8 Old", signed_on=datetime.date(2011, 4, 12))
    moved(p8, "proposed", moment(2026, 1, 5))
    rows = selectors.time_to_signature(SYSTEM)
    assert [(r["partnership"], r["days"]) for r in rows][-2:] == [
        ("P4 Shelter", 10),
        ("P8 Old", None),
    ]
    assert rows[-1]["entered_after_signature"] is True
    assert rows[-1]["proposed_on"] == datetime.date(2026, 1, 5)
    assert selectors.time_to_signature_summary(rows) == {
        "signed": 5,
        "partnerships": 4,
        "excluded": 1,
        "median_days": 65.0,
        "p90_days": 120.0,
    }


def test_time_to_signature_when_every_signature_predates_the_proposal(entity):
    # The demo's case: 2011 partnerships recorded in 2026. Both signed, neither measured.
    for title, signed in (
        ("Old A", datetime.date(2011, 3, 1)),
        ("Old B", datetime.date(2011, 9, 30)),
    ):
        partnership = make_partnership(entity, "active", title=title, signed_on=signed)
        created(partnership, moment(2026, 2, 1))
    rows = selectors.time_to_signature(SYSTEM)
    assert [(r["partnership"], r["days"], r["entered_after_signature"]) for r in rows] == [
        ("Old A", None, True),
        ("Old B", None, True),
    ]
    assert selectors.time_to_signature_summary(rows) == {
        "signed": 2,
        "partnerships": 0,
        "excluded": 2,
        "median_days": None,
        "p90_days": None,
    }


# --- Scopes -----------------------------------------------------------------------------------


def test_entity_scope_counts_what_it_leads_or_joins(world, wfp_scope):
    # WFP leads P1, P3, P5, P7 and takes part in P2.
    assert _counts(selectors.partnerships_by_state(wfp_scope), "state") == {
        "agreement": 1,
        "active": 1,
        "closed": 1,
        "rejected": 1,
        "terminated": 1,
    }
    # Eligible P1, P2, P3, P7; with KPIs P1, P3.
    assert selectors.share_with_kpis_at_design(wfp_scope)[-1]["percent"] == 50.0
    # Its own inbox: R1 (acknowledged in 2 days) and R3 (waiting).
    assert selectors.acknowledgement_times(wfp_scope)[-1]["received"] == 2
    assert selectors.overdue_routes(wfp_scope) == []
    # Screenings it requested: S1 and S2 (S4 too old).
    rows = selectors.screening_outcomes(wfp_scope)
    assert sum(r["total"] for r in rows) == 2
    # No overdue report: P4 is UNHCR's alone.
    assert selectors.overdue_reports(wfp_scope) == []


def test_the_other_entity_sees_its_own(world, other_entity):
    scope = Scope(entity=other_entity)
    # UNHCR leads P2 and P4.
    assert sum(r["partnerships"] for r in selectors.partnerships_by_state(scope)) == 2
    assert len(selectors.overdue_reports(scope)) == 2
    assert [r["entity"] for r in selectors.overdue_routes(scope)] == ["UNHCR"]


def test_country_scope(world, sudan, kenya):
    scope = Scope(country=sudan)
    # In Sudan: P1, P4, P7.
    assert _counts(selectors.partnerships_by_state(scope), "state") == {
        "active": 2,
        "terminated": 1,
    }
    # Offers for Sudan: O2 → R3 (waiting) and R4 (declined after 5 working days).
    times = selectors.acknowledgement_times(scope)[-1]
    assert (times["received"], times["median_working_days"]) == (2, 5.0)
    # Screenings of Sudanese organisations: S2.
    assert [r["rating"] for r in selectors.screening_outcomes(scope) if r["total"]] == [
        "substantial"
    ]
    # Kenya: P1, P5; O1's overdue route R2; screenings S1 and S3.
    scope = Scope(country=kenya)
    assert sum(r["partnerships"] for r in selectors.partnerships_by_state(scope)) == 2
    assert [r["offer"] for r in selectors.overdue_routes(scope)] == ["O1 Trucks"]
    assert sum(r["total"] for r in selectors.screening_outcomes(scope)) == 2


def test_year_range_filters_partnerships_by_their_year(world):
    # Years 2023–2024: P1 (starts 2023), P7 (starts 2024). P2 is 2021; P3, P4, P5 this year.
    scope = Scope(year_from=2023, year_to=2024)
    assert _counts(selectors.partnerships_by_state(scope), "state") == {
        "active": 1,
        "terminated": 1,
    }
    assert [r["year"] for r in selectors.partnerships_started_by_year(scope)] == [2023, 2024]
    # Routes by the year received: none in 2027.
    assert selectors.acknowledgement_times(Scope(year_from=2027)) == []


def test_a_scope_with_nothing_gives_empty_rows(db):
    assert selectors.partnerships_by_type(SYSTEM) == []
    assert selectors.partnerships_started_by_year(SYSTEM) == []
    assert selectors.share_with_kpis_at_design(SYSTEM) == [
        {"entity": "", "counted": 0, "eligible": 0, "percent": None}
    ]
    assert selectors.acknowledgement_times(SYSTEM) == []
    assert selectors.time_to_signature(SYSTEM) == []
