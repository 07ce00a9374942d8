"""CSV and JSON writers: header row, BOM, formula injection neutralised, stable JSON."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal

from partnerhub.opendata import tabular

HEADER = ["id", "name", "tags", "amount", "day", "flag"]


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_it_writes_a_bom_and_a_header_even_without_records():
    text = "".join(tabular.csv_lines(HEADER, []))
    assert text.startswith("\ufeff")
    assert _rows(text.removeprefix("\ufeff")) == [HEADER]


def test_it_neutralises_formulas_in_every_cell():
    record = {
        "id": 1,
        "name": '=HYPERLINK("http://evil.example","click")',
        "tags": ["+1", "@SUM(A1)", "plain", "-2"],
        "amount": Decimal("-5.00"),
        "day": datetime.date(2026, 1, 2),
        "flag": True,
    }
    text = "".join(tabular.csv_lines(HEADER, [record]))
    row = _rows(text.removeprefix("\ufeff"))[1]
    assert row[1].startswith("'=HYPERLINK")
    assert row[2] == "'+1; '@SUM(A1); plain; '-2"
    assert row[3] == "'-5.00"
    assert row[4] == "2026-01-02"
    assert row[5] == "true"
    for start in ("\tx", "\rx"):
        assert tabular.cell(start).startswith("'")


def test_it_keeps_newlines_and_quotes_inside_a_cell():
    record = {"id": 2, "name": 'Line one\nline "two", three'}
    text = "".join(tabular.csv_lines(HEADER, [record]))
    assert _rows(text.removeprefix("\ufeff"))[1][1] == 'Line one\nline "two", three'


def test_json_has_count_and_results_with_plain_values():
    records = [
        {"id": 1, "amount": Decimal("250000.00"), "day": datetime.date(2026, 1, 2), "n": None},
        {"id": 2, "amount": Decimal("1.50"), "day": None, "list": ["é", "中文"]},
    ]
    data = json.loads("".join(tabular.json_chunks(2, records)))
    assert data == {
        "count": 2,
        "results": [
            {"id": 1, "amount": "250000.00", "day": "2026-01-02", "n": None},
            {"id": 2, "amount": "1.50", "day": None, "list": ["é", "中文"]},
        ],
    }
    assert json.loads("".join(tabular.json_chunks(0, []))) == {"count": 0, "results": []}
