"""The dashboard's tables: each figure from selectors.py with its title, its definition (the
footnote under it), its columns, a headline and a chart. The page, the CSV downloads and the
API all read the same Table, so the figures cannot drift apart."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partnerhub.dashboards import charts, selectors
from partnerhub.dashboards.selectors import Scope

NOT_SPECIFIED = gettext_lazy("Not specified")


@dataclass(frozen=True)
class Column:
    key: str
    header: str | Promise
    numeric: bool = False


@dataclass
class Table:
    name: str
    title: str | Promise
    definition: str | Promise
    columns: list[Column]
    rows: list[dict[str, Any]]
    empty_message: str | Promise
    headline: str = ""
    chart: SafeString = field(default_factory=lambda: mark_safe(""))

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def cells(self) -> list[list[tuple[str, bool]]]:
        """Each row's cells as (text shown, is numeric) pairs, in column order."""
        return [[(display(row[c.key]), c.numeric) for c in self.columns] for row in self.rows]


def display(value: Any) -> str:
    """A value as the page shows it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, float):
        # One decimal only when there is one: 78 days, 66.7%, not 78.0 days.
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def plain(value: Any) -> Any:
    """A value as CSV and JSON carry it: numbers unformatted, dates in ISO 8601."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _share_headline(rows: list[dict[str, Any]]) -> str:
    total = rows[-1]
    if not total["eligible"]:
        return ""
    return ngettext(
        "%(percent)s%% — %(counted)s of %(eligible)s partnership",
        "%(percent)s%% — %(counted)s of %(eligible)s partnerships",
        total["eligible"],
    ) % {
        "percent": display(total["percent"]),
        "counted": total["counted"],
        "eligible": total["eligible"],
    }


def _count_chart(
    name: str, title: str | Promise, rows: list[dict[str, Any]], label: str, rtl: bool
) -> SafeString:
    bars = [
        charts.Bar(str(row[label] or NOT_SPECIFIED), row["partnerships"], row.get("colour") or "")
        for row in rows
    ]
    return mark_safe(
        charts.bar_chart(
            bars,
            chart_id=f"chart-{name}",
            title=str(title),
            description=_("Number of partnerships per row; the table below gives the figures."),
            rtl=rtl,
        )
    )


def _year_chart(
    rows: list[dict[str, Any]], value: str, chart_id: str, title: Promise, text: str, rtl: bool
) -> SafeString:
    """A column per row's year with the row's `value`; nothing when there are no rows."""
    if not rows:
        return mark_safe("")
    bars = [charts.Bar(str(row["year"]), row[value]) for row in rows]
    return mark_safe(
        charts.column_chart(bars, chart_id=chart_id, title=str(title), description=text, rtl=rtl)
    )


PARTNERSHIP_COUNT = Column("partnerships", gettext_lazy("Partnerships"), numeric=True)
NO_PARTNERSHIP = gettext_lazy("No partnership yet.")


def by_type(scope: Scope, rtl: bool) -> Table:
    rows = [
        {**row, "label": row["label"] or str(NOT_SPECIFIED)}
        for row in selectors.partnerships_by_type(scope)
    ]
    title = gettext_lazy("Partnerships by type")
    return Table(
        "by_type",
        title,
        gettext_lazy(
            "Partnerships past draft by type of partnership (A/66/320). Each counts once."
        ),
        [Column("type", _("Code")), Column("label", _("Type")), PARTNERSHIP_COUNT],
        rows,
        NO_PARTNERSHIP,
        chart=_count_chart("by_type", title, rows, "label", rtl) if rows else mark_safe(""),
    )


def by_state(scope: Scope, rtl: bool) -> Table:
    rows = selectors.partnerships_by_state(scope)
    title = gettext_lazy("Partnerships by state")
    total = sum(row["partnerships"] for row in rows)
    has_any = total > 0
    return Table(
        "by_state",
        title,
        gettext_lazy("Partnerships past draft by their current state, in lifecycle order."),
        [Column("state", _("Code")), Column("label", _("State")), PARTNERSHIP_COUNT],
        rows if has_any else [],
        NO_PARTNERSHIP,
        headline=ngettext("%(count)s partnership", "%(count)s partnerships", total)
        % {"count": total},
        chart=_count_chart("by_state", title, rows, "label", rtl) if has_any else mark_safe(""),
    )


def by_sdg(scope: Scope, rtl: bool) -> Table:
    rows = selectors.partnerships_by_sdg(scope)
    title = gettext_lazy("Partnerships by SDG")
    has_any = any(row["partnerships"] for row in rows)
    labelled = [{**row, "name": f"{row['sdg']}. {row['label']}"} for row in rows]
    return Table(
        "by_sdg",
        title,
        gettext_lazy(
            "Partnerships past draft tagged with each goal. A partnership with several goals "
            "counts under each, so the rows add up to more than the number of partnerships."
        ),
        [Column("sdg", _("SDG"), numeric=True), Column("label", _("Goal")), PARTNERSHIP_COUNT],
        rows if has_any else [],
        NO_PARTNERSHIP,
        chart=_count_chart("by_sdg", title, labelled, "name", rtl) if has_any else mark_safe(""),
    )


def by_country(scope: Scope, rtl: bool) -> Table:
    rows = selectors.partnerships_by_country(scope)
    title = gettext_lazy("Partnerships by country")
    return Table(
        "by_country",
        title,
        gettext_lazy(
            "Partnerships past draft in each country that has at least one. A partnership in "
            "several countries counts under each."
        ),
        [
            Column("iso2", _("ISO code")),
            Column("country", _("Country")),
            Column("region", _("Region")),
            PARTNERSHIP_COUNT,
        ],
        rows,
        gettext_lazy("No partnership names a country yet."),
        chart=_count_chart("by_country", title, rows[:20], "country", rtl)
        if rows
        else mark_safe(""),
    )


def by_region(scope: Scope, rtl: bool) -> Table:
    rows = selectors.partnerships_by_region(scope)
    title = gettext_lazy("Partnerships by region")
    shown = [{**row, "region": row["region"] or _("No country (global)")} for row in rows]
    return Table(
        "by_region",
        title,
        gettext_lazy(
            "Partnerships past draft in each UN M49 region. A partnership in several countries "
            "of one region counts once there; one spanning regions counts in each."
        ),
        [Column("m49", _("M49 code")), Column("region", _("Region")), PARTNERSHIP_COUNT],
        shown,
        NO_PARTNERSHIP,
        chart=_count_chart("by_region", title, shown, "region", rtl) if rows else mark_safe(""),
    )


def trend(scope: Scope, rtl: bool) -> Table:
    rows = selectors.partnerships_started_by_year(scope)
    title = gettext_lazy("Partnerships started per year")
    text = _("Partnerships started each year, oldest year first.")
    chart = _year_chart(rows, "partnerships", "chart-trend", title, text, rtl)
    return Table(
        "trend",
        title,
        gettext_lazy(
            "Partnerships that became active (now active, suspended, closing, closed or "
            "terminated) by the year they started: the start date, else the signature date, "
            "else the day the record was created."
        ),
        [Column("year", _("Year")), PARTNERSHIP_COUNT],
        rows,
        gettext_lazy("No partnership has started yet."),
        chart=chart,
    )


def contributions(scope: Scope, rtl: bool) -> Table:
    rows = selectors.contributions(scope)
    return Table(
        "contributions",
        gettext_lazy("Contributions by kind and currency"),
        gettext_lazy(
            "Contributions recorded on partnerships that reached agreement or went further, "
            "summed by kind and currency; partners' and UN entities' apart. Amounts in "
            "different currencies are never added together. Pro bono contributions are in hours."
        ),
        [
            Column("label", _("Kind")),
            Column("currency", _("Currency")),
            Column("partner_total", _("Partners"), numeric=True),
            Column("un_total", _("UN entities"), numeric=True),
            Column("partnerships", _("Partnerships"), numeric=True),
        ],
        rows,
        gettext_lazy("No contribution recorded yet."),
    )


def leverage(scope: Scope, rtl: bool) -> Table:
    rows = selectors.leverage(scope)
    parts = []
    for row in rows:
        parts.append(
            charts.share_bar(
                [
                    charts.Bar(_("Partners"), float(row["partner_total"])),
                    charts.Bar(_("UN entities"), float(row["un_total"])),
                ],
                chart_id=f"chart-leverage-{row['currency']}",
                title=_("Resources in %(currency)s: partners and UN")
                % {"currency": row["currency"]},
                description=_("Share of resources in one currency brought by each side."),
                rtl=rtl,
            )
        )
    return Table(
        "leverage",
        gettext_lazy("Contributions leveraged"),
        gettext_lazy(
            "Per currency: partners' cash and in-kind contributions ÷ UN entities' cash and "
            "in-kind contributions, on partnerships that reached agreement or went further. "
            "'—' when the UN brought nothing in that currency."
        ),
        [
            Column("currency", _("Currency")),
            Column("partner_total", _("Partners"), numeric=True),
            Column("un_total", _("UN entities"), numeric=True),
            Column("leverage", _("Leverage (partners ÷ UN)"), numeric=True),
        ],
        rows,
        gettext_lazy("No contribution in a currency recorded yet."),
        chart=mark_safe("".join(parts)),
    )


def _share_columns(counted: str, eligible: str) -> list[Column]:
    return [
        Column("entity", _("Lead entity")),
        Column("counted", counted, numeric=True),
        Column("eligible", eligible, numeric=True),
        Column("percent", _("Share (%)"), numeric=True),
    ]


def _share_table(
    name: str,
    title: str | Promise,
    definition: str | Promise,
    rows: list[dict[str, Any]],
    yes: str,
    no: str,
    eligible: str,
    empty: str | Promise,
    rtl: bool,
) -> Table:
    columns = _share_columns(yes, eligible)
    total = rows[-1]
    if not total["eligible"]:
        return Table(name, title, definition, columns, [], empty)
    shown = [{**row, "entity": row["entity"] or _("Total")} for row in rows]
    chart = charts.share_bar(
        [
            charts.Bar(yes, total["counted"]),
            charts.Bar(no, total["eligible"] - total["counted"], colour="#6c757d"),
        ],
        chart_id=f"chart-{name}",
        title=str(title),
        description=_share_headline(rows),
        rtl=rtl,
    )
    return Table(
        name,
        title,
        definition,
        columns,
        shown,
        empty,
        headline=_share_headline(rows),
        chart=mark_safe(chart),
    )


def kpis_at_design(scope: Scope, rtl: bool) -> Table:
    return _share_table(
        "kpis_at_design",
        gettext_lazy("Share with KPIs at design"),
        gettext_lazy(
            "Partnerships that reached agreement or went further with, defined before "
            "activation, at least one outcome- or impact-level KPI that has a baseline and a "
            "target ÷ partnerships that reached agreement or went further."
        ),
        selectors.share_with_kpis_at_design(scope),
        _("With KPIs at design"),
        _("Without"),
        _("Reached agreement"),
        gettext_lazy("No partnership has reached agreement yet."),
        rtl,
    )


def evaluated(scope: Scope, rtl: bool) -> Table:
    return _share_table(
        "evaluated",
        gettext_lazy("Share evaluated"),
        gettext_lazy(
            "Partnerships with at least one evaluation (mid-term or final) ÷ partnerships where "
            "one is expected: implementation over (closing, closed or terminated), or active or "
            "suspended for two years or more since signature (else since the start date)."
        ),
        selectors.share_evaluated(scope),
        _("Evaluated"),
        _("Not evaluated"),
        _("Evaluation expected"),
        gettext_lazy("No partnership is old enough to expect an evaluation yet."),
        rtl,
    )


def overdue_reports(scope: Scope, rtl: bool) -> Table:
    rows = selectors.overdue_reports(scope)
    return Table(
        "overdue_reports",
        gettext_lazy("Progress reports overdue"),
        gettext_lazy(
            "Progress and final reports of active or closing partnerships, still due or "
            "returned for changes after their due date. Reporting is paused while a "
            "partnership is suspended, and a closed, terminated, withdrawn or rejected one "
            "owes no more reports."
        ),
        [
            Column("partnership", _("Partnership")),
            Column("lead_entity", _("Lead entity")),
            Column("period_start", _("Period from")),
            Column("period_end", _("Period to")),
            Column("final", _("Final report")),
            Column("due_on", _("Due on")),
            Column("days_overdue", _("Days overdue"), numeric=True),
            Column("status", _("Status")),
        ],
        rows,
        gettext_lazy("No report is overdue."),
        headline=_("%(count)s overdue") % {"count": len(rows)},
    )


def screening(scope: Scope, rtl: bool) -> Table:
    rows = selectors.screening_outcomes(scope)
    total = sum(row["total"] for row in rows)
    decisions = {"approve": 0, "approve_with_conditions": 0, "reject": 0}
    for row in rows:
        for decision in decisions:
            decisions[decision] += row[decision]
    title = gettext_lazy("Screening outcomes")
    chart = mark_safe("")
    if rows:
        chart = mark_safe(
            charts.share_bar(
                [
                    charts.Bar(_("Approved"), decisions["approve"], colour="#198754"),
                    charts.Bar(
                        _("Approved with conditions"),
                        decisions["approve_with_conditions"],
                        colour="#ffc107",
                    ),
                    charts.Bar(_("Rejected"), decisions["reject"], colour="#dc3545"),
                ],
                chart_id="chart-screening",
                title=str(title),
                description=_("Decisions of the screenings completed in the period."),
                rtl=rtl,
            )
        )
    shown = [{**row, "label": row["label"] or _("No rating")} for row in rows]
    return Table(
        "screening",
        title,
        gettext_lazy(
            "Completed screenings decided in the last 12 months (with a year range: decided in "
            "those years), by risk rating and decision. Entity: screenings it requested; "
            "country: screenings of organisations based there."
        ),
        [
            Column("label", _("Risk rating")),
            Column("approve", _("Approved"), numeric=True),
            Column("approve_with_conditions", _("With conditions"), numeric=True),
            Column("reject", _("Rejected"), numeric=True),
            Column("total", _("Total"), numeric=True),
        ],
        shown,
        gettext_lazy("No screening completed in the period."),
        headline=ngettext("%(count)s screening", "%(count)s screenings", total) % {"count": total},
        chart=chart,
    )


def listings(scope: Scope, rtl: bool) -> Table:
    rows = selectors.listings_by_status(scope)
    has_any = any(row["listings"] for row in rows)
    kinds = {"need": _("Needs"), "offer": _("Offers")}
    shown = [{**row, "kind": kinds[row["kind"]]} for row in rows]
    title = gettext_lazy("Needs and offers")
    chart = mark_safe("")
    if has_any:
        chart = mark_safe(
            charts.bar_chart(
                [
                    charts.Bar(f"{row['kind']} · {row['label']}", row["listings"])
                    for row in shown
                    if row["listings"]
                ],
                chart_id="chart-listings",
                title=str(title),
                description=_("Published needs and offers per current status."),
                rtl=rtl,
            )
        )
    return Table(
        "listings",
        title,
        gettext_lazy(
            "Needs and offers published on the marketplace, by current status. Entity: its "
            "needs and the offers routed to it; country: needs and offers naming the country. "
            "With a year range: by the year they were published."
        ),
        [
            Column("kind", _("Listing")),
            Column("status", _("Code")),
            Column("label", _("Status")),
            Column("listings", _("Number"), numeric=True),
        ],
        shown if has_any else [],
        gettext_lazy("Nothing published on the marketplace yet."),
        chart=chart,
    )


def routes(scope: Scope, rtl: bool) -> Table:
    rows = selectors.routes_by_status(scope)
    has_any = any(row["routes"] for row in rows)
    title = gettext_lazy("Offers routed by status")
    chart = mark_safe("")
    if has_any:
        chart = mark_safe(
            charts.bar_chart(
                [charts.Bar(row["label"], row["routes"]) for row in rows],
                chart_id="chart-routes",
                title=str(title),
                description=_("Routed offers per current status."),
                rtl=rtl,
            )
        )
    return Table(
        "routes",
        title,
        gettext_lazy(
            "Offers in entities' inboxes (one per offer and entity: routed by mandate fit, "
            "forwarded or sent by the coordinator) by current status. Entity: its inbox; "
            "country: offers for that country."
        ),
        [
            Column("status", _("Code")),
            Column("label", _("Status")),
            Column("routes", _("Offers"), numeric=True),
        ],
        rows if has_any else [],
        gettext_lazy("No offer has been routed yet."),
        headline=_("%(count)s routed") % {"count": sum(r["routes"] for r in rows)},
        chart=chart,
    )


def acknowledgement(scope: Scope, rtl: bool) -> Table:
    rows = selectors.acknowledgement_times(scope)
    headline = ""
    chart = mark_safe("")
    if rows:
        total = rows[-1]
        if total["median_working_days"] is not None:
            headline = ngettext(
                "median %(median)s, 90th percentile %(p90)s working days (%(count)s "
                "acknowledged offer)",
                "median %(median)s, 90th percentile %(p90)s working days (%(count)s "
                "acknowledged offers)",
                total["acknowledged"],
            ) % {
                "median": display(total["median_working_days"]),
                "p90": display(total["p90_working_days"]),
                "count": total["acknowledged"],
            }
        entities = [row for row in rows[:-1] if row["median_working_days"] is not None]
        if entities:
            chart = mark_safe(
                charts.bar_chart(
                    [charts.Bar(row["entity"], row["median_working_days"]) for row in entities],
                    chart_id="chart-acknowledgement",
                    title=_("Median working days to acknowledge an offer"),
                    description=_("Per entity; the table below gives the 90th percentile too."),
                    rtl=rtl,
                )
            )
    shown = [{**row, "entity": row["entity"] or _("Total")} for row in rows]
    return Table(
        "acknowledgement",
        gettext_lazy("Response times to routed offers"),
        gettext_lazy(
            "Per entity: offers received; acknowledged, and of those within the deadline of ten "
            "working days; median and 90th percentile (nearest rank) of working days from receipt "
            "to acknowledgement (weekends excluded); waiting for acknowledgement, and overdue "
            "among them."
        ),
        [
            Column("entity", _("Entity")),
            Column("received", _("Received"), numeric=True),
            Column("acknowledged", _("Acknowledged"), numeric=True),
            Column("in_time", _("In time"), numeric=True),
            Column("median_working_days", _("Median working days"), numeric=True),
            Column("p90_working_days", _("90th percentile"), numeric=True),
            Column("waiting", _("Waiting"), numeric=True),
            Column("overdue", _("Overdue"), numeric=True),
        ],
        shown,
        gettext_lazy("No offer has been routed yet."),
        headline=headline,
        chart=chart,
    )


def overdue_routes(scope: Scope, rtl: bool) -> Table:
    rows = selectors.overdue_routes(scope)
    return Table(
        "overdue_routes",
        gettext_lazy("Offers waiting too long for acknowledgement"),
        gettext_lazy(
            "Routed offers not yet acknowledged ten working days after they were received, "
            "longest waiting first."
        ),
        [
            Column("offer", _("Offer")),
            Column("company", _("Company")),
            Column("entity", _("Entity")),
            Column("received_at", _("Received")),
            Column("due_at", _("Due")),
            Column("working_days_waiting", _("Working days waiting"), numeric=True),
        ],
        rows,
        gettext_lazy("No offer is waiting beyond its deadline."),
        headline=_("%(count)s overdue") % {"count": len(rows)},
    )


def _excluded_text(count: int) -> str:
    return ngettext(
        "%(count)s left out: entered after signature (the signature predates the recorded "
        "proposal)",
        "%(count)s left out: entered after signature (the signature predates the recorded "
        "proposal)",
        count,
    ) % {"count": count}


def signature(scope: Scope, rtl: bool) -> Table:
    rows = selectors.time_to_signature(scope)
    summary = selectors.time_to_signature_summary(rows)
    headline = ""
    chart = mark_safe("")
    if summary["partnerships"]:
        headline = _("median %(median)s days, 90th percentile %(p90)s days (%(count)s)") % {
            "median": display(summary["median_days"]),
            "p90": display(summary["p90_days"]),
            "count": summary["partnerships"],
        }
        chart = mark_safe(
            charts.bar_chart(
                [
                    charts.Bar(_("Median"), summary["median_days"]),
                    charts.Bar(_("90th percentile"), summary["p90_days"]),
                ],
                chart_id="chart-signature",
                title=_("Days from proposal to signature"),
                description=headline,
                rtl=rtl,
            )
        )
    elif summary["signed"]:
        headline = ngettext(
            "%(count)s partnership signed; none can be measured",
            "%(count)s partnerships signed; none can be measured",
            summary["signed"],
        ) % {"count": summary["signed"]}
    if summary["excluded"]:
        headline += " — " + _excluded_text(summary["excluded"])
    shown = [
        {
            **row,
            "note": _("Entered after signature: left out of the figures")
            if row["entered_after_signature"]
            else "",
        }
        for row in rows
    ]
    return Table(
        "signature",
        gettext_lazy("Time to signature"),
        gettext_lazy(
            "Partnerships that became active: days from proposal (first move into 'proposed', "
            "else the day the record was created) to signature (the signature date, else the "
            "move into 'active'). Median and 90th percentile (nearest rank). Partnerships whose "
            "signature predates the recorded proposal (entered after signature) are listed "
            "but left out of the figures."
        ),
        [
            Column("partnership", _("Partnership")),
            Column("lead_entity", _("Lead entity")),
            Column("proposed_on", _("Proposed on")),
            Column("signed_on", _("Signed on")),
            Column("days", _("Days"), numeric=True),
            Column("note", _("Note")),
        ],
        shown,
        gettext_lazy("No partnership has been signed yet."),
        headline=headline,
        chart=chart,
    )


# Page order: what the partnerships are, what they bring, how well they are managed, then the
# pipeline (screening, offers, signature).
TABLES: dict[str, Callable[[Scope, bool], Table]] = {
    "by_type": by_type,
    "by_state": by_state,
    "by_sdg": by_sdg,
    "by_region": by_region,
    "by_country": by_country,
    "trend": trend,
    "contributions": contributions,
    "leverage": leverage,
    "kpis_at_design": kpis_at_design,
    "evaluated": evaluated,
    "overdue_reports": overdue_reports,
    "screening": screening,
    "listings": listings,
    "routes": routes,
    "acknowledgement": acknowledgement,
    "overdue_routes": overdue_routes,
    "signature": signature,
}


def all_tables(scope: Scope, *, rtl: bool = False) -> list[Table]:
    return [build(scope, rtl) for build in TABLES.values()]


def table_named(scope: Scope, name: str) -> Table | None:
    build = TABLES.get(name)
    return build(scope, False) if build else None


# --- The system-wide report ---------------------------------------------------------------------


def by_entity(scope: Scope, rtl: bool) -> Table:
    rows = selectors.partnerships_by_entity(scope)
    title = gettext_lazy("Partnerships by UN entity")
    return Table(
        "by_entity",
        title,
        gettext_lazy(
            "Partnerships past draft by UN entity: those it leads, those it takes part in "
            "without leading, and its total. A partnership with several entities counts under "
            "each."
        ),
        [
            Column("entity", _("Entity")),
            Column("leads", _("Leads"), numeric=True),
            Column("takes_part", _("Takes part"), numeric=True),
            PARTNERSHIP_COUNT,
        ],
        rows,
        NO_PARTNERSHIP,
        chart=_count_chart("by_entity", title, rows[:20], "entity", rtl) if rows else mark_safe(""),
    )


def contributions_by_year(scope: Scope, rtl: bool) -> Table:
    rows = selectors.contributions_by_year(scope)
    title = gettext_lazy("Contributions per year")
    parts = []
    for currency in sorted({row["currency"] for row in rows}):
        parts.append(
            charts.column_chart(
                [
                    charts.Bar(
                        str(row["year"]), float(row["total"]), value_label=f"{row['total']:,.0f}"
                    )
                    for row in rows
                    if row["currency"] == currency
                ],
                chart_id=f"chart-contributions-by-year-{currency}",
                title=_("Contributions in %(currency)s per year") % {"currency": currency},
                description=_(
                    "Partners' and UN entities' cash and in-kind contributions together, by the "
                    "partnership's year, oldest first; the table gives each side."
                ),
                rtl=rtl,
            )
        )
    return Table(
        "contributions_by_year",
        title,
        gettext_lazy(
            "Cash and in-kind contributions recorded on partnerships that reached agreement or "
            "went further, by the partnership's year (start date, else signature date, else "
            "the day the record was created) and currency; partners' and UN entities' apart. "
            "Pro bono hours are left out and currencies are never added together."
        ),
        [
            Column("currency", _("Currency")),
            Column("year", _("Year")),
            Column("partner_total", _("Partners"), numeric=True),
            Column("un_total", _("UN entities"), numeric=True),
            Column("total", _("Total"), numeric=True),
        ],
        rows,
        gettext_lazy("No contribution in a currency recorded yet."),
        chart=mark_safe("".join(parts)),
    )


def evaluations_by_year(scope: Scope, rtl: bool) -> Table:
    rows = selectors.evaluations_by_year(scope)
    title = gettext_lazy("Evaluations per year")
    text = _("Evaluations completed each year, oldest year first.")
    chart = _year_chart(rows, "evaluations", "chart-evaluations-by-year", title, text, rtl)
    return Table(
        "evaluations_by_year",
        title,
        gettext_lazy(
            "Evaluations (mid-term and final) of partnerships past draft by the year they were "
            "completed, with the number of partnerships evaluated that year. With a year range: "
            "evaluations completed in those years."
        ),
        [
            Column("year", _("Year")),
            Column("evaluations", _("Evaluations"), numeric=True),
            Column("partnerships", _("Partnerships evaluated"), numeric=True),
        ],
        rows,
        gettext_lazy("No evaluation recorded yet."),
        chart=chart,
    )


SIGNATURE_DEFINITION = gettext_lazy(
    "Signed agreements of the agreement desk: calendar days from the first draft of each "
    "agreement (its creation; regenerating keeps it) to the date of signature — median, mean "
    "and 90th percentile (nearest rank: nine in ten were signed within that many days) — and "
    "the median from sending for signature to signature. With a year range: agreements "
    "signed in those years."
)


def _signature_table(
    scope: Scope, rtl: bool, *, name: str, group: str, title: Promise, first: str
) -> Table:
    figures_ = selectors.agreement_signature_times(scope)
    groups = figures_[group]
    rows = [
        {
            "group": item.label,
            "agreements": item.agreements,
            "median_days": item.median_days,
            "mean_days": item.mean_days,
            "p90_days": item.p90_days,
            "median_sent_days": item.median_sent_days,
        }
        for item in [*groups, *figures_["overall"]]
    ]
    headline = ""
    chart = mark_safe("")
    if figures_["overall"]:
        overall = figures_["overall"][0]
        headline = ngettext(
            "median %(median)s days, mean %(mean)s days (%(count)s agreement)",
            "median %(median)s days, mean %(mean)s days (%(count)s agreements)",
            overall.agreements,
        ) % {
            "median": display(overall.median_days),
            "mean": display(overall.mean_days),
            "count": overall.agreements,
        }
        chart = mark_safe(
            charts.bar_chart(
                [
                    charts.Bar(
                        item.label, item.median_days or 0, value_label=display(item.median_days)
                    )
                    for item in groups
                ],
                chart_id=f"chart-{name}",
                title=_("Median days from first draft to signature"),
                description=_("Per group; the table below gives the mean and 90th percentile."),
                rtl=rtl,
            )
        )
    return Table(
        name,
        title,
        SIGNATURE_DEFINITION,
        [
            Column("group", first),
            Column("agreements", _("Agreements"), numeric=True),
            Column("median_days", _("Median days"), numeric=True),
            Column("mean_days", _("Mean days"), numeric=True),
            Column("p90_days", _("90th percentile"), numeric=True),
            Column("median_sent_days", _("Median days from sending"), numeric=True),
        ],
        [{**row, "group": row["group"] or _("All agreements")} for row in rows],
        gettext_lazy("No agreement has been signed yet."),
        headline=headline,
        chart=chart,
    )


def signature_by_template(scope: Scope, rtl: bool) -> Table:
    return _signature_table(
        scope,
        rtl,
        name="signature_by_template",
        group="by_template",
        title=gettext_lazy("Agreements' time to signature, by kind of agreement"),
        first=_("Kind of agreement"),
    )


def signature_by_entity(scope: Scope, rtl: bool) -> Table:
    return _signature_table(
        scope,
        rtl,
        name="signature_by_entity",
        group="by_entity",
        title=gettext_lazy("Agreements' time to signature, by lead entity"),
        first=_("Lead entity"),
    )


# The report's order follows the 2011 report's questions: what partnerships there are and
# where, what they bring, how well they are managed, the pipeline, then the trends. Tables that
# name partnerships or companies (overdue reports, overdue offers) are dashboards-only.
REPORT_TABLES: dict[str, Callable[[Scope, bool], Table]] = {
    "by_type": by_type,
    "by_entity": by_entity,
    "by_region": by_region,
    "by_sdg": by_sdg,
    "contributions": contributions,
    "leverage": leverage,
    "kpis_at_design": kpis_at_design,
    "evaluated": evaluated,
    "screening": screening,
    "routes": routes,
    "acknowledgement": acknowledgement,
    "signature_by_template": signature_by_template,
    "signature_by_entity": signature_by_entity,
    "trend": trend,
    "contributions_by_year": contributions_by_year,
    "evaluations_by_year": evaluations_by_year,
}


def report_tables(scope: Scope, *, rtl: bool = False) -> dict[str, Table]:
    return {name: build(scope, rtl) for name, build in REPORT_TABLES.items()}


def report_table_named(scope: Scope, name: str) -> Table | None:
    build = REPORT_TABLES.get(name)
    return build(scope, False) if build else None


# Fewer values than this make a median a matter of chance: the headline says so.
FEW_VALUES = 5


@dataclass(frozen=True)
class Headline:
    """One of the report's first numbers: its label, its value, the base it is computed on
    (or why it cannot be computed) and, when that base is too small, a caution."""

    label: str
    value: str
    base: str = ""
    caution: str = ""


def _median_caution(count: int) -> str:
    if 0 < count < FEW_VALUES:
        return _("Too few values to be meaningful.")
    return ""


def _leverage_headline(row: dict[str, Any]) -> Headline:
    label = _("Partners' contributions in %(currency)s") % {"currency": row["currency"]}
    if row["leverage"] is None:
        return Headline(
            label,
            display(row["partner_total"]),
            _("Leverage not computed: no UN contribution in %(currency)s to compare with.")
            % {"currency": row["currency"]},
        )
    return Headline(
        label,
        _("%(amount)s (leverage %(ratio)s)")
        % {"amount": display(row["partner_total"]), "ratio": display(row["leverage"])},
        _("Leverage: partners' contributions ÷ the UN entities' %(amount)s %(currency)s.")
        % {"amount": display(row["un_total"]), "currency": row["currency"]},
    )


def _share_headlines(report: dict[str, Table]) -> list[Headline]:
    kpis = report["kpis_at_design"].rows
    evaluated = report["evaluated"].rows
    headlines = []
    label = _("Share of partnerships that reached agreement with KPIs at design")
    if kpis:
        total = kpis[-1]
        base = ngettext(
            "%(counted)s of %(eligible)s partnership that reached agreement",
            "%(counted)s of %(eligible)s partnerships that reached agreement",
            total["eligible"],
        ) % {"counted": total["counted"], "eligible": total["eligible"]}
        headlines.append(Headline(label, f"{display(total['percent'])}%", base))
    else:
        headlines.append(Headline(label, "—", _("No partnership has reached agreement yet.")))
    label = _("Share evaluated, of partnerships where an evaluation is expected")
    if evaluated:
        total = evaluated[-1]
        base = ngettext(
            "%(counted)s of %(eligible)s partnership where an evaluation is expected",
            "%(counted)s of %(eligible)s partnerships where an evaluation is expected",
            total["eligible"],
        ) % {"counted": total["counted"], "eligible": total["eligible"]}
        headlines.append(Headline(label, f"{display(total['percent'])}%", base))
    else:
        headlines.append(
            Headline(label, "—", _("No partnership is old enough to expect an evaluation yet."))
        )
    return headlines


def _acknowledgement_headline(report: dict[str, Table], routed: int) -> Headline:
    label = _("Median working days to acknowledge an offer")
    rows = report["acknowledgement"].rows
    acknowledged = rows[-1]["acknowledged"] if rows else 0
    if not acknowledged:
        return Headline(label, "—", _("No routed offer has been acknowledged yet."))
    base = ngettext(
        "median of %(count)s acknowledged offer (of %(routed)s routed)",
        "median of %(count)s acknowledged offers (of %(routed)s routed)",
        acknowledged,
    ) % {"count": acknowledged, "routed": routed}
    return Headline(
        label, display(rows[-1]["median_working_days"]), base, _median_caution(acknowledged)
    )


def _signature_headline(report: dict[str, Table]) -> Headline:
    label = _("Median days from first draft to signature")
    rows = report["signature_by_template"].rows
    if not rows:
        return Headline(label, "—", _("No agreement has been signed yet."))
    count = rows[-1]["agreements"]
    base = ngettext(
        "median of %(count)s signed agreement",
        "median of %(count)s signed agreements",
        count,
    ) % {"count": count}
    return Headline(label, display(rows[-1]["median_days"]), base, _median_caution(count))


def report_headlines(report: dict[str, Table], *, public: bool = True) -> list[Headline]:
    """The report's first numbers, read from its tables (no query of their own), each with
    the base it is computed on; `public` says which partnerships the tables counted."""
    partnerships = sum(row["partnerships"] for row in report["by_type"].rows)
    headlines = [
        Headline(
            _("Partnerships"),
            display(partnerships),
            _("Signed partnerships open to the public")
            if public
            else _("Every partnership past draft, UN-internal and unsigned ones included"),
        ),
        Headline(_("UN entities taking part"), display(len(report["by_entity"].rows))),
    ]
    headlines += [_leverage_headline(row) for row in report["leverage"].rows]
    headlines += _share_headlines(report)
    screenings = sum(row["total"] for row in report["screening"].rows)
    headlines.append(Headline(_("Screenings completed"), display(screenings)))
    routed = sum(row["routes"] for row in report["routes"].rows)
    headlines.append(Headline(_("Offers routed"), display(routed)))
    headlines.append(_acknowledgement_headline(report, routed))
    headlines.append(_signature_headline(report))
    return headlines
