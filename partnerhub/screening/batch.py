"""Batch screening of a CSV of organisations (no Django imports).

Input columns: `name` (required), optional `country` (ISO alpha-2), `registration_number`,
`aliases` (';'-separated). Output: one row per input row, in input order, with `line`, `name`,
`status` (clear, potential_match, match, or error for a malformed row), `score` (0-1), `list`,
`list_ref`, `matched_name`, `explanation`. Malformed rows are kept, with the problem as their
explanation: nothing is dropped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

OUTPUT_COLUMNS = [
    "line",
    "name",
    "status",
    "score",
    "list",
    "list_ref",
    "matched_name",
    "explanation",
]
KNOWN_COLUMNS = {"name", "country", "registration_number", "aliases"}
MAX_ROWS = 100_000
MAX_NAME = 300


class BatchFormatError(ValueError):
    """The file as a whole cannot be read as the expected CSV."""


@dataclass(frozen=True)
class BatchRow:
    line: int
    name: str
    country: str = ""
    registration_number: str = ""
    aliases: tuple[str, ...] = ()
    problem: str = ""


def parse_input(text: str) -> list[BatchRow]:
    if not text.strip():
        raise BatchFormatError("The file is empty.")
    if "\x00" in text:
        raise BatchFormatError("This is not a text CSV file (it contains NUL bytes).")
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise BatchFormatError(f"The first line is not a CSV header ({exc}).") from None
    if "name" not in header:
        raise BatchFormatError(
            "The header has no 'name' column. Expected columns: name (required), country, "
            "registration_number, aliases."
        )
    unknown = [h for h in header if h and h not in KNOWN_COLUMNS]
    if unknown:
        raise BatchFormatError(f"Unknown column(s): {', '.join(unknown)}.")
    rows: list[BatchRow] = []
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise BatchFormatError(f"More than {MAX_ROWS:,} rows; split the file.")
            rows.append(_row(line, header, values))
    except csv.Error as exc:
        raise BatchFormatError(f"Line {reader.line_num}: {exc}") from None
    if not rows:
        raise BatchFormatError("The file has a header but no rows.")
    return rows


def _row(line: int, header: list[str], values: list[str]) -> BatchRow:
    if len(values) != len(header):
        return BatchRow(
            line=line,
            name=values[header.index("name")].strip() if len(values) > header.index("name") else "",
            problem=f"expected {len(header)} values, found {len(values)}",
        )
    record = {h: v.strip() for h, v in zip(header, values, strict=True)}
    name = " ".join(record.get("name", "").split())
    country = record.get("country", "").upper()
    problem = ""
    if not name:
        problem = "the name is empty"
    elif len(name) > MAX_NAME:
        problem = f"the name is longer than {MAX_NAME} characters"
    elif country and (len(country) != 2 or not country.isalpha()):
        problem = f"country {country!r} is not an ISO alpha-2 code"
    aliases = tuple(a.strip() for a in record.get("aliases", "").split(";") if a.strip())
    return BatchRow(
        line=line,
        name=name,
        country=country,
        registration_number=record.get("registration_number", ""),
        aliases=aliases,
        problem=problem,
    )


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """Stop a cell from running as a formula when the CSV is opened in a spreadsheet
    (names come from uploaded files and sanctions lists, which we do not control)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def screen_rows(
    rows: list[BatchRow],
    matcher: Any,
    out: TextIO,
    *,
    threshold: float = 0.7,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 200,
) -> dict[str, int]:
    """Screen every valid row and write the output CSV; returns counts per status."""
    from partnerhub.screening.matching.matcher import Query

    writer = csv.DictWriter(out, fieldnames=OUTPUT_COLUMNS)
    writer.writeheader()
    counts: dict[str, int] = {}
    for done, row in enumerate(rows, start=1):
        result: dict[str, Any] = {"line": row.line, "name": row.name}
        if row.problem:
            result.update(status="error", score="", explanation=row.problem)
        else:
            hits = matcher.screen(
                Query(
                    name=row.name,
                    aliases=row.aliases,
                    kind="organisation",
                    country=row.country,
                    registration_number=row.registration_number,
                ),
                threshold=threshold,
                limit=1,
            )
            if hits:
                best = hits[0]
                result.update(
                    status=best.status,
                    score=f"{best.score:.3f}",
                    list=str(best.entry_source),
                    list_ref=best.entry_ref,
                    matched_name=best.listed_name,
                    explanation=best.explanation.summary,
                )
            else:
                result.update(
                    status="clear", score="0.000", explanation="No listed name resembles it."
                )
        counts[result["status"]] = counts.get(result["status"], 0) + 1
        writer.writerow({key: spreadsheet_safe(value) for key, value in result.items()})
        if progress is not None and done % progress_every == 0:
            progress(done)
    return counts
