from __future__ import annotations

import pytest
from django.core.cache import cache

from partnerhub.newsletter.tests.factories import IssueFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The subscribe form's rate limit counts in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = "partnerhub.newsletter.tests.backends.FlakyBackend"


@pytest.fixture
def draft(db):
    return IssueFactory(quarter="2026-Q4", slug="2026-q4")
