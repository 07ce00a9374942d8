"""The system-wide report (/dashboards/report/ and report.pdf): figures against a small world
computed by hand, what the public may never see, the staff-only internal view, CSV, PDF and
Arabic.

The world (lead; participating; state; confidentiality; type; countries; SDGs; dates):
  A  WFP;   UNHCR; active;  public;  core business;  KE;     2, 17; starts 2023-03-01,
     signed 2023-02-15; partner cash 1000 USD, WFP cash 250 USD, partner in-kind 500 EUR;
     outcome KPI at design; mid-term evaluation 2025-06-01; MoU drafted 2023-01-01 and
     signed 2023-02-15 (45 days, sent 2023-02-05: 10 days)
  B  UNHCR; —;     closed;  public;  innov. finance; JO;     10;    starts 2021-06-01,
     signed 2021-05-20; partner cash 2000 EUR, UNHCR cash 1000 EUR; qualitative impact KPI
     at design; financial agreement drafted 2021-04-20, signed 2021-05-20 (30 days)
  C  WFP;   —;     closing; public;  philanthropy;   SD, BR; 2;     starts 2024-02-01,
     signed 2024-01-10; partner cash 300 USD; a KPI defined while active (not at design)
  D  WFP;   —;     active;  UN-only; core business;  FR;     5;     starts 2022-05-01,
     signed 2022-04-01; partner cash 10000 USD; KPI at design; evaluation 2024-03-01;
     MoU in 100 days; partner "Hush Holdings Secret Co"
  E  UNHCR; —;     proposed; public; innov. finance; KE;     3;     partner cash 7 USD
Screenings (decided in the last 12 months): Hush Holdings approve (low), Hush Holdings
  reject (high). Routes: an offer of Hush Holdings to WFP received Mon 2026-10-05 09:00,
  acknowledged Wed 2026-10-07 09:00 (2 working days); to UNHCR received Fri 2026-10-02,
  never acknowledged (overdue).
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from partnerhub.agreements.models import Agreement
from partnerhub.agreements.tests.factories import SignedAgreementFactory, template_of
from partnerhub.dashboards import selectors, tables
from partnerhub.dashboards.selectors import Scope
from partnerhub.dashboards.tests.conftest import grow_partnerships, kpi, make_partnership, moment
from partnerhub.marketplace.tests.factories import OfferFactory, OfferRouteFactory
from partnerhub.marketplace.workdays import add_working_days
from partnerhub.organisations.tests.factories import OrganisationFactory
from partnerhub.partnerships.models import Contribution
from partnerhub.partnerships.tests.factories import PartnerFactory, screening_of
from partnerhub.results.models import KPI, Evaluation
from partnerhub.screening.models import Screening

pytestmark = pytest.mark.django_db

PUBLIC = Scope(public=True)
INTERNAL = Scope()
SECRET_COMPANY = "Hush Holdings Secret Co"
SECRET_TITLE = "D Confidential logistics"


def _contribute(partnership, amount, currency, *, kind="cash", entity=None, partner=None):
    if entity is None and partner is None:
        partner = PartnerFactory(partnership=partnership)
    Contribution.objects.create(
        partnership=partnership,
        partner=partner,
        entity=entity,
        kind=kind,
        amount=Decimal(amount),
        currency=currency,
    )


def _evaluate(partnership, completed_on):
    Evaluation.objects.create(
        partnership=partnership,
        kind=Evaluation.Kind.MIDTERM,
        independence=Evaluation.Independence.INDEPENDENT,
        completed_on=completed_on,
        rating=Evaluation.Rating.SATISFACTORY,
        findings="On track.",
    )


def _sign(partnership, kind, drafted, signed, sent=None):
    agreement = SignedAgreementFactory(
        partnership=partnership, template=template_of(kind), signed_on=signed, sent_on=sent
    )
    created = timezone.make_aware(datetime.datetime.combine(drafted, datetime.time(12)))
    Agreement.objects.filter(pk=agreement.pk).update(created_at=created)


@pytest.fixture
def report_world(entity, other_entity):
    wfp, unhcr = entity, other_entity
    a = make_partnership(
        wfp,
        "active",
        type_slug="core-business-value-chain",
        countries=["KE"],
        sdgs=[2, 17],
        participating=[unhcr],
        starts_on=datetime.date(2023, 3, 1),
        signed_on=datetime.date(2023, 2, 15),
        title="A Trucks",
    )
    b = make_partnership(
        unhcr,
        "closed",
        type_slug="innovative-financing",
        countries=["JO"],
        sdgs=[10],
        starts_on=datetime.date(2021, 6, 1),
        signed_on=datetime.date(2021, 5, 20),
        title="B Refugee bonds",
    )
    c = make_partnership(
        wfp,
        "closing",
        type_slug="strategic-social-investment-philanthropy",
        countries=["SD", "BR"],
        sdgs=[2],
        starts_on=datetime.date(2024, 2, 1),
        signed_on=datetime.date(2024, 1, 10),
        title="C Seeds",
    )
    d = make_partnership(
        wfp,
        "active",
        type_slug="core-business-value-chain",
        countries=["FR"],
        sdgs=[5],
        starts_on=datetime.date(2022, 5, 1),
        signed_on=datetime.date(2022, 4, 1),
        confidentiality="un_only",
        title=SECRET_TITLE,
    )
    e = make_partnership(
        unhcr,
        "proposed",
        type_slug="innovative-financing",
        countries=["KE"],
        sdgs=[3],
        title="E Proposal",
    )
    secret = OrganisationFactory(legal_name=SECRET_COMPANY, country_id="FR")

    a_partner = PartnerFactory(partnership=a)
    _contribute(a, "1000", "USD", partner=a_partner)
    _contribute(a, "250", "USD", entity=wfp)
    _contribute(a, "500", "EUR", kind="in_kind", partner=a_partner)
    _contribute(b, "2000", "EUR")
    _contribute(b, "1000", "EUR", entity=unhcr)
    _contribute(c, "300", "USD")
    _contribute(d, "10000", "USD", partner=PartnerFactory(partnership=d, organisation=secret))
    _contribute(e, "7", "USD")

    kpi(a, KPI.ResultLevel.OUTCOME, "review")
    kpi(b, KPI.ResultLevel.IMPACT, "review", qualitative=True)
    kpi(c, KPI.ResultLevel.OUTCOME, "active")
    kpi(d, KPI.ResultLevel.OUTCOME, "review")
    _evaluate(a, datetime.date(2025, 6, 1))
    _evaluate(d, datetime.date(2024, 3, 1))

    _sign(
        a, "mou", datetime.date(2023, 1, 1), datetime.date(2023, 2, 15), datetime.date(2023, 2, 5)
    )
    _sign(b, "financial", datetime.date(2021, 4, 20), datetime.date(2021, 5, 20))
    _sign(d, "mou", datetime.date(2022, 1, 1), datetime.date(2022, 4, 11))

    now = timezone.now()
    for rating, decision in (("low", "approve"), ("high", "reject")):
        screening = screening_of(secret, wfp, decision=decision)
        Screening.objects.filter(pk=screening.pk).update(
            rating=rating, decided_at=now - datetime.timedelta(days=20)
        )
    offer = OfferFactory(organisation=secret, countries=["FR"], title="Secret offer")
    for to, status, received, acknowledged in (
        (wfp, "acknowledged", moment(2026, 10, 5), moment(2026, 10, 7)),
        (unhcr, "received", moment(2026, 10, 2), None),
    ):
        OfferRouteFactory(
            offer=offer,
            entity=to,
            status=status,
            received_at=received,
            acknowledge_due_at=add_working_days(received, 10),
            acknowledged_at=acknowledged,
        )
    return {"A": a, "B": b, "C": c, "D": d, "E": e}


# --- Figures, by hand -----------------------------------------------------------------------


def test_it_counts_public_partnerships_by_type(report_world):
    rows = {r["type"]: r["partnerships"] for r in selectors.partnerships_by_type(PUBLIC)}
    assert rows == {
        "core-business-value-chain": 1,
        "innovative-financing": 1,
        "strategic-social-investment-philanthropy": 1,
    }
    internal = {r["type"]: r["partnerships"] for r in selectors.partnerships_by_type(INTERNAL)}
    # D is UN-only and E only proposed: both counted inside the UN.
    assert internal["core-business-value-chain"] == 2
    assert internal["innovative-financing"] == 2


def test_it_counts_partnerships_by_entity(report_world):
    assert selectors.partnerships_by_entity(PUBLIC) == [
        {"entity": "UNHCR", "leads": 1, "takes_part": 1, "partnerships": 2},
        {"entity": "WFP", "leads": 2, "takes_part": 0, "partnerships": 2},
    ]


def test_it_counts_partnerships_by_entity_inside_the_un(report_world):
    rows = {r["entity"]: r for r in selectors.partnerships_by_entity(INTERNAL)}
    assert rows["WFP"] == {"entity": "WFP", "leads": 3, "takes_part": 0, "partnerships": 3}
    assert rows["UNHCR"] == {"entity": "UNHCR", "leads": 2, "takes_part": 1, "partnerships": 3}


def test_it_counts_public_partnerships_by_region_and_sdg(report_world):
    regions = {r["m49"]: r["partnerships"] for r in selectors.partnerships_by_region(PUBLIC)}
    assert regions == {"002": 2, "142": 1, "019": 1}  # Africa A, C; Asia B; Americas C
    sdgs = {r["sdg"]: r["partnerships"] for r in selectors.partnerships_by_sdg(PUBLIC)}
    assert (sdgs[2], sdgs[17], sdgs[10], sdgs[5], sdgs[3]) == (2, 1, 1, 0, 0)
    assert sum(sdgs.values()) == 4


def test_it_sums_public_contributions_per_currency(report_world):
    rows = {(r["kind"], r["currency"]): r for r in selectors.contributions(PUBLIC)}
    assert set(rows) == {("cash", "USD"), ("cash", "EUR"), ("in_kind", "EUR")}
    assert (rows["cash", "USD"]["partner_total"], rows["cash", "USD"]["un_total"]) == (
        Decimal("1300.00"),
        Decimal("250.00"),
    )
    assert rows["cash", "USD"]["partnerships"] == 2
    assert rows["cash", "EUR"]["partner_total"] == Decimal("2000.00")
    assert rows["in_kind", "EUR"]["partner_total"] == Decimal("500.00")
    leverage = {r["currency"]: r["leverage"] for r in selectors.leverage(PUBLIC)}
    # EUR 2500 / 1000; USD 1300 / 250.
    assert leverage == {"EUR": Decimal("2.50"), "USD": Decimal("5.20")}


def test_it_gives_public_shares_with_kpis_and_evaluated(report_world):
    kpis = selectors.share_with_kpis_at_design(PUBLIC)
    assert kpis[-1] == {"entity": "", "counted": 2, "eligible": 3, "percent": 66.7}
    assert kpis[0] == {"entity": "UNHCR", "counted": 1, "eligible": 1, "percent": 100.0}
    evaluated = selectors.share_evaluated(PUBLIC)
    # B closed and C closing, A active for more than two years: three expected, A evaluated.
    assert evaluated[-1] == {"entity": "", "counted": 1, "eligible": 3, "percent": 33.3}


def test_it_gives_trends_by_year(report_world):
    assert selectors.partnerships_started_by_year(PUBLIC) == [
        {"year": 2021, "partnerships": 1},
        {"year": 2022, "partnerships": 0},
        {"year": 2023, "partnerships": 1},
        {"year": 2024, "partnerships": 1},
    ]
    assert [
        (r["currency"], r["year"], r["partner_total"], r["un_total"])
        for r in selectors.contributions_by_year(PUBLIC)
    ] == [
        ("EUR", 2021, Decimal("2000.00"), Decimal("1000.00")),
        ("EUR", 2022, Decimal("0.00"), Decimal("0.00")),
        ("EUR", 2023, Decimal("500.00"), Decimal("0.00")),
        ("USD", 2023, Decimal("1000.00"), Decimal("250.00")),
        ("USD", 2024, Decimal("300.00"), Decimal("0.00")),
    ]
    assert selectors.evaluations_by_year(PUBLIC) == [
        {"year": 2025, "evaluations": 1, "partnerships": 1}
    ]
    assert selectors.evaluations_by_year(INTERNAL) == [
        {"year": 2024, "evaluations": 1, "partnerships": 1},
        {"year": 2025, "evaluations": 1, "partnerships": 1},
    ]


def test_it_filters_trends_by_year_range(report_world):
    scope = Scope(public=True, year_from=2023, year_to=2024)
    assert [r["year"] for r in selectors.partnerships_started_by_year(scope)] == [2023, 2024]
    assert selectors.evaluations_by_year(Scope(public=False, year_to=2024)) == [
        {"year": 2024, "evaluations": 1, "partnerships": 1}
    ]


def test_it_reuses_the_agreements_time_to_signature(report_world):
    public = selectors.agreement_signature_times(PUBLIC)
    by_template = {g.label: g for g in public["by_template"]}
    assert [g.label for g in public["by_template"]] == [
        "Memorandum of understanding",
        "Financial contribution",
    ]
    mou = by_template["Memorandum of understanding"]
    assert (mou.agreements, mou.median_days, mou.mean_days, mou.median_sent_days) == (
        1,
        45,
        45,
        10,
    )
    overall = public["overall"][0]
    # 45 and 30 days: D's 100 days (UN-only) never enter the public figures.
    assert (overall.agreements, overall.median_days, overall.mean_days) == (2, 37.5, 37.5)
    assert [(g.label, g.agreements) for g in public["by_entity"]] == [("UNHCR", 1), ("WFP", 1)]
    internal = selectors.agreement_signature_times(INTERNAL)["overall"][0]
    # 30, 45, 100: median 45, mean 58.3.
    assert (internal.agreements, internal.median_days, internal.mean_days) == (3, 45, 58.3)
    signed_2023 = selectors.agreement_signature_times(Scope(year_from=2023))["overall"][0]
    assert signed_2023.agreements == 1


def _headlines(scope=PUBLIC):
    return {
        h.label: h
        for h in tables.report_headlines(tables.report_tables(scope), public=scope.public)
    }


def test_it_gives_the_headlines(report_world):
    headlines = {label: h.value for label, h in _headlines().items()}
    assert headlines["Partnerships"] == "3"
    assert headlines["UN entities taking part"] == "2"
    assert headlines["Partners' contributions in EUR"] == "2,500.00 (leverage 2.50)"
    assert headlines["Partners' contributions in USD"] == "1,300.00 (leverage 5.20)"
    assert headlines["Share of partnerships that reached agreement with KPIs at design"] == "66.7%"
    assert headlines["Share evaluated, of partnerships where an evaluation is expected"] == "33.3%"
    assert headlines["Screenings completed"] == "2"
    assert headlines["Offers routed"] == "2"
    # A whole number of days carries no needless ".0".
    assert headlines["Median working days to acknowledge an offer"] == "2"
    assert headlines["Median days from first draft to signature"] == "37.5"


def test_each_headline_shows_its_base(report_world):
    headlines = _headlines()
    bases = {label: (h.base, h.caution) for label, h in headlines.items()}
    assert bases["Partnerships"] == ("Signed partnerships open to the public", "")
    # EUR: B's UNHCR 1000; USD: A's WFP 250.
    assert bases["Partners' contributions in EUR"] == (
        "Leverage: partners' contributions ÷ the UN entities' 1,000.00 EUR.",
        "",
    )
    # Reached agreement: A, B, C; KPIs at design: A, B (C's KPI came while active).
    assert bases["Share of partnerships that reached agreement with KPIs at design"] == (
        "2 of 3 partnerships that reached agreement",
        "",
    )
    # Expected: B closed, C closing, A active since 2023-02-15; evaluated: A.
    assert bases["Share evaluated, of partnerships where an evaluation is expected"] == (
        "1 of 3 partnerships where an evaluation is expected",
        "",
    )
    # One offer acknowledged out of two routed; a median of one value is flagged.
    assert bases["Median working days to acknowledge an offer"] == (
        "median of 1 acknowledged offer (of 2 routed)",
        "Too few values to be meaningful.",
    )
    # A's 45 and B's 30 days.
    assert bases["Median days from first draft to signature"] == (
        "median of 2 signed agreements",
        "Too few values to be meaningful.",
    )
    internal = _headlines(INTERNAL)["Partnerships"]
    assert (internal.value, internal.base) == (
        "5",
        "Every partnership past draft, UN-internal and unsigned ones included",
    )


def test_a_median_of_five_values_is_not_flagged(report_world, entity):
    # With WFP's 2 working days: Mon 2026-10-05 09:00 to Thu (3), Thu (3), Fri (4), next
    # Mon (5): 2, 3, 3, 4, 5 — median 3 over five acknowledged offers of six routed.
    for acknowledged in (
        moment(2026, 10, 8),
        moment(2026, 10, 8),
        moment(2026, 10, 9),
        moment(2026, 10, 12),
    ):
        received = moment(2026, 10, 5)
        OfferRouteFactory(
            offer=OfferFactory(),
            entity=entity,
            status="acknowledged",
            received_at=received,
            acknowledge_due_at=add_working_days(received, 10),
            acknowledged_at=acknowledged,
        )
    headline = _headlines()["Median working days to acknowledge an offer"]
    assert (headline.value, headline.base, headline.caution) == (
        "3",
        "median of 5 acknowledged offers (of 6 routed)",
        "",
    )
    acknowledgement = tables.report_tables(PUBLIC)["acknowledgement"]
    assert acknowledgement.headline == (
        "median 3, 90th percentile 5 working days (5 acknowledged offers)"
    )


def test_it_says_why_a_leverage_cannot_be_computed(client, report_world):
    _contribute(report_world["A"], "400", "GBP")  # partners only: nothing from the UN in GBP
    headline = _headlines()["Partners' contributions in GBP"]
    reason = "Leverage not computed: no UN contribution in GBP to compare with."
    assert (headline.value, headline.base) == ("400.00", reason)
    assert reason in client.get(reverse("dashboards:report")).content.decode()
    _, text = _pdf_text(client.get(reverse("dashboards:report_pdf")))
    assert "no UN contribution in GBP" in text


def test_headlines_of_an_empty_report_say_why_there_is_no_figure(db):
    headlines = _headlines()
    assert {label: (h.value, h.base) for label, h in headlines.items() if h.value == "—"} == {
        "Share of partnerships that reached agreement with KPIs at design": (
            "—",
            "No partnership has reached agreement yet.",
        ),
        "Share evaluated, of partnerships where an evaluation is expected": (
            "—",
            "No partnership is old enough to expect an evaluation yet.",
        ),
        "Median working days to acknowledge an offer": (
            "—",
            "No routed offer has been acknowledged yet.",
        ),
        "Median days from first draft to signature": ("—", "No agreement has been signed yet."),
    }


# --- The page ---------------------------------------------------------------------------------


def test_it_shows_the_report_to_anonymous_visitors(client, report_world):
    response = client.get(reverse("dashboards:report"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "<svg" in page
    for name in tables.REPORT_TABLES:
        assert f'id="{name}"' in page
        assert f"export={name}" in page
    assert "Definition:" in page
    assert "UN internal" not in page
    # No UN-only or unsigned partnership, no company name, no staff toggle.
    for secret in (SECRET_TITLE, SECRET_COMPANY, "E Proposal", "Secret offer"):
        assert secret not in page
    assert "view=internal" not in page
    assert "You are viewing the public report." in page
    # Each headline with its base, and a caution beside a median of too few values.
    assert "2 of 3 partnerships that reached agreement" in page
    assert "median of 1 acknowledged offer (of 2 routed)" in page
    assert "Too few values to be meaningful." in page


@pytest.mark.parametrize("role", ["anonymous", "plain_user", "company_rep"])
def test_it_refuses_the_internal_view_to_outsiders(as_role, role, report_world):
    _, client = as_role(role)
    assert client.get(reverse("dashboards:report"), {"view": "internal"}).status_code == 403
    assert client.get(reverse("dashboards:report_pdf"), {"view": "internal"}).status_code == 403
    response = client.get(reverse("dashboards:report"), {"view": "internal", "export": "by_type"})
    assert response.status_code == 403


def test_it_gives_staff_the_internal_view(as_role, report_world):
    _, client = as_role("focal_point")
    public = client.get(reverse("dashboards:report")).content.decode()
    assert "view=internal" in public
    assert "Include UN-internal partnerships (UN staff only)" in public
    response = client.get(reverse("dashboards:report"), {"view": "internal"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "UN internal" in page
    assert "You are viewing the UN-internal report (UN staff only)." in page
    assert "Show public partnerships only" in page
    assert "Include UN-internal partnerships" not in page
    # Internal: 5 partnerships counted (A to E), and the page says which ones.
    assert "Every partnership past draft, UN-internal and unsigned ones included" in page
    assert tables.report_headlines(tables.report_tables(INTERNAL))[0].value == "5"


def test_it_downloads_each_figure_as_csv(client, report_world):
    response = client.get(reverse("dashboards:report"), {"export": "by_entity"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows == [
        ["Entity", "Leads", "Takes part", "Partnerships"],
        ["UNHCR", "1", "1", "2"],
        ["WFP", "2", "0", "2"],
    ]
    assert client.get(reverse("dashboards:report"), {"export": "overdue_routes"}).status_code == 404


def test_it_filters_by_years_and_rejects_bad_years(client, report_world):
    response = client.get(reverse("dashboards:report"), {"year_from": "2023", "year_to": "2024"})
    assert response.status_code == 200
    assert "Years 2023 to 2024." in response.content.decode()
    bad = client.get(reverse("dashboards:report"), {"year_from": "2025", "year_to": "2020"})
    assert bad.status_code == 400
    assert "The first year must not come after the last year." in bad.content.decode()
    assert client.get(reverse("dashboards:report_pdf"), {"year_from": "x"}).status_code == 400
    export = client.get(reverse("dashboards:report"), {"year_from": "x", "export": "by_type"})
    assert export.status_code == 400


def test_it_shows_an_empty_report(client, db):
    response = client.get(reverse("dashboards:report"))
    assert response.status_code == 200
    assert "No partnership yet." in response.content.decode()


# --- The PDF ----------------------------------------------------------------------------------


def _pdf_pages(response) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


def _pdf_text(response) -> tuple[int, str]:
    pages = _pdf_pages(response)
    return len(pages), "\n".join(pages)


def test_it_prints_the_report_as_pdf(client, report_world):
    response = client.get(reverse("dashboards:report_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages, text = _pdf_text(response)
    assert pages >= 3
    assert "System-wide report" in text
    assert timezone.localdate().strftime("%Y") in text
    assert "Public: signed partnerships open to the public" in text
    for figure in ("2,500.00 (leverage 2.50)", "66.7%", "33.3%", "37.5"):
        assert figure in text
    assert "Public report" in text
    flat = " ".join(text.split())  # table cells wrap
    for base in (
        "2 of 3 partnerships that reached agreement",
        "median of 1 acknowledged offer (of 2 routed)",
        "median of 2 signed agreements",
        "Too few values to be meaningful.",
    ):
        assert base in flat
    numbered = _pdf_pages(response)
    assert f" / {pages}" not in numbered[0]  # no number on the title page
    assert numbered[1].rstrip().endswith(f"2 / {pages}")
    for secret in (SECRET_TITLE, SECRET_COMPANY):
        assert secret not in text


def test_it_prints_the_internal_report_for_staff(as_role, report_world):
    _, client = as_role("coordinator")
    response = client.get(reverse("dashboards:report_pdf"), {"view": "internal"})
    assert response.status_code == 200
    _, text = _pdf_text(response)
    assert "UN internal" in text
    assert "UN-internal report (UN staff only)" in text


def test_it_serves_the_report_in_arabic(client, report_world):
    with translation.override("ar"):
        url = reverse("dashboards:report")
        pdf_url = reverse("dashboards:report_pdf")
    client.cookies["django_language"] = "ar"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in page
    assert 'direction="rtl"' in page  # the charts are mirrored
    response = client.get(pdf_url, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    assert b'dir="rtl"' not in response.content  # a PDF, not HTML
    pages, text = _pdf_text(response)
    assert pages >= 3
    assert "66.7%" in text


def _queries_for_report() -> int:
    with CaptureQueriesContext(connection) as captured:
        tables.report_headlines(tables.report_tables(PUBLIC))
    return len(captured.captured_queries)


def test_it_runs_a_fixed_number_of_queries(report_world, entity, other_entity):
    grow_partnerships(entity, other_entity, 1)
    few = _queries_for_report()
    grow_partnerships(entity, other_entity, 50)
    assert _queries_for_report() == few


@pytest.mark.parametrize(
    ("value", "shown"), [(78.0, "78"), (78.5, "78.5"), (0.0, "0"), (1234.0, "1,234"), (None, "—")]
)
def test_whole_numbers_of_days_show_no_decimal(value, shown):
    assert tables.display(value) == shown
