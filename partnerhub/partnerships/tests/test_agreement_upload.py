"""Recording the signed agreement: service, page and API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerhub.accounts.services import api_token_create
from partnerhub.core.models import AuditEvent
from partnerhub.partnerships.models import Partnership
from partnerhub.partnerships.services import agreement_upload, partnership_transition

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n"
SIGNED_ON = datetime.date(2026, 11, 2)


def _pdf(name="signed.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def at_agreement(partnership):
    Partnership.objects.filter(pk=partnership.pk).update(status="agreement")
    partnership.refresh_from_db()
    return partnership


def test_the_legal_officer_records_it_and_the_partnership_can_become_active(
    at_agreement, legal_officer
):
    agreement_upload(
        partnership=at_agreement, actor=legal_officer, upload=_pdf(), signed_on=SIGNED_ON
    )
    at_agreement.refresh_from_db()
    assert at_agreement.signed_on == SIGNED_ON
    assert at_agreement.signed_agreement.read() == PDF
    event = AuditEvent.objects.get(verb="partnership.agreement_uploaded")
    assert event.details["signed_on"] == "2026-11-02"
    partnership_transition(partnership=at_agreement, to="active", actor=legal_officer)


def test_a_second_upload_replaces_the_first_and_the_trail_keeps_both(at_agreement, legal_officer):
    agreement_upload(
        partnership=at_agreement, actor=legal_officer, upload=_pdf(), signed_on=SIGNED_ON
    )
    first = Partnership.objects.get(pk=at_agreement.pk).signed_agreement.name
    agreement_upload(
        partnership=at_agreement,
        actor=legal_officer,
        upload=_pdf(content=PDF + b"v2"),
        signed_on=SIGNED_ON,
    )
    events = AuditEvent.objects.filter(verb="partnership.agreement_uploaded").order_by("id")
    assert events.last().details["replaced"] == first


@pytest.mark.parametrize("role", ["focal_point", "screening_officer", "company_rep", "coordinator"])
def test_only_legal_officers_and_administrators_record_it(request, at_agreement, role):
    with pytest.raises(PermissionDenied, match="legal officers"):
        agreement_upload(
            partnership=at_agreement,
            actor=request.getfixturevalue(role),
            upload=_pdf(),
            signed_on=SIGNED_ON,
        )


def test_an_administrator_may(at_agreement, admin):
    agreement_upload(partnership=at_agreement, actor=admin, upload=_pdf(), signed_on=SIGNED_ON)


def test_only_at_the_agreement_stage(partnership, legal_officer):
    with pytest.raises(ValidationError, match="agreement stage"):
        agreement_upload(
            partnership=partnership, actor=legal_officer, upload=_pdf(), signed_on=SIGNED_ON
        )


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        pytest.param(_pdf("signed.txt"), "PDF or DOCX", id="wrong extension"),
        pytest.param(_pdf(content=b""), "empty", id="empty"),
        pytest.param(_pdf(content=b"<html>not a pdf"), "not a valid PDF", id="not a pdf"),
        pytest.param(_pdf("s.docx", PDF), "not a valid DOCX", id="pdf named docx"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_kept(at_agreement, legal_officer, upload, message):
    with pytest.raises(ValidationError, match=message):
        agreement_upload(
            partnership=at_agreement, actor=legal_officer, upload=upload, signed_on=SIGNED_ON
        )
    at_agreement.refresh_from_db()
    assert not at_agreement.signed_agreement
    assert not AuditEvent.objects.filter(verb="partnership.agreement_uploaded").exists()


def test_a_signature_date_in_the_future_is_refused(at_agreement, legal_officer):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="in the future"):
        agreement_upload(
            partnership=at_agreement, actor=legal_officer, upload=_pdf(), signed_on=tomorrow
        )


def test_the_page_form_uploads_and_the_parties_download(
    at_agreement, legal_officer, company_rep, other_focal_point
):
    client = Client()
    client.force_login(legal_officer)
    detail = client.get(at_agreement.get_absolute_url())
    assert b'enctype="multipart/form-data"' in detail.content
    assert "upload the signed copy" in detail.content.decode()
    response = client.post(
        reverse("partnerships:agreement_upload", args=[at_agreement.pk]),
        {"file": _pdf(), "signed_on": "2026-11-02"},
    )
    assert response.status_code == 302
    download = reverse("partnerships:agreement_download", args=[at_agreement.pk])
    rep = Client()
    rep.force_login(company_rep)
    got = rep.get(download)
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == PDF
    assert "attachment" in got["Content-Disposition"]
    stranger = Client()
    stranger.force_login(other_focal_point)
    # Past draft, UN staff may read the partnership; its signed agreement with it.
    assert stranger.get(download).status_code == 200
    assert Client().get(download).status_code == 302


def test_the_page_shows_errors_without_losing_the_page(at_agreement, legal_officer):
    client = Client()
    client.force_login(legal_officer)
    response = client.post(
        reverse("partnerships:agreement_upload", args=[at_agreement.pk]),
        {"file": _pdf("x.exe", b"MZ"), "signed_on": "2026-11-02"},
    )
    assert response.status_code == 400
    assert "PDF or DOCX" in response.content.decode()


def test_the_page_refuses_someone_else(at_agreement, focal_point):
    client = Client()
    client.force_login(focal_point)
    response = client.post(
        reverse("partnerships:agreement_upload", args=[at_agreement.pk]),
        {"file": _pdf(), "signed_on": "2026-11-02"},
    )
    assert response.status_code == 403


def test_download_without_an_agreement_404(partnership, focal_point):
    client = Client()
    client.force_login(focal_point)
    url = reverse("partnerships:agreement_download", args=[partnership.pk])
    assert client.get(url).status_code == 404


def _bearer(user):
    _token, secret = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_the_api_uploads_downloads_and_refuses(at_agreement, legal_officer, focal_point):
    url = f"/api/partnerships/{at_agreement.pk}/agreement"
    client = Client()
    refused = client.post(url, {"file": _pdf(), "signed_on": "2026-11-02"}, **_bearer(focal_point))
    assert refused.status_code == 403
    bad = client.post(
        url, {"file": _pdf("a.txt"), "signed_on": "2026-11-02"}, **_bearer(legal_officer)
    )
    assert bad.status_code == 400
    assert "PDF or DOCX" in bad.json()["detail"]
    ok = client.post(url, {"file": _pdf(), "signed_on": "2026-11-02"}, **_bearer(legal_officer))
    assert ok.status_code == 200
    body = ok.json()
    assert body["has_signed_agreement"] is True
    assert body["signed_on"] == "2026-11-02"
    assert "active" not in body["blocked"]
    got = client.get(url, **_bearer(focal_point))
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == PDF
