from __future__ import annotations

import contextlib

import pytest
from django.db import connection


@pytest.fixture
def indexing(django_capture_on_commit_callbacks):
    """`with indexing(): ...` runs the index updates that would follow the commit of what
    the block writes (tests run inside one transaction that never commits)."""

    @contextlib.contextmanager
    def run():
        # Objects scheduled before the block belong to a batch whose commit never comes.
        connection._search_pending_batch = None
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks

    return run
