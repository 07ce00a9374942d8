"""Small UN System Chart files for import tests."""

from __future__ import annotations

import csv
from pathlib import Path

from partnerhub.entities.chart_csv import LINK_COLUMNS, REQUIRED_COLUMNS

COLUMNS = [*REQUIRED_COLUMNS, *LINK_COLUMNS]


def write_chart_csv(
    directory: Path,
    rows: list[dict[str, str]],
    *,
    columns: list[str] | None = None,
    name: str = "entities.csv",
) -> Path:
    path = directory / name
    columns = columns or COLUMNS
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in columns})
    return path
