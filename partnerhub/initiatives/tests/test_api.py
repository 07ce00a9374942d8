"""The initiatives API: public reads for anyone, drafts for their editors, a company
representative recording a commitment, publishing it and reporting progress, the errors."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from partnerhub.core.models import AuditEvent
from partnerhub.initiatives.models import Commitment, Deliverable, ProgressReport
from partnerhub.initiatives.tests.factories import (
    CommitmentFactory,
    EventFactory,
    InitiativeFactory,
)
from partnerhub.organisations.tests.factories import OrganisationFactory
from partnerhub.results.tests.api_helpers import Api

pytestmark = [pytest.mark.django_db, pytest.mark.urls("partnerhub.initiatives.tests.api_urls")]

D = datetime.date


def api(user):
    return Api(user, "/api")


def _ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


@pytest.fixture
def drafts(entity, organisation, initiative):
    InitiativeFactory(name="Draft initiative", status="draft", convening_entities=[entity])
    EventFactory(
        title="Draft event",
        status="draft",
        organising_entities=[entity],
        starts_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    return CommitmentFactory(
        title="Draft commitment", organisation=organisation, initiative=initiative, status="draft"
    )


def _titles(body, key="title"):
    return {r[key] for r in body["results"]}


# --- Reads --------------------------------------------------------------------------------------


def test_anonymous_reads_published_initiatives_only(initiative, drafts):
    body = _ok(api(None).get("/initiatives"))
    assert _titles(body, "name") == {"Zero Hunger Logistics Alliance"}
    detail = _ok(api(None).get("/initiatives/zero-hunger"))
    assert detail["convening_entities"] == ["WFP"]
    assert detail["members"] == []
    draft = InitiativeFactory(status="draft")
    assert api(None).get(f"/initiatives/{draft.slug}").status_code == 404


def test_the_convening_focal_point_sees_the_draft_initiative(initiative, drafts, focal_point):
    names = _titles(_ok(api(focal_point).get("/initiatives")), "name")
    assert names == {"Zero Hunger Logistics Alliance", "Draft initiative"}


def test_initiative_filters(initiative, other_entity, search_indexing):
    from partnerhub.search.services import index_object

    with search_indexing():
        index_object(initiative)
        InitiativeFactory(name="Refugee jobs", convening_entities=[other_entity])
    assert _titles(_ok(api(None).get("/initiatives", entity="unhcr")), "name") == {"Refugee jobs"}
    assert _titles(_ok(api(None).get("/initiatives", q="hunger")), "name") == {
        "Zero Hunger Logistics Alliance"
    }
    assert api(None).get("/initiatives", entity="nobody").status_code == 400
    assert api(None).get("/initiatives", sdg=18).status_code == 422


def test_anonymous_reads_commitments_with_deliverables(commitment, drafts):
    body = _ok(api(None).get("/commitments"))
    assert _titles(body) == {"Trucks for school meals"}
    (record,) = body["results"]
    assert record["maker"] == "Trucks for Good Ltd"
    assert record["initiative"] == "zero-hunger"
    assert [d["description"] for d in record["deliverables"]] == ["Deliverable 1", "Deliverable 2"]
    assert record["deliverables"][0]["status"] == "not_reported"
    # Made on 15 January 2025 and never reported on.
    assert record["stale"] is True
    assert api(None).get(f"/commitments/{drafts.pk}").status_code == 404


def test_the_maker_sees_its_draft(commitment, drafts, company_rep):
    assert _titles(_ok(api(company_rep).get("/commitments"))) == {
        "Trucks for school meals",
        "Draft commitment",
    }
    assert _ok(api(company_rep).get(f"/commitments/{drafts.pk}"))["status"] == "draft"


def test_commitment_detail_has_the_progress_history(commitment):
    first, second = commitment.deliverables.all()
    report = ProgressReport.objects.create(
        commitment=commitment, reported_on=D(2025, 6, 1), summary="Going well"
    )
    report.marks.create(deliverable=first, status="completed", comment="Done")
    report.marks.create(deliverable=second, status="delayed", comment="Rains")
    detail = _ok(api(None).get(f"/commitments/{commitment.pk}"))
    (history,) = detail["progress_reports"]
    assert history["reported_on"] == "2025-06-01"
    assert history["summary"] == "Going well"
    assert [(m["deliverable"], m["status"]) for m in history["marks"]] == [
        ("Deliverable 1", "completed"),
        ("Deliverable 2", "delayed"),
    ]
    assert "submitted_by" not in history


def test_commitment_filters(commitment, organisation, initiative):
    commitment.sdgs.set([2])
    commitment.countries.set(["KE"])
    CommitmentFactory(
        title="Fresh one",
        organisation=organisation,
        initiative=initiative,
        made_on=timezone.localdate(),
    )
    assert _titles(_ok(api(None).get("/commitments", sdg=2))) == {"Trucks for school meals"}
    assert _titles(_ok(api(None).get("/commitments", country="ke"))) == {"Trucks for school meals"}
    assert _titles(_ok(api(None).get("/commitments", state="stale"))) == {"Trucks for school meals"}
    assert _titles(_ok(api(None).get("/commitments", state="active"))) == {"Fresh one"}
    assert _ok(api(None).get("/commitments", initiative="zero-hunger"))["count"] == 2
    assert api(None).get("/commitments", state="sleeping").status_code == 400
    assert api(None).get("/commitments", initiative="nowhere").status_code == 400


def test_events_upcoming_and_past(event, drafts, entity):
    EventFactory(
        title="Next forum",
        organising_entities=[entity],
        starts_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    assert _titles(_ok(api(None).get("/events"))) == {"Next forum"}
    assert _titles(_ok(api(None).get("/events", when="past"))) == {"Logistics forum"}
    assert api(None).get("/events", when="soon").status_code == 400
    assert api(None).get("/events", kind="party").status_code == 400


def test_event_detail_has_sessions_and_participants(event, commitment, drafts):
    commitment.event = event
    commitment.save()
    detail = _ok(api(None).get(f"/events/{event.pk}"))
    assert detail["initiative"] == "zero-hunger"
    assert [s["title"] for s in detail["sessions"]] == ["Announcing commitments"]
    assert [p["legal_name"] for p in detail["participants"]] == ["Trucks for Good Ltd"]
    assert detail["commitment_ids"] == [commitment.pk]
    draft = EventFactory(status="draft")
    assert api(None).get(f"/events/{draft.pk}").status_code == 404
    assert api(None).get("/events/99999999999999999999").status_code in (404, 422)


def test_pages(initiative, organisation):
    for _n in range(3):
        CommitmentFactory(organisation=organisation, initiative=initiative)
    body = _ok(api(None).get("/commitments", page_size=2, page=2))
    assert (body["count"], body["page"], body["page_size"], len(body["results"])) == (3, 2, 2, 1)


def test_a_bad_token_is_refused(initiative):
    client = api(None)
    client.headers["HTTP_AUTHORIZATION"] = "Bearer nonsense"
    assert client.get("/initiatives").status_code == 401


@pytest.mark.parametrize("rows", [1, 50])
def test_commitment_list_query_count(rows, initiative, organisation, django_assert_max_num_queries):
    for _n in range(rows):
        commitment = CommitmentFactory(organisation=organisation, initiative=initiative)
        commitment.sdgs.set([2])
        commitment.sdg_targets.set(["2.1"])
        commitment.countries.set(["KE"])
    with django_assert_max_num_queries(12):
        assert _ok(api(None).get("/commitments", page_size=100))["count"] == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_event_and_initiative_list_query_counts(rows, entity, django_assert_max_num_queries):
    for _n in range(rows):
        EventFactory(organising_entities=[entity], starts_on=timezone.localdate())
        InitiativeFactory(convening_entities=[entity]).sdgs.set([2])
    with django_assert_max_num_queries(8):
        assert _ok(api(None).get("/events", page_size=100))["count"] == rows
    with django_assert_max_num_queries(8):
        assert _ok(api(None).get("/initiatives", page_size=100))["count"] == rows


# --- Writes -------------------------------------------------------------------------------------


def _new_commitment(**changes):
    body = {
        "title": "Cold storage for school meals",
        "description": "Refrigerated warehouse space in Mombasa.",
        "initiative": "zero-hunger",
        "made_on": timezone.localdate().isoformat(),
        "financial_amount": "1000.00",
        "financial_currency": "usd",
        "sdgs": [2],
        "sdg_targets": ["2.1"],
        "countries": ["ke"],
        "deliverables": [
            {"description": "Warehouse handed over", "due_on": "2030-01-01"},
            {"description": "First deliveries", "due_on": "2030-06-01"},
        ],
    }
    return {**body, **changes}


def test_a_company_rep_records_publishes_and_reports(initiative, company_rep, organisation):
    assert api(None).post("/commitments", _new_commitment()).status_code == 401
    created = _ok(api(company_rep).post("/commitments", _new_commitment()), 201)
    assert created["status"] == "draft"
    assert created["organisation_id"] == organisation.pk
    assert (created["financial_amount"], created["financial_currency"]) == ("1000.00", "USD")
    assert created["countries"] == ["KE"]
    assert [d["due_on"] for d in created["deliverables"]] == ["2030-01-01", "2030-06-01"]
    pk = created["id"]
    assert api(None).get(f"/commitments/{pk}").status_code == 404

    first, second = (d["id"] for d in created["deliverables"])
    marks = [
        {"deliverable_id": first, "status": "completed", "comment": "Handed over"},
        {"deliverable_id": second, "status": "on_track"},
    ]
    draft_report = api(company_rep).post(f"/commitments/{pk}/progress-reports", {"marks": marks})
    assert draft_report.status_code == 400
    assert "Publish the commitment" in draft_report.json()["detail"]

    assert (
        _ok(api(company_rep).post(f"/commitments/{pk}/status", {"status": "published"}))["status"]
        == "published"
    )
    missing = api(company_rep).post(f"/commitments/{pk}/progress-reports", {"marks": marks[:1]})
    assert missing.status_code == 400
    assert "First deliveries" in missing.json()["detail"]

    report = _ok(
        api(company_rep).post(
            f"/commitments/{pk}/progress-reports", {"marks": marks, "summary": "Good start"}
        ),
        201,
    )
    assert [(m["deliverable"], m["status"]) for m in report["marks"]] == [
        ("Warehouse handed over", "completed"),
        ("First deliveries", "on_track"),
    ]
    detail = _ok(api(None).get(f"/commitments/{pk}"))
    assert [d["status"] for d in detail["deliverables"]] == ["completed", "on_track"]
    assert detail["progress_reports"][0]["summary"] == "Good start"
    # Only the open deliverable is marked next time.
    again = api(company_rep).post(
        f"/commitments/{pk}/progress-reports",
        {"marks": [{"deliverable_id": second, "status": "completed"}]},
    )
    assert again.status_code == 201, again.content
    assert Deliverable.objects.filter(commitment_id=pk, status="completed").count() == 2
    verbs = set(
        AuditEvent.objects.filter(target_id=str(pk), verb__startswith="commitment.").values_list(
            "verb", flat=True
        )
    )
    assert {"commitment.created", "commitment.published", "commitment.progress_reported"} <= verbs


def test_a_rep_cannot_commit_for_another_organisation(initiative, company_rep):
    other = OrganisationFactory(legal_name="Someone Else Ltd")
    response = api(company_rep).post("/commitments", _new_commitment(organisation_id=other.pk))
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Commitment.objects.exists()


def test_others_cannot_report_on_it(commitment, other_focal_point, plain_user):
    marks = [{"deliverable_id": d.pk, "status": "on_track"} for d in commitment.deliverables.all()]
    path = f"/commitments/{commitment.pk}/progress-reports"
    assert api(other_focal_point).post(path, {"marks": marks}).status_code == 403
    assert api(plain_user).post(path, {"marks": marks}).status_code == 403
    assert api(plain_user).post("/commitments", _new_commitment()).status_code == 403
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"initiative": "nowhere"}, "initiative"),
        ({"countries": ["ZZ"]}, "countries"),
        ({"sdg_targets": ["99.9"]}, "sdg_targets"),
        ({"financial_currency": "XYZ"}, "financial_currency"),
        ({"made_on": "2999-01-01"}, "made_on"),
        ({"deliverables": [{"description": "Too late", "due_on": "2090-01-01"}]}, None),
        ({"event_id": 999999}, "event_id"),
        ({"organisation_id": 999999}, "organisation_id"),
    ],
)
def test_bad_commitments_answer_400(initiative, company_rep, changes, field):
    response = api(company_rep).post("/commitments", _new_commitment(**changes))
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"]
    if field:
        assert field in body["errors"]
    assert not Commitment.objects.exists()


def test_schema_errors_answer_422(initiative, company_rep):
    assert (
        api(company_rep).post("/commitments", _new_commitment(deliverables=[])).status_code == 422
    )
    assert api(company_rep).post("/commitments", {"title": "x"}).status_code == 422


def test_bad_progress_reports_answer_400(commitment, company_rep):
    first, second = commitment.deliverables.all()
    path = f"/commitments/{commitment.pk}/progress-reports"
    both = [{"deliverable_id": first.pk, "status": "on_track"}]
    cases = [
        [*both, {"deliverable_id": second.pk, "status": "sleeping"}],
        [*both, {"deliverable_id": first.pk, "status": "delayed"}],
        [
            *both,
            {"deliverable_id": second.pk, "status": "on_track"},
            {"deliverable_id": 99999, "status": "on_track"},
        ],
    ]
    for marks in cases:
        assert api(company_rep).post(path, {"marks": marks}).status_code == 400, marks
    future = api(company_rep).post(
        path,
        {
            "marks": [*both, {"deliverable_id": second.pk, "status": "on_track"}],
            "reported_on": "2999-01-01",
        },
    )
    assert future.status_code == 400
    assert "reported_on" in future.json()["errors"]
    assert not ProgressReport.objects.exists()


def test_a_draft_cannot_be_reported_on_by_strangers(drafts, other_focal_point):
    # Not visible to them: 404, not 403, so its existence is not confirmed.
    path = f"/commitments/{drafts.pk}/progress-reports"
    assert api(other_focal_point).post(path, {"marks": []}).status_code == 404
    assert (
        api(other_focal_point)
        .post(f"/commitments/{drafts.pk}/status", {"status": "published"})
        .status_code
        == 404
    )


def test_status_errors(commitment, company_rep):
    path = f"/commitments/{commitment.pk}/status"
    assert api(company_rep).post(path, {"status": "published"}).status_code == 400
    assert api(company_rep).post(path, {"status": "archived"}).status_code == 400
    assert _ok(api(company_rep).post(path, {"status": "draft"}))["status"] == "draft"


def test_it_is_documented_in_openapi():
    from partnerhub.initiatives.tests.api_urls import test_api

    paths = test_api.get_openapi_schema(path_prefix="/api")["paths"]
    assert {
        "/api/initiatives",
        "/api/initiatives/{slug}",
        "/api/commitments",
        "/api/commitments/{commitment_id}",
        "/api/commitments/{commitment_id}/status",
        "/api/commitments/{commitment_id}/progress-reports",
        "/api/events",
        "/api/events/{event_id}",
    } <= set(paths)
