"""IATI 2.03 activity XML from plain data (no Django): the dataclasses below describe what the
export says about one activity; `activities_xml` writes them in the order the 2.03 schema
requires (`data/iati/schemas/iati-activities-schema.xsd`), and `schema_errors` checks a
document against that schema.

The mapping from the hub's records to these dataclasses lives in `adapters.py`; the choices
that follow IATI's codelists (which code means what) are documented where they are made.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from lxml import etree

IATI_VERSION = "2.03"
DATA_DIR = Path(__file__).resolve().parent / "data" / "iati"
SCHEMA_PATH = DATA_DIR / "schemas" / "iati-activities-schema.xsd"
CODELIST_DIR = DATA_DIR / "codelists"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# ActivityDateType
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
# OrganisationRole
FUNDING, ACCOUNTABLE, EXTENDING, IMPLEMENTING = "1", "2", "3", "4"
# OrganisationType
MULTILATERAL = "40"
# SectorVocabulary
SDG_GOAL_VOCABULARY, SDG_TARGET_VOCABULARY = "7", "8"
# IndicatorVocabulary
SDG_INDICATOR_VOCABULARY = "9"
# TransactionType
INCOMING_COMMITMENT = "11"
# FinanceType 110 "Standard grant": "transfers in cash or in kind for which no legal debt is
# incurred by the recipient" -- true of cash and of in-kind contributions alike.
STANDARD_GRANT = "110"
# DescriptionType
GENERAL, OTHER = "1", "4"
# IndicatorMeasure 5: a qualitative indicator has comments, not values.
QUALITATIVE = "5"

# Characters IATI does not allow in an activity identifier (they break URLs and file systems).
_IDENTIFIER_UNSAFE = re.compile(r"[\s/&|?]+")


@dataclass(frozen=True)
class Narrative:
    text: str
    lang: str = ""


@dataclass(frozen=True)
class Organisation:
    name: str
    type: str
    ref: str = ""


@dataclass(frozen=True)
class ParticipatingOrg:
    organisation: Organisation
    role: str


@dataclass(frozen=True)
class ActivityDate:
    type: str
    date: datetime.date


@dataclass(frozen=True)
class Share:
    """A recipient country or a sector with its percentage of the activity."""

    code: str
    percentage: Decimal | None = None
    vocabulary: str = ""


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str
    value_date: datetime.date


@dataclass(frozen=True)
class Budget:
    period_start: datetime.date
    period_end: datetime.date
    value: Money
    type: str = "1"  # BudgetType: original
    status: str = "2"  # BudgetStatus: committed


@dataclass(frozen=True)
class Transaction:
    type: str
    date: datetime.date
    value: Money
    description: Narrative | None = None
    provider: Organisation | None = None
    receiver: Organisation | None = None
    finance_type: str = ""


@dataclass(frozen=True)
class Measurement:
    """A target or an actual: a value, a comment, or both."""

    value: Decimal | None = None
    comment: str = ""


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    targets: tuple[Measurement, ...] = ()
    actuals: tuple[Measurement, ...] = ()


@dataclass(frozen=True)
class Baseline:
    year: int
    value: Decimal | None = None
    comment: str = ""


@dataclass(frozen=True)
class Indicator:
    title: Narrative
    measure: str
    ascending: bool = True
    description: Narrative | None = None
    sdg_indicator: str = ""
    baseline: Baseline | None = None
    periods: tuple[Period, ...] = ()


@dataclass(frozen=True)
class Result:
    type: str
    title: Narrative
    indicators: tuple[Indicator, ...]
    description: Narrative | None = None


@dataclass(frozen=True)
class Activity:
    identifier: str
    reporting_org: Organisation
    title: Narrative
    descriptions: tuple[tuple[str, Narrative], ...]
    status: str
    dates: tuple[ActivityDate, ...]
    participating_orgs: tuple[ParticipatingOrg, ...]
    last_updated: datetime.datetime | None = None
    lang: str = "en"
    recipient_countries: tuple[Share, ...] = ()
    sectors: tuple[Share, ...] = ()
    budgets: tuple[Budget, ...] = ()
    transactions: tuple[Transaction, ...] = ()
    results: tuple[Result, ...] = ()


def activity_identifier(reporting_org_ref: str, local_id: object) -> str:
    """The activity's globally unique identifier: the reporting organisation's identifier, then
    "-PH-" (partnerhub) and the hub's own id of the record, as IATI asks
    ({organisation identifier}-{activity's own id})."""
    return _IDENTIFIER_UNSAFE.sub("-", f"{reporting_org_ref}-PH-{local_id}")


def equal_shares(codes: Sequence[str], *, vocabulary: str = "") -> tuple[Share, ...]:
    """Percentages that split the activity evenly over `codes` and add up to exactly 100 (IATI
    asks for percentages summing to 100 when more than one country or sector is given)."""
    if not codes:
        return ()
    if len(codes) == 1:
        return (Share(codes[0], Decimal(100), vocabulary),)
    each = (Decimal(100) / len(codes)).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    last = Decimal(100) - each * (len(codes) - 1)
    return tuple(
        Share(code, last if index == len(codes) - 1 else each, vocabulary)
        for index, code in enumerate(codes)
    )


def decimal_text(value: Decimal) -> str:
    """A decimal as plain digits ("1500", "12.5"), never in exponent form."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _narratives(parent: etree._Element, narrative: Narrative) -> None:
    element = etree.SubElement(parent, "narrative")
    element.text = narrative.text
    if narrative.lang:
        element.set(XML_LANG, narrative.lang)


def _text_element(parent: etree._Element, tag: str, narrative: Narrative) -> etree._Element:
    element = etree.SubElement(parent, tag)
    _narratives(element, narrative)
    return element


def _organisation(
    parent: etree._Element, tag: str, organisation: Organisation, **attributes: str
) -> etree._Element:
    element = etree.SubElement(parent, tag)
    if organisation.ref:
        element.set("ref", organisation.ref)
    for name, value in attributes.items():
        element.set(name.replace("_", "-"), value)
    element.set("type", organisation.type)
    _narratives(element, Narrative(organisation.name))
    return element


def _date(parent: etree._Element, tag: str, day: datetime.date, **attributes: str) -> None:
    element = etree.SubElement(parent, tag, {"iso-date": day.isoformat()})
    for name, value in attributes.items():
        element.set(name, value)


def _money(parent: etree._Element, money: Money) -> None:
    element = etree.SubElement(
        parent, "value", {"currency": money.currency, "value-date": money.value_date.isoformat()}
    )
    element.text = decimal_text(money.amount)


def _share(parent: etree._Element, tag: str, share: Share) -> None:
    element = etree.SubElement(parent, tag)
    if share.vocabulary:
        element.set("vocabulary", share.vocabulary)
    element.set("code", share.code)
    if share.percentage is not None:
        element.set("percentage", decimal_text(share.percentage))


def _measurement(parent: etree._Element, tag: str, measurement: Measurement, lang: str) -> None:
    element = etree.SubElement(parent, tag)
    if measurement.value is not None:
        element.set("value", decimal_text(measurement.value))
    if measurement.comment:
        _text_element(element, "comment", Narrative(measurement.comment, lang))


def _indicator(parent: etree._Element, indicator: Indicator, lang: str) -> None:
    attributes = {"measure": indicator.measure}
    if indicator.measure != QUALITATIVE:
        attributes["ascending"] = "1" if indicator.ascending else "0"
    element = etree.SubElement(parent, "indicator", attributes)
    _text_element(element, "title", indicator.title)
    if indicator.description is not None:
        _text_element(element, "description", indicator.description)
    if indicator.sdg_indicator:
        etree.SubElement(
            element,
            "reference",
            {"vocabulary": SDG_INDICATOR_VOCABULARY, "code": indicator.sdg_indicator},
        )
    if indicator.baseline is not None:
        baseline = etree.SubElement(element, "baseline", {"year": str(indicator.baseline.year)})
        if indicator.baseline.value is not None:
            baseline.set("value", decimal_text(indicator.baseline.value))
        if indicator.baseline.comment:
            _text_element(baseline, "comment", Narrative(indicator.baseline.comment, lang))
    for period in indicator.periods:
        period_element = etree.SubElement(element, "period")
        _date(period_element, "period-start", period.start)
        _date(period_element, "period-end", period.end)
        for target in period.targets:
            _measurement(period_element, "target", target, lang)
        for actual in period.actuals:
            _measurement(period_element, "actual", actual, lang)


def _transaction(parent: etree._Element, transaction: Transaction) -> None:
    element = etree.SubElement(parent, "transaction")
    etree.SubElement(element, "transaction-type", {"code": transaction.type})
    _date(element, "transaction-date", transaction.date)
    _money(element, transaction.value)
    if transaction.description is not None:
        _text_element(element, "description", transaction.description)
    if transaction.provider is not None:
        _organisation(element, "provider-org", transaction.provider)
    if transaction.receiver is not None:
        _organisation(element, "receiver-org", transaction.receiver)
    if transaction.finance_type:
        etree.SubElement(element, "finance-type", {"code": transaction.finance_type})


def activity_element(activity: Activity) -> etree._Element:
    element = etree.Element("iati-activity")
    element.set(XML_LANG, activity.lang)
    if activity.last_updated is not None:
        element.set("last-updated-datetime", activity.last_updated.isoformat(timespec="seconds"))
    etree.SubElement(element, "iati-identifier").text = activity.identifier
    _organisation(element, "reporting-org", activity.reporting_org, secondary_reporter="0")
    _text_element(element, "title", activity.title)
    for description_type, narrative in activity.descriptions:
        _text_element(element, "description", narrative).set("type", description_type)
    for participating in activity.participating_orgs:
        _organisation(
            element, "participating-org", participating.organisation, role=participating.role
        )
    etree.SubElement(element, "activity-status", {"code": activity.status})
    for activity_date in activity.dates:
        _date(element, "activity-date", activity_date.date, type=activity_date.type)
    for country in activity.recipient_countries:
        _share(element, "recipient-country", country)
    for sector in activity.sectors:
        _share(element, "sector", sector)
    for budget in activity.budgets:
        budget_element = etree.SubElement(
            element, "budget", {"type": budget.type, "status": budget.status}
        )
        _date(budget_element, "period-start", budget.period_start)
        _date(budget_element, "period-end", budget.period_end)
        _money(budget_element, budget.value)
    for transaction in activity.transactions:
        _transaction(element, transaction)
    for result in activity.results:
        result_element = etree.SubElement(element, "result", {"type": result.type})
        _text_element(result_element, "title", result.title)
        if result.description is not None:
            _text_element(result_element, "description", result.description)
        for indicator in result.indicators:
            _indicator(result_element, indicator, activity.lang)
    return element


def activities_xml(activities: Iterable[Activity], *, generated: datetime.datetime) -> bytes:
    """The iati-activities document (UTF-8, with an XML declaration)."""
    root = etree.Element(
        "iati-activities",
        {"version": IATI_VERSION, "generated-datetime": generated.isoformat(timespec="seconds")},
    )
    for activity in activities:
        root.append(activity_element(activity))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


@functools.cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def schema_errors(document: bytes) -> list[str]:
    """What the IATI 2.03 activity schema finds wrong with `document` (empty when valid)."""
    schema = _schema()
    if schema.validate(etree.fromstring(document)):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]


@functools.cache
def codelist(name: str) -> frozenset[str]:
    """The codes of one of the shipped IATI codelists (`data/iati/codelists/<name>.xml`),
    withdrawn codes excluded."""
    tree = etree.parse(str(CODELIST_DIR / f"{name}.xml"))
    return frozenset(
        str(item.findtext("code")).strip()
        for item in tree.iter("codelist-item")
        if item.get("status", "active") != "withdrawn"
    )


# Where each coded attribute of the export takes its values from.
CODED_ATTRIBUTES = (
    ("//activity-status/@code", "ActivityStatus"),
    ("//activity-date/@type", "ActivityDateType"),
    ("//participating-org/@role", "OrganisationRole"),
    ("//reporting-org/@type | //participating-org/@type", "OrganisationType"),
    ("//provider-org/@type | //receiver-org/@type", "OrganisationType"),
    ("//iati-activity/description/@type", "DescriptionType"),
    ("//recipient-country/@code", "Country"),
    ("//sector/@vocabulary", "SectorVocabulary"),
    ("//sector[@vocabulary='7']/@code", "UNSDG-Goals"),
    ("//sector[@vocabulary='8']/@code", "UNSDG-Targets"),
    ("//budget/@type", "BudgetType"),
    ("//budget/@status", "BudgetStatus"),
    ("//value/@currency", "Currency"),
    ("//transaction-type/@code", "TransactionType"),
    ("//finance-type/@code", "FinanceType"),
    ("//result/@type", "ResultType"),
    ("//indicator/@measure", "IndicatorMeasure"),
    ("//indicator/reference/@vocabulary", "IndicatorVocabulary"),
)


def codelist_errors(document: bytes) -> list[str]:
    """Codes in `document` that are not in the codelist the standard names for them (the
    schema checks structure only)."""
    tree = etree.fromstring(document)
    errors = []
    for path, name in CODED_ATTRIBUTES:
        codes = codelist(name)
        for value in tree.xpath(path):
            if str(value) not in codes:
                errors.append(f"{path}: {value!r} is not in the {name} codelist")
    return errors
