"""Small but well-formed files of each accepted format, and impostors, for the upload tests."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def ooxml(main_part: str) -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", main_part: b"<x/>"})


def odf(mimetype: str) -> bytes:
    return _zip({"mimetype": mimetype.encode(), "content.xml": b"<x/>"})


GOOD = {
    "guide.pdf": PDF,
    "template.docx": ooxml("word/document.xml"),
    "budget.xlsx": ooxml("xl/workbook.xml"),
    "slides.pptx": ooxml("ppt/presentation.xml"),
    "note.odt": odf("application/vnd.oasis.opendocument.text"),
    "sheet.ods": odf("application/vnd.oasis.opendocument.spreadsheet"),
    "checklist.csv": "step,done\nRegister,\nPost an offer — أو حاجة,\n".encode(),
}


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
