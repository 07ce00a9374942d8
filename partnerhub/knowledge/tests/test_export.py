"""The CSV of lessons (export.py, plain Python)."""

from __future__ import annotations

import csv
import io

from partnerhub.knowledge.export import HEADER, to_csv


def test_rows_follow_the_header_and_formulas_are_defused():
    text = to_csv(
        [
            (
                1,
                "lesson",
                '=HYPERLINK("x")',
                "Line 1\nLine 2",
                "public",
                "direct",
                "",
                "",
                "2; 3",
                "KE",
                "",
                "https://example.org/guide",
                "https://hub.example/knowledge/lessons/1/file/",
                "2026-01-01",
            )
        ]
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(HEADER)
    assert rows[1][2] == '\'=HYPERLINK("x")'
    assert rows[1][3] == "Line 1\nLine 2"
    assert rows[1][8] == "2; 3"
    assert rows[1][HEADER.index("link")] == "https://example.org/guide"
    assert len(rows[1]) == len(HEADER)
