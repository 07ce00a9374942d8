"""Assemble a quarter's newsletter issue as a draft (cron: the first day of each quarter)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from partnerhub.newsletter.quarters import Quarter, QuarterError
from partnerhub.newsletter.sections import item_count
from partnerhub.newsletter.services import issue_assemble


class Command(BaseCommand):
    help = "Assemble the newsletter draft for a quarter (default: the current one)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quarter", help="The quarter, e.g. 2026-Q4.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace an existing unsent draft (its edits are lost).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            quarter = (
                Quarter.parse(options["quarter"])
                if options["quarter"]
                else Quarter.containing(timezone.localdate())
            )
        except QuarterError as exc:
            raise CommandError(str(exc)) from None
        try:
            issue = issue_assemble(quarter=quarter, actor=None, replace=options["replace"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            f"Assembled the {quarter} draft: {item_count(issue.sections)} items (issue {issue.pk})."
        )
