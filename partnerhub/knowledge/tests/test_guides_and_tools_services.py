"""lesson_record / lesson_update / lesson_delete for guides and tools: kinds, links and
attachments (stored under a safe name, replaced, removed, deleted with the item)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from partnerhub.core.models import AuditEvent
from partnerhub.knowledge import services
from partnerhub.knowledge.models import Lesson
from partnerhub.knowledge.tests.files import EXE, GOOD, PDF, upload

pytestmark = pytest.mark.django_db

GUIDE = {
    "kind": "guide",
    "title": "Template: memorandum of understanding",
    "text": "The clauses of a standard MoU.",
    "visibility": "public",
}


def record(actor, **data):
    return services.lesson_record(actor=actor, data={**GUIDE, **data})


def test_a_guide_with_a_file_and_a_link(focal_point):
    guide = record(
        focal_point,
        attachment=upload("MoU v3 (final).DOCX", GOOD["template.docx"]),
        link="https://example.org/mou",
    )
    assert guide.kind == "guide"
    assert guide.link == "https://example.org/mou"
    assert guide.attachment.name.startswith("knowledge/")
    assert guide.attachment.name.endswith("template-memorandum-of-understanding.docx")
    assert default_storage.exists(guide.attachment.name)
    assert services.download_name(guide) == "template-memorandum-of-understanding.docx"
    details = AuditEvent.objects.get(verb="knowledge.lesson_recorded").details
    assert details["attachment"] == guide.attachment.name
    assert details["link"] == "https://example.org/mou"


def test_the_kind_must_be_one_of_four(focal_point):
    with pytest.raises(ValidationError) as caught:
        record(focal_point, kind="tip")
    assert "a lesson learned, a best practice, a guide or a tool" in str(caught.value)


def test_a_guide_or_tool_still_needs_its_description(focal_point):
    """Decision: text stays required for every kind (list, search, panel and newsletter show
    it); a guide's is a description of what the file or link holds."""
    with pytest.raises(ValidationError) as caught:
        record(focal_point, kind="tool", text=" ", link="https://example.org/x")
    assert caught.value.message_dict["text"] == [
        "Describe the guide or tool: what it is for and when to use it."
    ]
    with pytest.raises(ValidationError) as caught:
        record(focal_point, kind="lesson", text="")
    assert caught.value.message_dict["text"] == ["Write the lesson."]


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "ftp://example.org/x", "example", "https://" + "a" * 200]
)
def test_links_must_be_web_addresses(focal_point, link):
    with pytest.raises(ValidationError) as caught:
        record(focal_point, link=link)
    assert "link" in caught.value.message_dict
    assert not Lesson.objects.exists()


def test_a_refused_file_records_nothing(focal_point):
    with pytest.raises(ValidationError) as caught:
        record(focal_point, attachment=upload("setup.pdf", EXE))
    assert caught.value.message_dict["attachment"] == [
        "The file is not a valid PDF: its content does not match its extension."
    ]
    with pytest.raises(ValidationError) as caught:
        record(focal_point, attachment=upload("run.exe", PDF))
    assert "PDF, DOCX, XLSX, PPTX, ODT, ODS, CSV" in caught.value.message_dict["attachment"][0]
    assert not Lesson.objects.exists()


def test_replacing_the_file_deletes_the_old_one_after_commit(
    focal_point, django_capture_on_commit_callbacks
):
    guide = record(focal_point, attachment=upload("a.pdf", PDF))
    old = guide.attachment.name
    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_update(
            lesson=guide,
            actor=focal_point,
            data={"attachment": upload("b.csv", GOOD["checklist.csv"])},
        )
    guide.refresh_from_db()
    assert guide.attachment.name.endswith(".csv")
    assert default_storage.exists(guide.attachment.name)
    assert not default_storage.exists(old)
    details = AuditEvent.objects.get(verb="knowledge.lesson_updated").details
    assert details["replaced"] == old
    assert "attachment" in details["fields"]


def test_a_refused_replacement_keeps_the_old_file(focal_point):
    guide = record(focal_point, attachment=upload("a.pdf", PDF))
    with pytest.raises(ValidationError):
        services.lesson_update(
            lesson=guide, actor=focal_point, data={"attachment": upload("b.xlsx", PDF)}
        )
    guide.refresh_from_db()
    assert default_storage.exists(guide.attachment.name)


def test_removing_the_file(focal_point, django_capture_on_commit_callbacks):
    guide = record(focal_point, attachment=upload("a.pdf", PDF))
    old = guide.attachment.name
    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_update(lesson=guide, actor=focal_point, data={"remove_attachment": True})
    guide.refresh_from_db()
    assert not guide.attachment
    assert not default_storage.exists(old)


def test_deleting_the_item_deletes_its_file(focal_point, django_capture_on_commit_callbacks):
    guide = record(focal_point, attachment=upload("a.pdf", PDF))
    name = guide.attachment.name
    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_delete(lesson=guide, actor=focal_point)
    assert not default_storage.exists(name)
    assert AuditEvent.objects.get(verb="knowledge.lesson_deleted").details["attachment"] == name


def test_company_reps_may_not_add_guides(company_rep):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        record(company_rep)
