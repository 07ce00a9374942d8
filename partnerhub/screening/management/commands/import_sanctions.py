from __future__ import annotations

import urllib.request
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerhub.screening.lists import SHIPPED_UN_LIST, import_snapshot_bytes
from partnerhub.screening.models import ListImport

UN_OFFICIAL_URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"


class Command(BaseCommand):
    help = (
        "Import a sanctions list file as a new version. A refused file changes nothing. "
        "With --download (UN only) the list is fetched from its official URL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", required=True, choices=["un", "ofac", "eu"])
        parser.add_argument(
            "file", nargs="?", help="The list file (default for un: the shipped copy)"
        )
        parser.add_argument(
            "--generated-at", default="", help="Publication date when the file has none (OFAC CSV)"
        )
        parser.add_argument(
            "--download", action="store_true", help="Fetch the UN list from its official URL"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["source"]
        if options["download"]:
            if source != "un":
                raise CommandError("--download is available for the UN list only.")
            with urllib.request.urlopen(UN_OFFICIAL_URL, timeout=60) as response:
                data = response.read()
        else:
            path = options["file"] or (str(SHIPPED_UN_LIST) if source == "un" else None)
            if path is None:
                raise CommandError("Give the file to import.")
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        outcome = import_snapshot_bytes(
            source=source, data=data, generated_at_hint=options["generated_at"]
        )
        if outcome.status == ListImport.Status.FAILED:
            raise CommandError(f"Refused: {outcome.message} The version in force is unchanged.")
        self.stdout.write(self.style.SUCCESS(outcome.message))
