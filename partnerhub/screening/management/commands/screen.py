from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerhub.screening import batch
from partnerhub.screening.engine import current_matcher
from partnerhub.screening.models import ListVersion


class Command(BaseCommand):
    help = (
        "Screen a CSV of organisations (columns: name, country, registration_number, aliases) "
        "against the current list versions; write one result row per input row."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", help="Input CSV (UTF-8)")
        parser.add_argument("--output", required=True, help="Output CSV ('-' for standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            text = Path(options["input"]).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {options['input']}: {exc}") from None
        try:
            rows = batch.parse_input(text)
        except batch.BatchFormatError as exc:
            raise CommandError(str(exc)) from None
        if not ListVersion.objects.filter(is_current=True).exists():
            raise CommandError("No sanctions list imported yet: run import_sanctions --source un.")
        matcher = current_matcher()
        for row in rows:
            if row.problem:
                self.stderr.write(f"Line {row.line}: {row.problem} (kept in the output as 'error')")
        if options["output"] == "-":
            counts = batch.screen_rows(rows, matcher, sys.stdout)
        else:
            with Path(options["output"]).open("w", encoding="utf-8", newline="") as out:
                counts = batch.screen_rows(rows, matcher, out)
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        self.stderr.write(f"{len(rows)} rows screened: {summary}.")
