"""The plain IATI writer: a hand-made activity with every element the export uses validates
against the shipped 2.03 schema and codelists; broken documents do not."""

from __future__ import annotations

import datetime
from decimal import Decimal

from lxml import etree

from partnerhub.opendata import iati

UN = iati.Organisation("World Food Programme", iati.MULTILATERAL, "XM-DAC-41140")
COMPANY = iati.Organisation("Trucks for Good Ltd", "70")
DAY = datetime.date(2026, 1, 1)


def full_activity(**changes):
    fields = {
        "identifier": iati.activity_identifier(UN.ref, 7),
        "reporting_org": UN,
        "title": iati.Narrative("Trucks for emergency food", "en"),
        "descriptions": (
            (iati.GENERAL, iati.Narrative("Trucks and warehouses.", "en")),
            (iati.OTHER, iati.Narrative("Pro bono: Kenya Relief: 120 hours", "en")),
        ),
        "status": "2",
        "dates": (
            iati.ActivityDate(iati.PLANNED_START, DAY),
            iati.ActivityDate(iati.ACTUAL_START, DAY),
            iati.ActivityDate(iati.PLANNED_END, datetime.date(2026, 12, 31)),
            iati.ActivityDate(iati.ACTUAL_END, datetime.date(2026, 12, 20)),
        ),
        "participating_orgs": (
            iati.ParticipatingOrg(UN, iati.ACCOUNTABLE),
            iati.ParticipatingOrg(UN, iati.EXTENDING),
            iati.ParticipatingOrg(COMPANY, iati.FUNDING),
            iati.ParticipatingOrg(iati.Organisation("Kenya Relief", "22"), iati.IMPLEMENTING),
        ),
        "last_updated": datetime.datetime(2026, 2, 1, 9, 30, tzinfo=datetime.UTC),
        "recipient_countries": iati.equal_shares(["KE", "SD", "ET"]),
        "sectors": iati.equal_shares(["2"], vocabulary=iati.SDG_GOAL_VOCABULARY)
        + iati.equal_shares(["2.1", "2.3"], vocabulary=iati.SDG_TARGET_VOCABULARY),
        "budgets": (
            iati.Budget(
                DAY, datetime.date(2026, 12, 31), iati.Money(Decimal("290000.00"), "USD", DAY)
            ),
        ),
        "transactions": (
            iati.Transaction(
                type=iati.INCOMING_COMMITMENT,
                date=DAY,
                value=iati.Money(Decimal("250000.00"), "USD", DAY),
                description=iati.Narrative("Cash contribution", "en"),
                provider=COMPANY,
                receiver=UN,
                finance_type=iati.STANDARD_GRANT,
            ),
        ),
        "results": (
            iati.Result(
                type="2",
                title=iati.Narrative("Tonnes of food delivered", "en"),
                description=iati.Narrative("To distribution points", "en"),
                indicators=(
                    iati.Indicator(
                        title=iati.Narrative("Tonnes (tonnes)", "en"),
                        measure="1",
                        ascending=True,
                        description=iati.Narrative("Weighed at the gate", "en"),
                        sdg_indicator="2.1.1",
                        baseline=iati.Baseline(2025, Decimal("0.0000"), "None before"),
                        periods=(
                            iati.Period(
                                DAY,
                                datetime.date(2026, 6, 30),
                                (iati.Measurement(Decimal("100")),),
                                (iati.Measurement(Decimal("80.5000"), "Rains"),),
                            ),
                        ),
                    ),
                    iati.Indicator(
                        title=iati.Narrative("Drivers' satisfaction", "en"),
                        measure=iati.QUALITATIVE,
                        periods=(
                            iati.Period(
                                DAY,
                                datetime.date(2026, 6, 30),
                                (iati.Measurement(comment="Most are satisfied"),),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    }
    fields.update(changes)
    return iati.Activity(**fields)


def document(*activities: iati.Activity) -> bytes:
    return iati.activities_xml(
        activities, generated=datetime.datetime(2026, 2, 2, tzinfo=datetime.UTC)
    )


def test_it_writes_every_element_valid_against_the_schema_and_codelists():
    xml = document(full_activity())
    assert iati.schema_errors(xml) == []
    assert iati.codelist_errors(xml) == []
    tree = etree.fromstring(xml)
    activity = tree.find("iati-activity")
    assert tree.get("version") == "2.03"
    assert activity.findtext("iati-identifier") == "XM-DAC-41140-PH-7"
    assert [e.tag for e in activity][:4] == [
        "iati-identifier",
        "reporting-org",
        "title",
        "description",
    ]
    title = activity.find("title/narrative")
    assert title.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert [e.get("percentage") for e in activity.findall("recipient-country")] == [
        "33.33",
        "33.33",
        "33.34",
    ]
    assert activity.find("transaction/value").text == "250000"
    indicator = activity.find("result/indicator")
    assert indicator.find("reference").attrib == {"vocabulary": "9", "code": "2.1.1"}
    assert indicator.find("baseline").attrib == {"year": "2025", "value": "0"}
    assert indicator.find("period/actual").get("value") == "80.5"
    qualitative = activity.findall("result/indicator")[1]
    assert "ascending" not in qualitative.attrib
    assert qualitative.findtext("period/target/comment/narrative") == "Most are satisfied"


def test_it_validates_a_minimal_activity():
    minimal = full_activity(
        dates=(iati.ActivityDate(iati.ACTUAL_START, DAY),),
        participating_orgs=(iati.ParticipatingOrg(UN, iati.ACCOUNTABLE),),
        descriptions=((iati.GENERAL, iati.Narrative("Short", "en")),),
        last_updated=None,
        recipient_countries=(),
        sectors=(),
        budgets=(),
        transactions=(),
        results=(),
    )
    assert iati.schema_errors(document(minimal, full_activity())) == []


def test_it_reports_schema_errors():
    no_participants = document(full_activity(participating_orgs=()))
    errors = iati.schema_errors(no_participants)
    assert errors and "participating-org" in " ".join(errors)


def test_it_reports_codes_missing_from_the_codelists():
    wrong = document(
        full_activity(
            status="9",
            recipient_countries=(iati.Share("ZZ", Decimal(100)),),
            sectors=(iati.Share("18", Decimal(100), iati.SDG_GOAL_VOCABULARY),),
        )
    )
    assert iati.schema_errors(wrong) == []
    errors = " ".join(iati.codelist_errors(wrong))
    assert "'9' is not in the ActivityStatus codelist" in errors
    assert "'ZZ' is not in the Country codelist" in errors
    assert "'18' is not in the UNSDG-Goals codelist" in errors


def test_equal_shares_add_up_to_exactly_100():
    for count in range(1, 12):
        shares = iati.equal_shares([str(n) for n in range(count)])
        assert sum(share.percentage for share in shares) == 100
    assert iati.equal_shares([]) == ()


def test_identifiers_and_numbers_are_written_safely():
    assert iati.activity_identifier("XM-PARTNERHUB-UN WOMEN", 3) == "XM-PARTNERHUB-UN-WOMEN-PH-3"
    assert iati.activity_identifier("A/B?C", 1) == "A-B-C-PH-1"
    assert iati.decimal_text(Decimal("1E+3")) == "1000"
    assert iati.decimal_text(Decimal("12.5000")) == "12.5"
    assert iati.decimal_text(Decimal("0.0000")) == "0"


def test_text_is_escaped_not_interpreted():
    hostile = full_activity(title=iati.Narrative("<b>Bold</b> & co", "en"))
    xml = document(hostile)
    assert iati.schema_errors(xml) == []
    assert etree.fromstring(xml).findtext("iati-activity/title/narrative") == "<b>Bold</b> & co"
