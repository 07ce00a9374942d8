"""The newsletter issue's transition table (plain Python, no Django).

Maps (from_state, to_state) to the actors allowed to make the move; services.py applies it
under a row lock and checks the guards that need data (subscribers to send to).
"""

from __future__ import annotations

from enum import StrEnum


class Actor(StrEnum):
    COORDINATOR = "coordinator"  # the system coordinator (or an administrator)
    SYSTEM = "system"  # the background worker that delivers the issue


ISSUE_TRANSITIONS: dict[tuple[str, str], frozenset[Actor]] = {
    ("draft", "sending"): frozenset({Actor.COORDINATOR}),
    ("sending", "sent"): frozenset({Actor.SYSTEM}),
    ("sending", "failed_partly"): frozenset({Actor.SYSTEM}),
    # "Retry failed": the failed deliveries go back to the worker.
    ("failed_partly", "sending"): frozenset({Actor.COORDINATOR}),
}

# Only a draft may be edited or re-assembled: once sending starts the issue is frozen.
EDITABLE_STATES = frozenset({"draft"})


def allowed(state: str, to: str, actor: Actor) -> bool:
    return actor in ISSUE_TRANSITIONS.get((state, to), frozenset())
