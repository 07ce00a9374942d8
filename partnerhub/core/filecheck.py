"""Checks of an uploaded file (plain Python, no Django), for the knowledge base's guides and
tools and for partnership documents.

A file is accepted when its extension is one of FORMATS, its size is within MAX_BYTES and its
content is what the extension claims: a PDF starts with "%PDF-"; the Office Open XML files
(DOCX, XLSX, PPTX) are ZIP archives with a content-types part and their main part; the
OpenDocument files (ODT, ODS) are ZIP archives whose "mimetype" member names their type; a CSV
is UTF-8 text without NUL bytes that does not start like any of the binary formats. So a
program renamed to .pdf, or a spreadsheet renamed to .docx, is refused."""

from __future__ import annotations

import codecs
import enum
import re
import unicodedata
import zipfile
from typing import BinaryIO

MAX_BYTES = 10 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OOXML_PARTS = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
    ".pptx": "ppt/presentation.xml",
}
ODF_MIMETYPES = {
    ".odt": b"application/vnd.oasis.opendocument.text",
    ".ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
FORMATS = (".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".csv")
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".csv": "text/csv",
}
# First bytes of binary files that must never pass as a CSV, even if they decode as text.
BINARY_STARTS = (b"%PDF-", ZIP_MAGIC, b"\xd0\xcf\x11\xe0", b"MZ", b"\x7fELF")
CHUNK = 64 * 1024
MAX_NAME = 80


class Problem(enum.Enum):
    EXTENSION = "extension"
    EMPTY = "empty"
    TOO_BIG = "too_big"
    CONTENT = "content"
    CSV_ENCODING = "csv_encoding"


class AttachmentProblem(ValueError):
    def __init__(self, problem: Problem, extension: str = "") -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.extension = extension


def extension_of(name: str) -> str:
    """The lower-case extension (".pdf"), or "" when there is none."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return "." + base.rsplit(".", 1)[-1] if "." in base else ""


def _is_ooxml(stream: BinaryIO, part: str) -> bool:
    with zipfile.ZipFile(stream) as archive:
        names = set(archive.namelist())
    return "[Content_Types].xml" in names and part in names


def _is_odf(stream: BinaryIO, mimetype: bytes) -> bool:
    with zipfile.ZipFile(stream) as archive:
        try:
            info = archive.getinfo("mimetype")
        except KeyError:
            return False
        # The member is a few dozen bytes by the standard; a large one is not a real ODF file.
        if info.file_size > 200:
            return False
        return archive.read(info).strip() == mimetype


def _is_utf8_text(stream: BinaryIO) -> bool:
    head = stream.read(8)
    if head.startswith(BINARY_STARTS):
        return False
    decoder = codecs.getincrementaldecoder("utf-8")()
    chunk = head
    try:
        while chunk:
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
            chunk = stream.read(CHUNK)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _content_matches(extension: str, stream: BinaryIO) -> bool:
    if extension == ".csv":
        return _is_utf8_text(stream)
    head = stream.read(5)
    stream.seek(0)
    if extension == ".pdf":
        return head == b"%PDF-"
    if not head.startswith(ZIP_MAGIC):
        return False
    try:
        if extension in OOXML_PARTS:
            return _is_ooxml(stream, OOXML_PARTS[extension])
        return _is_odf(stream, ODF_MIMETYPES[extension])
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        return False


def check_attachment(name: str, size: int, stream: BinaryIO) -> str:
    """The file's extension (".pdf", ...) once its name, size and content pass; otherwise
    AttachmentProblem says what is wrong. `stream` must be seekable; it is left at 0."""
    extension = extension_of(name)
    if extension not in FORMATS:
        raise AttachmentProblem(Problem.EXTENSION, extension)
    if size <= 0:
        raise AttachmentProblem(Problem.EMPTY, extension)
    if size > MAX_BYTES:
        raise AttachmentProblem(Problem.TOO_BIG, extension)
    stream.seek(0)
    try:
        matches = _content_matches(extension, stream)
    finally:
        stream.seek(0)
    if not matches:
        problem = Problem.CSV_ENCODING if extension == ".csv" else Problem.CONTENT
        raise AttachmentProblem(problem, extension)
    return extension


def safe_stem(title: str, fallback: str) -> str:
    """An ASCII file name stem from a title: letters, digits and hyphens only, so it is safe
    in a Content-Disposition header and on any file system; `fallback` when nothing is left
    (a title in Arabic or Chinese, say)."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    stem = stem[:MAX_NAME].rstrip("-")
    return stem or fallback


def download_name(title: str, extension: str, fallback: str) -> str:
    return safe_stem(title, fallback) + extension
