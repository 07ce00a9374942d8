"""Background work for results (JSON-serialisable arguments only, so any django-tasks
backend can carry them)."""

from __future__ import annotations

from django_tasks import task


@task()
def remind_reports() -> int:
    """Remind people of progress reports due soon or overdue; schedule it daily."""
    from partnerhub.results.services import reports_remind

    return reports_remind()
