"""Flag commitments with no progress report for a year and tell the organisation's
representatives and the initiative's focal points. Run daily from cron; each stale spell of
a commitment is announced once (the next progress report clears the flag)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from partnerhub.initiatives import progress, services


class Command(BaseCommand):
    help = (
        f"Flag published commitments with open deliverables and no progress report for "
        f"{progress.STALE_AFTER_DAYS} days, and notify their representatives and the "
        f"convening entities' focal points once. Run daily; safe to re-run."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        flagged = services.commitments_flag_stale()
        if flagged:
            self.stdout.write(self.style.WARNING(f"Flagged {flagged} stale commitment(s)."))
        else:
            self.stdout.write("No newly stale commitments.")
