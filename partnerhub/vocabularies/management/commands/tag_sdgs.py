"""Suggest SDGs for every row of a CSV file (columns id,text) with the SDG tagger."""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerhub.sdg_tagger import SdgSuggestion, default_tagger

REQUIRED_COLUMNS = ("id", "text")


def _read_rows(path: Path) -> list[tuple[str, str]]:
    """Validate the whole file first, so a bad row leaves no partial output behind."""
    if not path.is_file():
        raise CommandError(f"Input file not found: {path}")
    try:
        # utf-8-sig tolerates the byte-order mark spreadsheet programs write.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = reader.fieldnames or []
            missing = [column for column in REQUIRED_COLUMNS if column not in columns]
            if missing:
                raise CommandError(
                    f"{path.name}: missing column(s) {', '.join(missing)}; the header must "
                    f"contain id and text (found: {', '.join(columns) or 'no header'})."
                )
            rows = []
            for row in reader:
                line = reader.line_num
                identifier = (row.get("id") or "").strip()
                if not identifier:
                    raise CommandError(f"{path.name}, line {line}: column id is empty.")
                text = row.get("text")
                if text is None:
                    raise CommandError(f"{path.name}, line {line}: the row has no text column.")
                rows.append((identifier, text))
    except UnicodeDecodeError as error:
        raise CommandError(
            f"{path.name} is not UTF-8 text (byte {error.start}); save it as CSV UTF-8."
        ) from error
    except csv.Error as error:
        raise CommandError(f"{path.name} is not a readable CSV file: {error}") from error
    return rows


def _evidence(suggestions: list[SdgSuggestion]) -> str:
    return "; ".join(
        f"SDG {suggestion.goal}: " + ", ".join(f'"{phrase}"' for phrase in suggestion.evidence)
        for suggestion in suggestions
    )


class Command(BaseCommand):
    help = (
        "Tag each row of a CSV (columns id,text; UTF-8) with the SDGs it addresses. Writes "
        "id,sdgs,evidence: SDG numbers strongest first, ';'-separated, and the words that "
        "support each."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", type=Path, help="CSV file with columns id and text")
        parser.add_argument("--output", type=Path, required=True, help="CSV file to write")

    def handle(self, *args: Any, input: Path, output: Path, **options: Any) -> None:
        rows = _read_rows(input)
        tagger = default_tagger()
        if not output.parent.is_dir():
            raise CommandError(f"Output directory does not exist: {output.parent}")
        untagged = 0
        descriptor, temporary = tempfile.mkstemp(
            dir=output.parent, prefix=f".{output.name}.", suffix=".tmp"
        )
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["id", "sdgs", "evidence"])
                for identifier, text in rows:
                    suggestions = tagger.suggest(text)
                    if not suggestions:
                        untagged += 1
                    writer.writerow(
                        [
                            identifier,
                            ";".join(str(suggestion.goal) for suggestion in suggestions),
                            _evidence(suggestions),
                        ]
                    )
            Path(temporary).replace(output)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.stdout.write(
            self.style.SUCCESS(
                f"Tagged {len(rows)} row(s) into {output}: {len(rows) - untagged} with at "
                f"least one SDG, {untagged} without."
            )
        )
