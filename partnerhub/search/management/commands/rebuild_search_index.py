from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerhub.search import registry, services


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search index from the database: every registered kind, or "
        "those named with --kind. Safe to run at any time (entries are upserted)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind",
            action="append",
            default=[],
            help="A kind to rebuild (repeatable): " + ", ".join(k.name for k in registry.kinds()),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        names = options["kind"] or [kind.name for kind in registry.kinds()]
        for name in names:
            try:
                registry.get_kind(name)
            except registry.UnknownKind as exc:
                raise CommandError(str(exc)) from None
        for name in names:
            kind = registry.get_kind(name)
            total = kind.queryset().count()
            started = time.monotonic()

            def progress(done: int, _name: str = name, _total: int = total) -> None:
                self.stdout.write(f"  {_name}: {done}/{_total}")

            self.stdout.write(f"Indexing {total} {name} object(s)…")
            count = services.rebuild(name, progress=progress)
            seconds = time.monotonic() - started
            self.stdout.write(self.style.SUCCESS(f"{name}: {count} indexed in {seconds:.1f} s."))
