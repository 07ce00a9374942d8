"""attachments.py (plain Python): what an attached file may be, and safe file names."""

from __future__ import annotations

import io

import pytest

from partnerhub.core import filecheck as attachments
from partnerhub.core.filecheck import AttachmentProblem, Problem
from partnerhub.knowledge.tests.files import EXE, GOOD, PDF, odf, ooxml


def check(name: str, content: bytes) -> str:
    return attachments.check_attachment(name, len(content), io.BytesIO(content))


def refusal(name: str, content: bytes, size: int | None = None) -> Problem:
    with pytest.raises(AttachmentProblem) as caught:
        attachments.check_attachment(
            name, len(content) if size is None else size, io.BytesIO(content)
        )
    return caught.value.problem


@pytest.mark.parametrize("name", sorted(GOOD))
def test_each_accepted_format_passes(name):
    assert check(name, GOOD[name]) == "." + name.rsplit(".", 1)[1]


def test_the_extension_is_read_case_insensitively():
    assert check("GUIDE.PDF", PDF) == ".pdf"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.pdf", EXE),  # a program renamed to .pdf
        ("guide.pdf", ooxml("word/document.xml")),  # a DOCX renamed to .pdf
        ("budget.docx", ooxml("xl/workbook.xml")),  # a spreadsheet renamed to .docx
        ("slides.pptx", ooxml("word/document.xml")),
        ("template.docx", PDF),
        ("note.odt", odf("application/vnd.oasis.opendocument.spreadsheet")),
        ("sheet.ods", ooxml("xl/workbook.xml")),  # no mimetype member
        ("broken.docx", b"PK\x03\x04 not really a zip archive"),
    ],
)
def test_content_that_does_not_match_the_extension_is_refused(name, content):
    assert refusal(name, content) == Problem.CONTENT


@pytest.mark.parametrize(
    "content",
    [PDF, EXE, b"a,b\n\x00\x01,c\n", "é,è\n".encode("latin-1"), ooxml("xl/workbook.xml")],
)
def test_a_csv_must_be_utf8_text(content):
    assert refusal("list.csv", content) == Problem.CSV_ENCODING


@pytest.mark.parametrize("name", ["virus.exe", "page.html", "archive.zip", "noextension", ""])
def test_other_extensions_are_refused(name):
    assert refusal(name, PDF) == Problem.EXTENSION


def test_empty_and_too_big_files_are_refused():
    assert refusal("guide.pdf", b"") == Problem.EMPTY
    assert refusal("guide.pdf", PDF, size=attachments.MAX_BYTES + 1) == Problem.TOO_BIG
    assert check("guide.pdf", PDF + b" " * (attachments.MAX_BYTES - len(PDF))) == ".pdf"


def test_the_stream_is_rewound_for_storage():
    stream = io.BytesIO(GOOD["template.docx"])
    attachments.check_attachment("t.docx", len(GOOD["template.docx"]), stream)
    assert stream.tell() == 0


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Template: memorandum of understanding", "template-memorandum-of-understanding.docx"),
        ('Évaluation "finale" / 2026\r\n; rm -rf', "evaluation-finale-2026-rm-rf.docx"),
        ("../../etc/passwd", "etc-passwd.docx"),
        ("دليل الشراكة", "knowledge-7.docx"),
        ("x" * 300, "x" * 80 + ".docx"),
    ],
)
def test_download_names_are_safe(title, expected):
    assert attachments.download_name(title, ".docx", "knowledge-7") == expected
