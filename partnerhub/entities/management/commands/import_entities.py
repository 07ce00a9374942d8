"""Import (or refresh) the UN-system entities from a UN System Chart CSV file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerhub.entities.services import DEFAULT_ENTITIES_CSV, entities_import_csv


class Command(BaseCommand):
    help = (
        "Create or update UN entities from a UN System Chart CSV (default: the file shipped "
        "with partnerhub) and apply the hub's curated partnership profiles. Safe to re-run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--path",
            type=Path,
            default=DEFAULT_ENTITIES_CSV,
            help=f"CSV file to import (default: {DEFAULT_ENTITIES_CSV})",
        )

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        result = entities_import_csv(path=path)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(f"Nothing imported: {len(result.errors)} error(s) in {path}.")
        self.stdout.write(
            self.style.SUCCESS(
                f"UN entities from {path.name}: {result.created} created, "
                f"{result.updated} updated, {result.unchanged} unchanged."
            )
        )
        if result.not_in_file:
            self.stdout.write(
                "In the database but not in the file (kept): " + ", ".join(result.not_in_file)
            )
