"""The open-data pages: index, CSV and JSON downloads with filters, the IATI file. Anonymous
visitors read them all; hidden partnerships never appear; bad input answers 400 or 404."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from partnerhub.entities.tests.factories import UNEntityFactory
from partnerhub.knowledge.models import Lesson
from partnerhub.marketplace.models import Need
from partnerhub.opendata import iati
from partnerhub.opendata.tests.conftest import HIDDEN_TITLES, many_public_partnerships
from partnerhub.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

DATASETS = ("partnerships", "needs", "entities", "lessons")


def _body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def _csv(response) -> list[dict[str, str]]:
    text = _body(response)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def _json(response) -> dict:
    return json.loads(_body(response))


def test_it_shows_the_index_to_anonymous_visitors(client):
    response = client.get("/open-data/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "CC BY 4.0" in page
    for slug in DATASETS:
        assert f'href="/open-data/{slug}.csv"' in page
        assert f'href="/open-data/{slug}.json"' in page
    assert 'href="/open-data/iati/activities.xml"' in page
    assert "<code>iati_identifier</code>" in page


def test_the_index_renders_right_to_left_in_arabic(client):
    response = client.get("/open-data/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "company_rep", "focal_point"])
def test_every_role_downloads_the_same_public_rows(
    as_role, role, public_partnership, hidden_partnerships
):
    _user, client = as_role(role)
    rows = _csv(client.get("/open-data/partnerships.csv"))
    assert [row["title"] for row in rows] == ["Trucks for emergency food"]


def test_hidden_partnerships_appear_in_no_output(client, public_partnership, hidden_partnerships):
    for partnership in hidden_partnerships:
        Lesson.objects.create(
            partnership=partnership,
            title="A public lesson of a hidden partnership",
            text="Lessons may be public when their partnership is not.",
            source=Lesson.Source.CLOSURE,
            visibility=Lesson.Visibility.PUBLIC,
        )
    outputs = [
        client.get("/open-data/iati/activities.xml").content.decode(),
        *(_body(client.get(f"/open-data/{slug}.csv")) for slug in DATASETS),
        *(_body(client.get(f"/open-data/{slug}.json")) for slug in DATASETS),
    ]
    hidden_ids = {str(p.pk) for p in hidden_partnerships}
    for output in outputs:
        for title in HIDDEN_TITLES:
            assert title not in output
            assert f"Secret partner of {title}" not in output
    lessons = _json(client.get("/open-data/lessons.json"))["results"]
    assert len(lessons) == 3
    assert {str(lesson["partnership_id"]) for lesson in lessons} == {"None"}
    assert hidden_ids.isdisjoint(
        row["partnership_id"] for row in _csv(client.get("/open-data/lessons.csv"))
    )


def test_partnerships_csv_has_header_and_lists(client, public_partnership):
    response = client.get("/open-data/partnerships.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="partnerhub-partnerships.csv"'
    (row,) = _csv(response)
    assert row["iati_identifier"] == f"XM-DAC-41140-PH-{public_partnership.pk}"
    assert row["lead_entity"] == "WFP"
    assert row["countries"] == "KE; SD"
    assert row["sdg_targets"] == "2.1; 2.3"
    assert row["cash"] == "250000.00 USD"
    assert row["in_kind"] == "40000.00 EUR"
    assert row["pro_bono_hours"] == "120"
    assert row["type"] == "humanitarian-response"


def test_csv_injection_is_neutralised(client, public_partnership):
    public_partnership.title = '=HYPERLINK("http://evil.example","Click")'
    public_partnership.summary = "@SUM(1+1)"
    public_partnership.save()
    public_partnership.partners.first().organisation.__class__.objects.filter(
        legal_name="Trucks for Good Ltd"
    ).update(legal_name="+Trucks")
    (row,) = _csv(client.get("/open-data/partnerships.csv"))
    assert row["title"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row["summary"] == "'@SUM(1+1)"
    assert "'+Trucks" in row["partners"]
    # JSON is data, not a spreadsheet: it keeps the text as written.
    (record,) = _json(client.get("/open-data/partnerships.json"))["results"]
    assert record["title"] == '=HYPERLINK("http://evil.example","Click")'


def test_partnerships_json_has_count_results_and_stable_fields(client, public_partnership):
    response = client.get("/open-data/partnerships.json")
    assert response["Content-Type"] == "application/json"
    data = _json(response)
    assert data["count"] == 1
    (record,) = data["results"]
    assert list(record) == [
        "id",
        "iati_identifier",
        "title",
        "summary",
        "type",
        "type_name",
        "state",
        "lead_entity",
        "participating_entities",
        "partners",
        "partner_kinds",
        "countries",
        "sdgs",
        "sdg_targets",
        "starts_on",
        "ends_on",
        "signed_on",
        "cash",
        "in_kind",
        "pro_bono_hours",
        "updated_at",
    ]
    assert record["sdgs"] == [2]
    assert record["starts_on"] == "2026-01-01"
    assert record["partners"] == ["Kenya Relief Volunteers", "Trucks for Good Ltd"]
    assert record["partner_kinds"] == ["ngo", "company"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", 1),
        ("?type=humanitarian-response", 1),
        ("?type=innovative-financing", 0),
        ("?entity=wfp", 1),
        ("?entity=unhcr", 1),  # participating
        ("?country=ke", 1),
        ("?country=FR", 0),
        ("?region=002", 1),  # Africa
        ("?region=150", 0),  # Europe
        ("?sdg=2", 1),
        ("?sdg=3", 0),
        ("?year=2027", 1),
        ("?year=2025", 0),
        ("?year=2028", 0),
        ("?state=active", 1),
        ("?state=closed", 0),
        ("?sdg=2&country=SD&state=active&year=2026", 1),
        ("?sdg=&country=", 1),
    ],
)
def test_partnership_filters(client, public_partnership, hidden_partnerships, query, expected):
    assert _json(client.get(f"/open-data/partnerships.json{query}"))["count"] == expected
    assert len(_csv(client.get(f"/open-data/partnerships.csv{query}"))) == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?type=nope", "type"),
        ("?entity=nope", "entity"),
        ("?country=XX", "country"),
        ("?country=KEN", "country"),
        ("?region=999x", "region"),
        ("?sdg=18", "sdg"),
        ("?sdg=two", "sdg"),
        ("?year=99999999999999999999", "year"),
        # A state the public may not see is refused, never widened to.
        ("?state=draft", "state"),
        ("?state=proposed", "state"),
    ],
)
def test_bad_filter_values_answer_400_with_the_reason(client, query, field):
    response = client.get(f"/open-data/partnerships.json{query}")
    assert response.status_code == 400
    body = json.loads(response.content)
    assert field in body["errors"]
    assert body["detail"].startswith("Bad filter value.")
    response = client.get(f"/open-data/partnerships.csv{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert f"{field}:" in response.content.decode()


def test_state_draft_message_names_the_public_states(client):
    response = client.get("/open-data/partnerships.csv?state=draft")
    assert "active, closing, closed" in response.content.decode()


@pytest.mark.parametrize("path", ["/open-data/nope.csv", "/open-data/nope.json", "/open-data/x"])
def test_unknown_dataset_is_404(client, path):
    assert client.get(path).status_code == 404


def test_downloads_refuse_writes(client):
    assert client.post("/open-data/partnerships.csv").status_code == 405


def test_open_needs_only(client, entity):
    open_need = Need.objects.create(
        entity=entity, title="Cold chain for vaccines", description="-", status="open"
    )
    Need.objects.create(
        entity=entity, title="A UN-only need", description="x", status="open", visibility="un_only"
    )
    Need.objects.create(entity=entity, title="A draft need", description="x", status="draft")
    Need.objects.create(entity=entity, title="A filled need", description="x", status="filled")
    rows = _csv(client.get("/open-data/needs.csv"))
    assert [row["title"] for row in rows] == ["Cold chain for vaccines"]
    assert rows[0]["description"] == "'-"
    assert rows[0]["url"].endswith(open_need.get_absolute_url())


def test_offers_are_not_open_data(client, organisation):
    """The marketplace shows an offer to UN staff and its company only."""
    assert client.get("/open-data/offers.json").status_code == 404
    assert client.get("/open-data/offers.csv").status_code == 404


def test_entities_directory(client, entity, other_entity):
    rows = {row["acronym"]: row for row in _csv(client.get("/open-data/entities.csv"))}
    assert rows["WFP"]["iati_identifier"] == "XM-DAC-41140"
    assert rows["UNHCR"]["iati_identifier"] == "XM-DAC-41121"
    assert rows["WFP"]["url"].endswith("/entities/wfp/")


def test_un_only_lessons_are_not_published(client, public_partnership):
    Lesson.objects.create(
        partnership=public_partnership,
        title="Agree delivery windows early",
        text="=1+1",
        source=Lesson.Source.CLOSURE,
        visibility=Lesson.Visibility.PUBLIC,
    )
    Lesson.objects.create(
        title="Internal only", text="x", source=Lesson.Source.DIRECT, visibility="un_only"
    )
    (row,) = _csv(client.get("/open-data/lessons.csv"))
    assert row["title"] == "Agree delivery windows early"
    assert row["text"] == "'=1+1"
    assert row["partnership_id"] == str(public_partnership.pk)


def test_iati_file(client, public_partnership, hidden_partnerships):
    response = client.get("/open-data/iati/activities.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert response["Content-Disposition"] == (
        'attachment; filename="partnerhub-iati-activities.xml"'
    )
    assert iati.schema_errors(response.content) == []
    assert iati.codelist_errors(response.content) == []
    identifiers = etree.fromstring(response.content).xpath("//iati-identifier/text()")
    assert identifiers == [f"XM-DAC-41140-PH-{public_partnership.pk}"]


@pytest.mark.parametrize(
    "query",
    ["?entity=wfp", "?country=SD", "?sdg=3"],  # the file reads entity and country only
)
def test_iati_filters(client, public_partnership, query):
    response = client.get(f"/open-data/iati/activities.xml{query}")
    assert len(etree.fromstring(response.content).findall("iati-activity")) == 1
    assert iati.schema_errors(response.content) == []


# UNHCR takes part but does not lead: the file is the lead entity's, as reporting organisation.
@pytest.mark.parametrize("query", ["?country=FR", "?entity=unicef", "?entity=unhcr"])
def test_iati_without_matching_partnerships_is_404_with_the_reason(
    client, public_partnership, query
):
    UNEntityFactory(acronym="UNICEF", slug="unicef")
    response = client.get(f"/open-data/iati/activities.xml{query}")
    assert response.status_code == 404
    assert "No public partnership matches" in response.content.decode()


@pytest.mark.parametrize("query", ["?entity=nope", "?country=ZZZ"])
def test_iati_bad_filters_answer_400(client, query):
    response = client.get(f"/open-data/iati/activities.xml{query}")
    assert response.status_code == 400
    assert "Bad filter value" in response.content.decode()


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        if response.streaming:
            _body(response)
    return len(queries)


@pytest.mark.parametrize(
    "path",
    [
        "/open-data/partnerships.csv",
        "/open-data/partnerships.json",
        "/open-data/iati/activities.xml",
    ],
)
def test_query_count_does_not_grow_with_rows(client, path):
    many_public_partnerships(1)
    one = _queries(client, path)
    many_public_partnerships(49)
    assert _queries(client, path) == one


def test_organisation_kinds_reach_the_csv(client, public_partnership):
    OrganisationFactory(legal_name="Unrelated company")
    (row,) = _csv(client.get("/open-data/partnerships.csv"))
    assert "Unrelated company" not in row["partners"]


def test_partnership_downloads_take_the_public_list_search(client, search_indexing):
    """The public list's "Download this list" links pass its search on: the download holds
    the same partnerships as the page."""
    import json

    from partnerhub.partnerships.tests.factories import PartnershipFactory
    from partnerhub.search.services import index_object

    with search_indexing():
        wanted = PartnershipFactory(
            title="Hibiscus value chain", status="active", summary="Kordofan farmers."
        )
        other = PartnershipFactory(title="Vaccine cold chain", status="active")
        hidden = PartnershipFactory(title="Hibiscus secret", status="proposed")
        for partnership in (wanted, other, hidden):
            index_object(partnership)
    response = client.get("/open-data/partnerships.json", {"q": "hibiscus"})
    body = json.loads(b"".join(response.streaming_content))
    assert [row["id"] for row in body["results"]] == [wanted.pk]
    assert client.get("/open-data/partnerships.json", {"q": "x" * 201}).status_code == 400
