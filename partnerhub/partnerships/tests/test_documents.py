"""Partnership documents: uploaded by the lead entity's staff, checked, public ones on the
public page (once the partnership is public), the others only for people who may read it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerhub.core.models import AuditEvent
from partnerhub.partnerships.models import Partnership, PartnershipDocument

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name="report.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def active(partnership):
    partnership.status = Partnership.Status.ACTIVE
    partnership.save()
    return partnership


def _add(client, partnership, **data):
    payload = {"title": "Mid-term report", "kind": "report", "file": _pdf(), **data}
    return client.post(f"/partnerships/{partnership.pk}/documents/", payload)


def test_focal_point_adds_a_public_document_shown_on_the_public_page(client, active, focal_point):
    client.force_login(focal_point)
    response = _add(client, active, is_public="on")
    assert response.status_code == 302
    document = PartnershipDocument.objects.get()
    assert document.is_public and document.file.name.endswith(".pdf")
    assert AuditEvent.objects.filter(verb="partnership.document_added").exists()
    client.logout()
    page = client.get(f"/portfolio/{active.pk}/").content.decode()
    assert "Mid-term report" in page
    download = client.get(f"/partnerships/{active.pk}/documents/{document.pk}/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_a_private_document_is_not_public(client, active, focal_point, company_rep):
    client.force_login(focal_point)
    _add(client, active)
    document = PartnershipDocument.objects.get()
    client.logout()
    assert "Mid-term report" not in client.get(f"/portfolio/{active.pk}/").content.decode()
    url = f"/partnerships/{active.pk}/documents/{document.pk}/file/"
    assert client.get(url).status_code == 404
    client.force_login(company_rep)  # a party to the partnership
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private"


def test_public_document_of_a_partnership_that_is_not_public_stays_hidden(
    client, partnership, focal_point
):
    partnership.status = Partnership.Status.PROPOSED
    partnership.save()
    client.force_login(focal_point)
    _add(client, partnership, is_public="on")
    document = PartnershipDocument.objects.get()
    client.logout()
    url = f"/partnerships/{partnership.pk}/documents/{document.pk}/file/"
    assert client.get(url).status_code == 404


def test_a_renamed_program_is_refused_and_nothing_saved(client, active, focal_point):
    client.force_login(focal_point)
    response = _add(client, active, file=_pdf("report.pdf", b"MZ\x90\x00not a pdf"))
    assert response.status_code == 400
    assert "not a real PDF file" in response.content.decode()
    assert not PartnershipDocument.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "  "}, "This field is required."),
        ({"file": _pdf("data.csv", b"a,b\n")}, "Upload a file in one of these formats"),
        ({"file": _pdf("empty.pdf", b"")}, "The submitted file is empty."),
        ({"kind": "poem"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_clearly(client, active, focal_point, data, message):
    client.force_login(focal_point)
    response = _add(client, active, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PartnershipDocument.objects.exists()


def test_un_only_partnership_documents_cannot_be_public(client, active, focal_point):
    active.confidentiality = Partnership.Confidentiality.UN_ONLY
    active.save()
    client.force_login(focal_point)
    response = _add(client, active, is_public="on")
    assert response.status_code == 400
    assert "confidential to UN staff" in response.content.decode()


def test_others_may_not_manage_documents(client, active, company_rep, other_focal_point):
    for user in (company_rep, other_focal_point):
        client.force_login(user)
        assert _add(client, active).status_code == 403
    assert not PartnershipDocument.objects.exists()


def test_publish_withdraw_and_remove(client, active, focal_point):
    client.force_login(focal_point)
    _add(client, active)
    document = PartnershipDocument.objects.get()
    base = f"/partnerships/{active.pk}/documents/{document.pk}"
    client.post(f"{base}/publish/", {"public": "1"})
    document.refresh_from_db()
    assert document.is_public
    client.post(f"{base}/publish/", {"public": "0"})
    document.refresh_from_db()
    assert not document.is_public
    assert client.get(f"{base}/remove/").status_code == 405
    stored = document.file.name
    storage = document.file.storage
    with django_capture_on_commit():
        assert client.post(f"{base}/remove/").status_code == 302
    assert not PartnershipDocument.objects.exists()
    assert not storage.exists(stored)
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "partnership.document_published",
        "partnership.document_unpublished",
        "partnership.document_removed",
    } <= verbs


def django_capture_on_commit():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)
