"""Public partnerships as IATI activities: the mapping of each element, and a fixed number of
queries whatever the number of partnerships."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from partnerhub.opendata import adapters, iati, selectors
from partnerhub.opendata.tests.conftest import many_public_partnerships
from partnerhub.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def _activity(partnership: Partnership) -> iati.Activity:
    rows = selectors.iati_partnership_rows({}).filter(pk=partnership.pk)
    (activity,) = adapters.activities_of(rows)
    return activity


def test_it_maps_a_public_partnership(public_partnership, entity, other_entity):
    activity = _activity(public_partnership)
    assert activity.identifier == f"XM-DAC-41140-PH-{public_partnership.pk}"
    assert activity.reporting_org == iati.Organisation("World Food Programme", "40", "XM-DAC-41140")
    assert activity.status == "2"
    roles = {
        (p.organisation.name, p.role, p.organisation.type) for p in activity.participating_orgs
    }
    assert roles == {
        ("World Food Programme", iati.ACCOUNTABLE, "40"),
        ("World Food Programme", iati.EXTENDING, "40"),
        ("UN Refugee Agency", iati.IMPLEMENTING, "40"),
        ("Trucks for Good Ltd", iati.FUNDING, "70"),
        # An NGO based in one of the partnership's countries (Kenya) is a national NGO.
        ("Kenya Relief Volunteers", iati.IMPLEMENTING, "22"),
    }
    assert [(d.type, d.date) for d in activity.dates] == [
        (iati.PLANNED_START, datetime.date(2026, 1, 1)),
        (iati.ACTUAL_START, datetime.date(2026, 1, 1)),
        (iati.PLANNED_END, datetime.date(2027, 12, 31)),
    ]
    assert [(c.code, c.percentage) for c in activity.recipient_countries] == [
        ("KE", 50),
        ("SD", 50),
    ]
    assert [(s.vocabulary, s.code, s.percentage) for s in activity.sectors] == [
        ("7", "2", 100),
        ("8", "2.1", 50),
        ("8", "2.3", 50),
    ]


def test_contributions_become_incoming_commitments_and_hours_stay_out_of_money(
    public_partnership,
):
    activity = _activity(public_partnership)
    transactions = {t.value.currency: t for t in activity.transactions}
    assert set(transactions) == {"USD", "EUR"}
    for transaction in activity.transactions:
        assert transaction.type == iati.INCOMING_COMMITMENT
        assert transaction.date == datetime.date(2025, 12, 15)  # signed_on
        assert transaction.provider.name == "Trucks for Good Ltd"
        assert transaction.receiver.ref == "XM-DAC-41140"
        assert transaction.finance_type == iati.STANDARD_GRANT
    assert transactions["USD"].value.amount == Decimal("250000.00")
    assert transactions["USD"].description.text == "Cash contribution"
    assert transactions["EUR"].description.text == (
        "In-kind contribution, valued at 40000.00 EUR: 20 trucks"
    )
    # A two-year partnership has no budget: IATI budget periods are at most a year.
    assert activity.budgets == ()
    other = dict(activity.descriptions)[iati.OTHER].text
    assert (
        other == "Pro bono contributions, not valued in money: Kenya Relief Volunteers: 120 hours"
    )
    assert "120" not in {str(t.value.amount) for t in activity.transactions}


def test_a_partnership_of_a_year_or_less_has_a_budget_per_currency(public_partnership):
    Partnership.objects.filter(pk=public_partnership.pk).update(ends_on=datetime.date(2026, 12, 31))
    budgets = _activity(public_partnership).budgets
    assert [(b.value.currency, b.value.amount) for b in budgets] == [
        ("EUR", Decimal("40000.00")),
        ("USD", Decimal("250000.00")),
    ]
    assert budgets[0].period_start == datetime.date(2026, 1, 1)


def test_results_use_accepted_reports_only(public_partnership):
    (result,) = _activity(public_partnership).results
    assert result.type == "2"
    (indicator,) = result.indicators
    assert indicator.title.text == "Tonnes of food delivered (tonnes)"
    assert indicator.sdg_indicator == "2.1.1"
    assert indicator.baseline == iati.Baseline(
        2025, Decimal("0.0000"), "No deliveries before the partnership."
    )
    (period,) = indicator.periods
    assert (period.start, period.end) == (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    assert [t.value for t in period.targets] == [Decimal("100.0000")]
    assert [(a.value, a.comment) for a in period.actuals] == [
        (Decimal("80.0000"), "Rains delayed trucks.")
    ]


def test_closed_partnership_has_an_actual_end_and_status_closed(public_partnership):
    public_partnership.status = Partnership.Status.CLOSED
    public_partnership.save()
    activity = _activity(public_partnership)
    assert activity.status == "4"
    actual_end = [d.date for d in activity.dates if d.type == iati.ACTUAL_END]
    assert actual_end == [timezone.localdate()]


def test_unknown_entity_gets_the_documented_fallback_identifier(public_partnership):
    lead = public_partnership.lead_entity
    lead.acronym = "UN Tourism"
    lead.save()
    activity = _activity(public_partnership)
    assert activity.reporting_org.ref == "XM-PARTNERHUB-UNTOURISM"
    assert activity.identifier == f"XM-PARTNERHUB-UNTOURISM-PH-{public_partnership.pk}"


def test_the_placeholder_country_is_never_a_recipient(public_partnership):
    from partnerhub.vocabularies.models import Country

    Country.objects.get_or_create(
        iso2="ZZ", defaults={"iso3": "ZZZ", "m49": "999", "name": "Country not stated"}
    )
    public_partnership.countries.add("ZZ")
    activity = _activity(public_partnership)
    assert [c.code for c in activity.recipient_countries] == ["KE", "SD"]


def test_the_export_of_a_partnership_validates(public_partnership):
    rows = selectors.iati_partnership_rows({})
    xml = iati.activities_xml(
        adapters.activities_of(rows), generated=datetime.datetime(2026, 2, 2, tzinfo=datetime.UTC)
    )
    assert iati.schema_errors(xml) == []
    assert iati.codelist_errors(xml) == []
    assert len(etree.fromstring(xml).findall("iati-activity")) == 1


def _queries_for_export() -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        activities = adapters.activities_of(selectors.iati_partnership_rows({}))
    return len(queries), len(activities)


def test_query_count_does_not_grow_with_partnerships():
    many_public_partnerships(1)
    one, count = _queries_for_export()
    assert count == 1
    many_public_partnerships(19)
    twenty, count = _queries_for_export()
    assert count == 20
    assert twenty == one
