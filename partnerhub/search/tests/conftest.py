from __future__ import annotations

import pytest


@pytest.fixture
def indexing(search_indexing):
    """`with indexing(): ...`: see the root conftest's search_indexing."""
    return search_indexing
