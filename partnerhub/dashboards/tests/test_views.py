"""The dashboard pages: who may open them, what they show, CSV downloads and query counts."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from partnerhub.dashboards.selectors import Scope
from partnerhub.dashboards.tables import TABLES
from partnerhub.dashboards.tests.conftest import grow_partnerships
from partnerhub.partnerships.tests.factories import PartnerFactory, PartnershipFactory

SYSTEM = reverse("dashboards:system")


def _entity(slug="wfp"):
    return reverse("dashboards:entity", args=[slug])


def _country(iso2="sd"):
    return reverse("dashboards:country", args=[iso2])


def _tables(response):
    return {table.name: table for table in response.context["tables"]}


def _csv(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


# --- Access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [SYSTEM, _entity(), _country()])
def test_anonymous_goes_to_login(client, entity, url):
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("role", ["plain_user", "company_rep"])
@pytest.mark.parametrize(
    "url",
    [
        SYSTEM,
        _entity(),
        _country(),
        _entity() + "?export=by_type",
        reverse("dashboards:entity_default"),
        reverse("dashboards:country_default"),
    ],
)
def test_people_outside_the_un_are_refused(as_role, entity, role, url):
    _user, client = as_role(role)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    "role",
    [
        "focal_point",
        "other_focal_point",
        "screening_officer",
        "legal_officer",
        "me_officer",
        "country_coordinator",
        "coordinator",
        "admin",
    ],
)
def test_un_staff_see_the_system_entity_and_country_dashboards(as_role, entity, role):
    _user, client = as_role(role)
    for url in (SYSTEM, _entity(), _country()):
        assert client.get(url).status_code == 200


def test_the_nav_shows_dashboards_to_un_staff_only(as_role):
    _user, client = as_role("focal_point")
    assert f'href="{SYSTEM}"' in client.get(reverse("core:dashboard")).content.decode()
    _user, client = as_role("company_rep")
    assert f'href="{SYSTEM}"' not in client.get(reverse("core:dashboard")).content.decode()


def test_unknown_entity_or_country_is_not_found(as_role):
    _user, client = as_role("focal_point")
    assert client.get(_entity("nope")).status_code == 404
    assert client.get(_country("zz")).status_code == 404


def test_a_focal_point_lands_on_their_own_entity(as_role, entity):
    _user, client = as_role("focal_point")
    response = client.get(reverse("dashboards:entity_default"))
    assert response["Location"] == _entity("wfp")
    response = client.get(reverse("dashboards:entity_default"), {"entity": "wfp"})
    assert response["Location"] == _entity("wfp")
    assert client.get(reverse("dashboards:entity_default"), {"entity": "x y"}).status_code == 404


def test_a_country_coordinator_lands_on_their_country(as_role):
    _user, client = as_role("country_coordinator")
    response = client.get(reverse("dashboards:country_default"))
    assert response["Location"] == _country("sd")
    response = client.get(reverse("dashboards:country_default"), {"country": "KE"})
    assert response["Location"] == _country("ke")


def test_without_an_entity_or_country_the_coordinator_is_asked_to_choose(as_role):
    _user, client = as_role("coordinator")
    assert client.get(reverse("dashboards:entity_default"))["Location"] == SYSTEM
    assert client.get(reverse("dashboards:country_default"))["Location"] == SYSTEM


# --- Content ----------------------------------------------------------------------------------


def test_the_system_page_shows_every_figure_with_chart_table_definition_and_csv(as_role, world):
    _user, client = as_role("coordinator")
    response = client.get(SYSTEM)
    page = response.content.decode()
    assert list(_tables(response)) == list(TABLES)
    for name in TABLES:
        assert f'href="?export={name}"' in page
    assert page.count('role="img"') >= 10
    assert "Definition:" in page
    tables = _tables(response)
    # The headline of each share carries its denominator (see test_selectors for the sums).
    assert tables["kpis_at_design"].headline == "40% — 2 of 5 partnerships"
    assert tables["evaluated"].headline == "33.3% — 1 of 3 partnerships"
    assert tables["overdue_reports"].headline == "2 overdue"
    assert tables["signature"].headline.startswith("median 65 days, 90th percentile 120 days")
    assert "P4 Shelter" in page
    assert "O1 Trucks" in page


def test_each_chart_on_the_page_is_well_formed_svg(as_role, world):
    _user, client = as_role("coordinator")
    for table in _tables(client.get(SYSTEM)).values():
        if table.chart:
            # Several charts (one per currency) may follow each other: wrap them to parse.
            root = ET.fromstring(f"<charts>{table.chart}</charts>")  # noqa: S314 (our own SVG)
            assert all(svg.get("role") == "img" for svg in root)


def test_the_entity_page_is_scoped(as_role, world, other_entity):
    _user, client = as_role("focal_point")
    tables = _tables(client.get(_entity("unhcr")))
    # UNHCR leads P2 and P4: both reached agreement, neither has KPIs at design.
    assert tables["kpis_at_design"].headline == "0% — 0 of 2 partnerships"
    assert [row["partnership"] for row in tables["overdue_reports"].rows] == ["P4 Shelter"] * 2


def test_the_country_page_is_scoped(as_role, world):
    _user, client = as_role("country_coordinator")
    tables = _tables(client.get(_country("sd")))
    assert {r["iso2"] for r in tables["by_country"].rows} == {"SD", "KE"}  # P1 is in both
    assert tables["by_state"].headline == "3 partnerships"


def test_empty_states_replace_empty_charts(as_role, entity):
    _user, client = as_role("focal_point")
    response = client.get(SYSTEM)
    page = response.content.decode()
    assert "No partnership yet." in page
    assert "No offer has been routed yet." in page
    assert 'role="img"' not in page


def test_the_year_filter_narrows_the_figures(as_role, world):
    _user, client = as_role("coordinator")
    tables = _tables(client.get(SYSTEM, {"year_from": 2023, "year_to": 2024}))
    # P1 (2023) and P7 (2024).
    assert tables["by_state"].headline == "2 partnerships"


@pytest.mark.parametrize(
    "query", [{"year_from": "abc"}, {"year_from": 2025, "year_to": 2020}, {"year_to": 1800}]
)
def test_a_bad_year_range_is_explained_not_applied(as_role, world, query):
    _user, client = as_role("coordinator")
    response = client.get(SYSTEM, query)
    assert response.status_code == 400
    assert "The figures below cover every year." in response.content.decode()
    assert _tables(response)["by_state"].headline == "6 partnerships"
    assert client.get(SYSTEM, {**query, "export": "by_state"}).status_code == 400


def test_arabic_pages_mirror_the_charts(as_role, world):
    _user, client = as_role("coordinator")
    with translation.override("ar"):
        response = client.get(SYSTEM, HTTP_ACCEPT_LANGUAGE="ar")
    assert 'direction="rtl"' in response.content.decode()


# --- CSV --------------------------------------------------------------------------------------


def test_csv_has_headers_and_every_row(as_role, world):
    _user, client = as_role("coordinator")
    response = client.get(SYSTEM, {"export": "by_country"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="partnerhub-system-by_country-' in response["Content-Disposition"]
    assert _csv(response) == [
        ["ISO code", "Country", "Region", "Partnerships"],
        ["SD", "Sudan", "Africa", "3"],
        ["KE", "Kenya", "Africa", "2"],
        ["JO", "Jordan", "Asia", "1"],
    ]


def test_csv_of_contributions_keeps_currencies_apart(as_role, world):
    _user, client = as_role("focal_point")
    rows = _csv(client.get(SYSTEM, {"export": "leverage"}))
    assert rows == [
        ["Currency", "Partners", "UN entities", "Leverage (partners ÷ UN)"],
        ["EUR", "2000.00", "1000.00", "2.00"],
        ["USD", "1600.00", "300.00", "5.33"],
    ]


def test_every_table_downloads(as_role, world):
    _user, client = as_role("coordinator")
    for name, build in TABLES.items():
        rows = _csv(client.get(_entity("wfp"), {"export": name}))
        headers = [str(column.header) for column in build(Scope(), False).columns]
        assert rows[0] == headers, name


def test_csv_lists_all_rows_not_one_page(as_role, entity, settings):
    settings.PAGE_SIZE = 5
    for partnership in PartnershipFactory.create_batch(30, lead_entity=entity, status="agreement"):
        PartnerFactory(partnership=partnership)
    _user, client = as_role("coordinator")
    rows = _csv(client.get(SYSTEM, {"export": "signature"}))
    assert rows[0][0] == "Partnership"
    rows = _csv(client.get(SYSTEM, {"export": "kpis_at_design"}))
    assert rows[-1] == ["Total", "0", "30", "0.0"]


def test_csv_neutralises_spreadsheet_formulas(as_role, world):
    from partnerhub.marketplace.models import Offer

    Offer.objects.filter(title="O1 Trucks").update(title="=HYPERLINK(1)")
    _user, client = as_role("coordinator")
    rows = _csv(client.get(SYSTEM, {"export": "overdue_routes"}))
    assert rows[1][0] == "'=HYPERLINK(1)"


def test_an_unknown_table_is_not_found(as_role, world):
    _user, client = as_role("coordinator")
    assert client.get(SYSTEM, {"export": "salaries"}).status_code == 404


# --- Query counts -----------------------------------------------------------------------------


@pytest.mark.parametrize("url", [SYSTEM, _entity(), _country("ke")])
def test_query_count_does_not_grow_with_partnerships(as_role, entity, other_entity, url):
    _user, client = as_role("focal_point")
    client.get(url)  # warm caches (content types, sessions)
    grow_partnerships(entity, other_entity, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    grow_partnerships(entity, other_entity, 49)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(url)
    assert _tables(response)["by_state"].headline == "50 partnerships"
    assert len(fifty) == len(one)


def test_signature_when_every_record_was_entered_after_signature(as_role, entity):
    # Two partnerships signed in 2011 and recorded in 2026: signed, but not measurable. The
    # section says so instead of "No partnership has been signed yet."
    from partnerhub.dashboards.tables import signature
    from partnerhub.dashboards.tests.conftest import created, make_partnership, moment

    for title, signed in (("Old A", "2011-03-01"), ("Old B", "2011-09-30")):
        partnership = make_partnership(entity, "active", title=title, signed_on=signed)
        created(partnership, moment(2026, 2, 1))
    table = signature(Scope(), False)
    assert not table.is_empty
    assert table.headline == (
        "2 partnerships signed; none can be measured — 2 left out: entered after signature "
        "(the signature predates the recorded proposal)"
    )
    assert not table.chart
    _user, client = as_role("coordinator")
    page = client.get(SYSTEM).content.decode()
    assert "No partnership has been signed yet." not in page
    assert "2 partnerships signed; none can be measured" in page
    rows = _csv(client.get(SYSTEM, {"export": "signature"}))
    assert rows[0] == ["Partnership", "Lead entity", "Proposed on", "Signed on", "Days", "Note"]
    assert rows[1:] == [
        [
            "Old A",
            "WFP",
            "2026-02-01",
            "2011-03-01",
            "",
            "Entered after signature: left out of the figures",
        ],
        [
            "Old B",
            "WFP",
            "2026-02-01",
            "2011-09-30",
            "",
            "Entered after signature: left out of the figures",
        ],
    ]


def test_signature_empty_only_when_nothing_is_signed(as_role, entity):
    from partnerhub.dashboards.tables import signature

    PartnershipFactory(lead_entity=entity, status="agreement")
    table = signature(Scope(), False)
    assert table.is_empty
    assert str(table.empty_message) == "No partnership has been signed yet."


def test_signature_headline_counts_the_records_left_out(as_role, world, entity):
    from partnerhub.dashboards.tests.conftest import created, make_partnership, moment

    old = make_partnership(entity, "closed", title="P8 Old", signed_on="2011-04-12")
    created(old, moment(2026, 1, 5))
    _user, client = as_role("coordinator")
    tables = _tables(client.get(SYSTEM))
    assert tables["signature"].headline == (
        "median 65 days, 90th percentile 120 days (4) — 1 left out: entered after "
        "signature (the signature predates the recorded proposal)"
    )


def test_an_unknown_country_code_is_not_found(as_role, world):
    _user, client = as_role("coordinator")
    for code in ("zz", "qq", "xx", "sdn"):
        assert client.get(_country(code)).status_code == 404
    assert client.get(_country("sd")).status_code == 200
