"""Flag offers not acknowledged within the working-day limit and tell the coordinators and
the entities' focal points. Run daily from cron; each route is flagged once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from partnerhub.marketplace import services


class Command(BaseCommand):
    help = (
        "Flag routed offers still unacknowledged after "
        f"{settings.OFFER_ACKNOWLEDGE_WORKING_DAYS} working days and notify the system "
        "coordinators and the focal points. Run daily; safe to re-run."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        flagged = services.routes_flag_overdue()
        if flagged:
            self.stdout.write(self.style.WARNING(f"Flagged {flagged} overdue offer route(s)."))
        else:
            self.stdout.write("No newly overdue offer routes.")
