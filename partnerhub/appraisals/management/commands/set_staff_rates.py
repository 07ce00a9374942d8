"""Load daily staff rates from a CSV, as an administrator or the system coordinator would set
them on the rates page. The hub ships no official rate table: every row must say where its
rate comes from."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerhub.appraisals import services
from partnerhub.entities.models import UNEntity

COLUMNS = ("grade", "daily_rate_usd", "valid_from", "source")


class Command(BaseCommand):
    help = (
        "Set daily staff rates from a CSV with columns grade, daily_rate_usd, valid_from "
        "(YYYY-MM-DD), source and optionally entity (an acronym; empty for the UN system). "
        "Every row is checked before any is saved."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", help="The CSV file (UTF-8)")
        parser.add_argument(
            "--as",
            dest="actor",
            required=True,
            help="E-mail of the administrator or system coordinator setting the rates",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = get_user_model().objects.filter(email__iexact=options["actor"]).first()
        if actor is None:
            raise CommandError(f"No user has the e-mail {options['actor']}.")
        try:
            text = Path(options["csv"]).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {options['csv']}: {exc}") from None
        rows = self._parse(text)
        for line, row in rows:
            try:
                services.staff_rate_set(actor=actor, **row)
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from None
            except ValidationError as exc:
                raise CommandError(f"Line {line}: {' '.join(exc.messages)}") from None
        self.stdout.write(self.style.SUCCESS(f"Set {len(rows)} staff rate(s)."))

    def _parse(self, text: str) -> list[tuple[int, dict[str, Any]]]:
        reader = csv.DictReader(io.StringIO(text))
        missing = set(COLUMNS) - set(reader.fieldnames or [])
        if missing:
            raise CommandError(f"Missing column(s): {', '.join(sorted(missing))}.")
        entities = {e.acronym.upper(): e for e in UNEntity.objects.all()}
        rows: list[tuple[int, dict[str, Any]]] = []
        problems: list[str] = []
        for line, raw in enumerate(reader, start=2):
            acronym = (raw.get("entity") or "").strip().upper()
            if acronym and acronym not in entities:
                problems.append(f"Line {line}: no UN entity has the acronym {acronym}.")
                continue
            try:
                valid_from = datetime.date.fromisoformat((raw["valid_from"] or "").strip())
            except ValueError:
                problems.append(f"Line {line}: valid_from must be a date (YYYY-MM-DD).")
                continue
            if not (raw["source"] or "").strip():
                problems.append(f"Line {line}: say where the rate comes from (source).")
                continue
            rows.append(
                (
                    line,
                    {
                        "grade": raw["grade"] or "",
                        "daily_rate_usd": (raw["daily_rate_usd"] or "").strip(),
                        "valid_from": valid_from,
                        "source": raw["source"],
                        "entity": entities.get(acronym),
                    },
                )
            )
        for line, row in rows:
            try:
                services.clean_staff_rate(**row)
            except ValidationError as exc:
                problems.append(f"Line {line}: {' '.join(exc.messages)}")
        if problems:
            raise CommandError("Nothing saved.\n" + "\n".join(problems))
        return rows
