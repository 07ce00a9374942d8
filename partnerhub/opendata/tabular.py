"""CSV and JSON renderings of a list of records (plain Python, no Django), written piece by
piece so that a large list is streamed rather than built in memory.

A record is a dict of plain values: str, int, float, Decimal, bool, None, dates, and lists of
those. CSV joins a list with "; " and starts with a byte-order mark, so that Excel reads the
file as UTF-8; a cell that a spreadsheet would read as a formula (starting with =, +, -, @, or
a tab or carriage return) gets a leading apostrophe, so opening an export cannot run anything.
JSON is {"count": n, "results": [...]}, every record with the same keys in the same order.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "


def plain(value: Any) -> Any:
    """A JSON-ready form of one value: dates in ISO 8601, decimals as strings (so that no
    amount is rounded through a float), lists element by element."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def cell(value: Any) -> str:
    """One CSV cell, safe to open in a spreadsheet."""
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, list | tuple):
        text = LIST_SEPARATOR.join(cell(item) for item in value)
    else:
        text = str(plain(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_lines(header: Sequence[str], records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The CSV file, one line at a time: the byte-order mark and header, then one line per
    record, its cells in the header's order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: Sequence[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    yield BOM + line([cell(name) for name in header])
    for record in records:
        yield line([cell(record.get(name)) for name in header])


def json_chunks(count: int, records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The JSON document in pieces: the count first, then each record."""
    yield '{"count": ' + str(int(count)) + ', "results": ['
    for index, record in enumerate(records):
        prefix = "" if index == 0 else ", "
        yield prefix + json.dumps(
            {key: plain(value) for key, value in record.items()}, ensure_ascii=False
        )
    yield "]}\n"
