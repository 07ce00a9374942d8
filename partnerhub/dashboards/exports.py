"""CSV downloads of dashboard tables: every row, a header line, UTF-8 with a byte-order mark
so that Excel opens accented and Arabic names correctly."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpResponse

from partnerhub.dashboards.tables import Table, plain

# A cell starting with one of these would run as a formula when the file is opened in a
# spreadsheet; partnership and offer titles are typed by users, so such text is quoted.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(column.header) for column in table.columns])
    for row in table.rows:
        writer.writerow([_cell(row[column.key]) for column in table.columns])
    return "\ufeff" + buffer.getvalue()


def csv_response(table: Table, filename: str) -> HttpResponse:
    response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
