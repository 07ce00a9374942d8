"""Publication of initiatives, events and commitments (plain Python, no Django).

A record is written as a draft and published when ready; publishing can be withdrawn. The
same editors make every move (see rules.py): there is no separate approver.
"""

from __future__ import annotations

PUBLICATION_TRANSITIONS: dict[tuple[str, str], str] = {
    ("draft", "published"): "published",
    ("published", "draft"): "withdrawn",
}


def transition_verb(current: str, target: str) -> str | None:
    """The audit verb's last word for the move, or None when the move is not allowed."""
    return PUBLICATION_TRANSITIONS.get((current, target))
