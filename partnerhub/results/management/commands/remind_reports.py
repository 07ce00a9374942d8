"""Remind the people who write progress reports of those due within a week or overdue. Run
daily from cron; a report is reminded at most once a week."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from partnerhub.results import services


class Command(BaseCommand):
    help = (
        f"Notify the lead entity's focal points and M&E officers, and responsible partners, of "
        f"progress reports due within {services.REMIND_DAYS_AHEAD} days or overdue. Run daily; "
        f"each report is reminded at most every {services.REMIND_EVERY_DAYS} days."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = services.reports_remind()
        if reminded:
            self.stdout.write(self.style.WARNING(f"Sent reminders for {reminded} report(s)."))
        else:
            self.stdout.write("No report needs a reminder.")
