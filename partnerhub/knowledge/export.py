"""The knowledge base (lessons, practices, guides and tools) as CSV (plain Python, no
Django): one row per item, tags joined by "; ". `table_to_csv` writes any other table (the
demo checklists) the same way.

Cells that a spreadsheet would read as a formula (starting with =, +, - or @) are prefixed
with an apostrophe, so an exported lesson cannot run anything when opened."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

HEADER = (
    "id",
    "kind",
    "title",
    "text",
    "visibility",
    "source",
    "partnership",
    "partnership_types",
    "sdgs",
    "countries",
    "themes",
    "link",
    "attachment_url",
    "created_at",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def table_to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe(cell) for cell in row])
    return buffer.getvalue()


def to_csv(rows: Iterable[Sequence[object]]) -> str:
    return table_to_csv(HEADER, rows)
