"""Background work for screening: list imports, re-screening after list updates, batches."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="screening")
def import_list_file(import_id: int) -> str:
    from partnerhub.screening.services import list_import_run

    return list_import_run(import_id=import_id)


@task(queue_name="screening")
def rescreen_after_list_update(version_id: int) -> int:
    from partnerhub.screening.services import monitoring_rescreen

    return monitoring_rescreen(version_id=version_id)


@task(queue_name="screening")
def run_batch(batch_id: int) -> str:
    from partnerhub.screening.services import batch_run

    return batch_run(batch_id=batch_id)
