"""Background work for the newsletter (JSON-serialisable arguments only, so any django-tasks
backend can carry them)."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="email")
def send_issue(issue_id: int) -> dict[str, int]:
    from partnerhub.newsletter.services import issue_deliver

    progress = issue_deliver(issue_id=issue_id)
    return {"sent": progress.sent, "failed": progress.failed, "skipped": progress.skipped}
