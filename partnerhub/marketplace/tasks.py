"""Background work for the marketplace (JSON-serialisable arguments only, so any
django-tasks backend can carry them)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_saved_search_alerts(kind: str, listing_id: int) -> int:
    from partnerhub.marketplace.services import saved_search_alerts_send

    return saved_search_alerts_send(kind=kind, listing_id=listing_id)
