"""How this app's audit events read on a partnership's timeline (partnerships/views.py)."""

from __future__ import annotations

from django.utils.functional import Promise

TIMELINE_LABELS: dict[str, Promise] = {}
