"""The agreements API: list, detail, generate, deviations, the approval flow with the signed
copy, the template library with uploads, and the report. Errors are {"detail": ...}, 4xx."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from partnerhub.agreements.models import Agreement
from partnerhub.agreements.tests.factories import AgreementFactory, template_of
from partnerhub.agreements.tests.test_template_upload import BAD, GOOD, make_docx
from partnerhub.partnerships.tests.factories import PartnershipFactory
from partnerhub.results.tests.api_helpers import Api

pytestmark = pytest.mark.django_db


def api(user):
    return Api(user, "/api/agreements")


def test_anonymous_is_refused():
    response = api(None).get("")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_list_and_detail(focal_point, agreement):
    client = api(focal_point)
    body = client.get("").json()
    assert body["count"] == 1
    assert body["results"][0]["kind"] == "mou"
    detail = client.get(f"/{agreement.pk}").json()
    assert detail["status"] == "drafted"
    assert detail["next_states"] == ["legal_review", "cancelled"]
    assert any(c["mandatory"] for c in detail["clauses"])
    assert client.get("", status="nonsense").status_code == 400


def test_the_partner_sees_nothing_until_sent(company_rep, agreement):
    client = api(company_rep)
    assert client.get("").json()["count"] == 0
    assert client.get(f"/{agreement.pk}").status_code == 404
    Agreement.objects.filter(pk=agreement.pk).update(status="sent_for_signature")
    assert client.get("").json()["count"] == 1
    assert client.get(f"/{agreement.pk}").json()["next_states"] == []


def test_unknown_and_huge_ids_are_404(legal_officer):
    client = api(legal_officer)
    assert client.get("/999999").status_code == 404
    assert client.get(f"/{2**70}").status_code in (404, 422)


def test_generate_deviate_and_go_through_the_flow(partnership, legal_officer, focal_point):
    focal = api(focal_point)
    response = focal.post(f"/partnerships/{partnership.pk}", {"kind": "pro_bono", "language": "fr"})
    assert response.status_code == 201, response.content
    agreement = response.json()
    assert set(agreement["files"]) == {"docx", "pdf"}
    assert focal.get(f"/{agreement['id']}/files/pdf").status_code == 200

    legal = api(legal_officer)
    code = agreement["clauses"][-1]["code"]
    response = legal.post(
        f"/{agreement['id']}/deviations",
        {"clause_code": code, "text": "Texte négocié avec le partenaire.", "reason": "Demande"},
    )
    assert response.status_code == 201, response.content
    deviation = response.json()
    assert "<ins>" in deviation["redline_html"] and "<del>" in deviation["redline_html"]
    assert legal.delete(f"/{agreement['id']}/deviations/{deviation['id']}").status_code == 204
    assert legal.delete(f"/{agreement['id']}/deviations/{deviation['id']}").status_code == 404

    assert focal.post(f"/{agreement['id']}/transition", {"to": "legal_review"}).status_code == 200
    refused = focal.post(f"/{agreement['id']}/transition", {"to": "approved"})
    assert refused.status_code == 403
    assert "legal officers" in refused.json()["detail"]
    for to in ("approved", "sent_for_signature"):
        assert legal.post(f"/{agreement['id']}/transition", {"to": to}).status_code == 200
    assert legal.post(f"/{agreement['id']}/transition", {"to": "signed"}).status_code == 400
    response = legal.client.post(
        f"/api/agreements/{agreement['id']}/sign",
        {
            "signed_copy": SimpleUploadedFile("signed.pdf", b"%PDF-1.4 signed"),
            "signed_on": timezone.localdate().isoformat(),
        },
        **legal.headers,
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "signed"
    assert "signed" in response.json()["files"]


def test_generate_refusals_are_4xx(partnership, legal_officer, other_focal_point):
    legal = api(legal_officer)
    assert legal.post(f"/partnerships/{partnership.pk}", {"kind": "loan"}).status_code == 400
    response = legal.post(f"/partnerships/{partnership.pk}", {"kind": "mou", "language": "de"})
    assert response.status_code == 400
    assert legal.post("/partnerships/999999", {"kind": "mou"}).status_code == 404
    response = api(other_focal_point).post(f"/partnerships/{partnership.pk}", {"kind": "mou"})
    assert response.status_code == 403
    assert legal.post(f"/partnerships/{partnership.pk}", {"language": "en"}).status_code == 422


def test_a_bad_signed_copy_is_400(agreement, legal_officer):
    Agreement.objects.filter(pk=agreement.pk).update(status="sent_for_signature")
    legal = api(legal_officer)
    response = legal.client.post(
        f"/api/agreements/{agreement.pk}/sign",
        {
            "signed_copy": SimpleUploadedFile("signed.pdf", b"not a pdf"),
            "signed_on": timezone.localdate().isoformat(),
        },
        **legal.headers,
    )
    assert response.status_code == 400
    assert "not a valid PDF" in response.json()["detail"]


def test_templates_list_and_upload(legal_officer, focal_point):
    assert len(api(focal_point).get("/templates").json()) == 7
    legal = api(legal_officer)
    response = legal.client.post(
        "/api/agreements/templates",
        {"kind": "mou", "docx_file": SimpleUploadedFile("mou.docx", make_docx(*BAD))},
        **legal.headers,
    )
    assert response.status_code == 400
    body = response.json()
    assert "partner_ceo" in body["detail"]
    assert "Missing placeholder {{ clauses }}" in body["detail"]
    assert template_of("mou").version == 1
    response = legal.client.post(
        "/api/agreements/templates",
        {"kind": "mou", "docx_file": SimpleUploadedFile("mou.docx", make_docx(*GOOD))},
        **legal.headers,
    )
    assert response.status_code == 201
    assert response.json()["version"] == 2
    focal = api(focal_point)
    response = focal.client.post(
        "/api/agreements/templates",
        {"kind": "mou", "docx_file": SimpleUploadedFile("mou.docx", make_docx(*GOOD))},
        **focal.headers,
    )
    assert response.status_code == 403


def test_report_is_for_un_staff(focal_point, company_rep):
    assert api(focal_point).get("/report").json()["overall"]["signed"] == 0
    assert api(company_rep).get("/report").status_code == 403
    assert api(company_rep).get("/templates").status_code == 403


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_count(entity, focal_point, rows, django_assert_max_num_queries):
    template = template_of()
    for _ in range(rows):
        AgreementFactory(
            partnership=PartnershipFactory(lead_entity=entity, status="agreement"),
            template=template,
        )
    client = api(focal_point)
    with django_assert_max_num_queries(8):
        assert client.get("", page_size=50).json()["count"] == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_templates_query_count(legal_officer, rows, django_assert_max_num_queries):
    for _ in range(rows - 1):
        from partnerhub.agreements.services import template_upload

        template_upload(
            kind="mou",
            docx_file=SimpleUploadedFile("mou.docx", make_docx(*GOOD)),
            actor=legal_officer,
        )
    client = api(legal_officer)
    with django_assert_max_num_queries(8):
        assert len(client.get("/templates").json()) == 6 + rows


def test_a_refused_template_lists_every_problem_under_its_field(legal_officer):
    legal = api(legal_officer)
    response = legal.client.post(
        "/api/agreements/templates",
        {"kind": "mou", "docx_file": SimpleUploadedFile("mou.docx", make_docx(*BAD))},
        **legal.headers,
    )
    assert response.status_code == 400
    problems = response.json()["errors"]["docx_file"]
    assert problems[0].startswith("The template was refused")
    assert "Unknown placeholder {{ budget_code }}." in problems
    assert "Missing placeholder {{ clauses }}: every template must contain it." in problems
    assert template_of("mou").version == 1


def test_changing_the_language_of_a_negotiated_draft_is_refused(partnership, legal_officer):
    legal = api(legal_officer)
    agreement = legal.post(f"/partnerships/{partnership.pk}", {"kind": "mou"}).json()
    clause = legal.post(
        f"/{agreement['id']}/deviations",
        {"clause_code": "purpose", "text": "Negotiated purpose of {{ title }}."},
    )
    assert clause.status_code == 201, clause.content
    response = legal.post(f"/partnerships/{partnership.pk}", {"kind": "mou", "language": "fr"})
    assert response.status_code == 400
    assert "purpose" in response.json()["errors"]["language"][0]
    assert legal.get(f"/{agreement['id']}").json()["language"] == "en"


def test_the_day_it_was_sent_may_be_given(agreement, legal_officer):
    Agreement.objects.filter(pk=agreement.pk).update(status="approved")
    client = api(legal_officer)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        f"/{agreement.pk}/transition", {"to": "sent_for_signature", "sent_on": str(tomorrow)}
    )
    assert response.status_code == 400
    assert "in the future" in response.json()["errors"]["sent_on"][0]
    today = timezone.localdate().isoformat()
    response = client.post(
        f"/{agreement.pk}/transition", {"to": "sent_for_signature", "sent_on": today}
    )
    assert response.status_code == 200 and response.json()["sent_on"] == today
