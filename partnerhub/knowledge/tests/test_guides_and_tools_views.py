"""Guides and tools on the pages: the upload form, the download and who may have it, the
detail, the list (kinds, file icon, filters on all four tags) and the CSV."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from partnerhub.core import filecheck as attachments
from partnerhub.knowledge import services
from partnerhub.knowledge.models import Lesson
from partnerhub.knowledge.tests.factories import LessonFactory
from partnerhub.knowledge.tests.files import EXE, GOOD, PDF, upload
from partnerhub.vocabularies.models import PartnershipType, Theme

pytestmark = pytest.mark.django_db

LIST = reverse("knowledge:lesson_list")
CREATE = reverse("knowledge:lesson_create")
FORM = {
    "kind": "tool",
    "title": "Checklist: KPIs at design",
    "text": "What to check.",
    "visibility": "public",
}


def file_url(lesson):
    return reverse("knowledge:lesson_file", args=[lesson.pk])


def guide_with_file(author, visibility="public", title="How to partner with the UN"):
    return services.lesson_record(
        actor=author,
        data={
            "kind": "guide",
            "title": title,
            "text": "Steps.",
            "visibility": visibility,
            "attachment": upload("x.pdf", PDF),
        },
    )


def test_uploading_a_tool_with_its_file_and_link(as_role):
    _user, client = as_role("focal_point")
    assert 'enctype="multipart/form-data"' in client.get(CREATE).content.decode()
    response = client.post(
        CREATE,
        {
            **FORM,
            "link": "https://example.org/kpi",
            "attachment": upload("c.csv", GOOD["checklist.csv"]),
        },
    )
    assert response.status_code == 302
    tool = Lesson.objects.get()
    assert (tool.kind, tool.link) == ("tool", "https://example.org/kpi")
    assert tool.attachment.name.endswith("checklist-kpis-at-design.csv")


def test_a_program_renamed_to_pdf_is_refused_with_a_form_error(as_role):
    _user, client = as_role("focal_point")
    response = client.post(CREATE, {**FORM, "attachment": upload("guide.pdf", EXE)})
    assert response.status_code == 400
    assert "The file is not a valid PDF" in response.content.decode()
    assert not Lesson.objects.exists()


def test_a_file_over_10_mb_is_refused_with_a_form_error(as_role):
    _user, client = as_role("focal_point")
    big = PDF + b"0" * attachments.MAX_BYTES
    response = client.post(CREATE, {**FORM, "attachment": upload("guide.pdf", big)})
    assert response.status_code == 400
    assert "The file is larger than 10 MB." in response.content.decode()
    assert not Lesson.objects.exists()


def test_replacing_and_removing_the_file_on_edit(
    as_role, focal_point, django_capture_on_commit_callbacks
):
    guide = guide_with_file(focal_point)
    first = guide.attachment.name
    _user, client = as_role("focal_point")
    edit = reverse("knowledge:lesson_edit", args=[guide.pk])
    page = client.get(edit).content.decode()
    assert "Current attachment:" in page and "Remove the current attachment" in page
    base = {"kind": "guide", "title": guide.title, "text": "Steps.", "visibility": "public"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit, {**base, "attachment": upload("n.docx", GOOD["template.docx"])}
        )
    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.attachment.name.endswith(".docx") and not default_storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit, {**base, "remove_attachment": "on"})
    guide.refresh_from_db()
    assert not guide.attachment


def test_anyone_downloads_a_public_file_as_an_attachment(client, focal_point):
    guide = guide_with_file(focal_point, title='Guide: "partner" with the UN; 2026')
    response = client.get(file_url(guide))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="guide-partner-with-the-un-2026.pdf"'
    )
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("role", ["anonymous", "plain_user", "company_rep"])
def test_un_only_files_are_hidden_from_outsiders(as_role, focal_point, role):
    guide = guide_with_file(focal_point, visibility="un_only")
    _user, client = as_role(role)
    assert client.get(file_url(guide)).status_code == 404


@pytest.mark.parametrize("role", ["focal_point", "legal_officer", "coordinator"])
def test_un_staff_download_un_only_files_privately(as_role, focal_point, role):
    guide = guide_with_file(focal_point, visibility="un_only")
    _user, client = as_role(role)
    response = client.get(file_url(guide))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_no_file_or_a_missing_file_is_404(client, focal_point):
    assert client.get(file_url(LessonFactory())).status_code == 404
    guide = guide_with_file(focal_point)
    default_storage.delete(guide.attachment.name)
    assert client.get(file_url(guide)).status_code == 404
    page = client.get(reverse("knowledge:lesson_detail", args=[guide.pk]))
    assert page.status_code == 200
    assert "the file is missing from storage" in page.content.decode()


def test_the_detail_shows_the_file_name_size_and_link(client, focal_point):
    guide = guide_with_file(focal_point)
    Lesson.objects.filter(pk=guide.pk).update(link="https://example.org/guide")
    html = client.get(reverse("knowledge:lesson_detail", args=[guide.pk])).content.decode()
    assert "Download how-to-partner-with-the-un.pdf" in html
    assert f"{len(PDF)}\xa0bytes" in html
    assert file_url(guide) in html
    assert 'href="https://example.org/guide" rel="noopener noreferrer external"' in html


def test_the_list_is_titled_for_all_kinds_and_marks_files(client, focal_point):
    guide_with_file(focal_point)
    LessonFactory(title="Plain lesson")
    html = client.get(LIST).content.decode()
    assert "Knowledge base: lessons, practices, guides and tools" in html
    assert html.count("bi-paperclip") == 1
    assert '<option value="guide">Guide</option>' in html
    assert '<option value="tool">Tool (template, checklist)</option>' in html


def titles(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return {item.title for item in response.context["page_obj"].object_list}


def test_filters_on_kind_and_all_four_tags(client):
    kind_type = PartnershipType.objects.get(pk="innovative-financing")
    theme = Theme.objects.get(pk="food-security")
    tool = LessonFactory(title="Tool", kind="tool", sdgs=[2], countries=["KE"])
    tool.partnership_types.set([kind_type])
    guide = LessonFactory(title="Guide", kind="guide", sdgs=[5], countries=["SD"])
    guide.themes.set([theme])
    LessonFactory(title="Hidden guide", kind="guide", visibility="un_only", sdgs=[2])
    assert titles(client, kind="guide") == {"Guide"}
    assert titles(client, kind="tool") == {"Tool"}
    assert titles(client, partnership_type="innovative-financing") == {"Tool"}
    assert titles(client, sdg=2) == {"Tool"}
    assert titles(client, country="SD") == {"Guide"}
    assert titles(client, theme="food-security") == {"Guide"}
    assert titles(client, theme="no-such-theme") == {"Tool", "Guide"}


def test_the_csv_has_kind_link_and_file_address(client, focal_point):
    guide = guide_with_file(focal_point)
    Lesson.objects.filter(pk=guide.pk).update(link="https://example.org/g")
    body = client.get(reverse("knowledge:lesson_export")).content.decode()
    header, row = body.splitlines()[:2]
    assert header.split(",")[-3:] == ["link", "attachment_url", "created_at"]
    assert ",guide," in row
    assert f"https://example.org/g,http://testserver{file_url(guide)}," in row
