"""The agreement approval flow as a transition table (plain Python, no Django).

Roles are relative to the agreement's partnership: the focal points and legal officers of its
lead entity, and administrators (who may do everything). Guards name what a move needs beyond
the role; the service checks them under the agreement's row lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Actor(StrEnum):
    FOCAL_POINT = "focal_point"  # of the lead entity
    LEGAL_OFFICER = "legal_officer"  # of the lead entity
    ADMINISTRATOR = "administrator"


class Guard(StrEnum):
    NOTE = "note"  # a return says what to change
    PARTNERSHIP_AT_AGREEMENT = "partnership_at_agreement"  # the partnership reached the stage
    SIGNED_COPY = "signed_copy"  # the signed copy and a date of signature not in the future


@dataclass(frozen=True)
class Move:
    actors: frozenset[Actor]
    guards: tuple[Guard, ...] = ()


FP = Actor.FOCAL_POINT
LO = Actor.LEGAL_OFFICER
AD = Actor.ADMINISTRATOR


def _move(*actors: Actor, guards: tuple[Guard, ...] = ()) -> Move:
    return Move(frozenset(actors), guards)


TRANSITIONS: dict[tuple[str, str], Move] = {
    # Whoever drafted it hands it to the lawyers: the focal point knows the partnership.
    ("drafted", "legal_review"): _move(FP, LO, AD),
    # Approval is the legal officers' alone. Four eyes are not enforced: most entities have a
    # single legal officer for partnerships, and the trail records who drafted and approved.
    ("legal_review", "approved"): _move(LO, AD),
    ("legal_review", "drafted"): _move(LO, AD, guards=(Guard.NOTE,)),
    # Once approved the text is frozen; changing it means reopening the draft.
    ("approved", "drafted"): _move(LO, AD, guards=(Guard.NOTE,)),
    ("approved", "sent_for_signature"): _move(LO, AD, guards=(Guard.PARTNERSHIP_AT_AGREEMENT,)),
    ("sent_for_signature", "signed"): _move(LO, AD, guards=(Guard.SIGNED_COPY,)),
    ("drafted", "cancelled"): _move(FP, LO, AD),
    ("legal_review", "cancelled"): _move(FP, LO, AD),
    ("approved", "cancelled"): _move(FP, LO, AD),
    ("sent_for_signature", "cancelled"): _move(FP, LO, AD),
}

# States in which the text may still change: optional clauses, deviations, regeneration.
OPEN_STATES = frozenset({"drafted", "legal_review"})
# An agreement in one of these states is the partnership's current one: only one at a time.
CURRENT_STATES = frozenset({"drafted", "legal_review", "approved", "sent_for_signature", "signed"})
# States in which the partner organisation's representatives see the agreement.
SHARED_STATES = frozenset({"sent_for_signature", "signed"})
FINAL_STATES = frozenset({"signed", "cancelled"})


def next_states(state: str, actors: set[Actor]) -> list[str]:
    """The states a user holding `actors` may move to from `state`, in table order."""
    return [to for (frm, to), move in TRANSITIONS.items() if frm == state and move.actors & actors]


def move_for(state: str, to: str) -> Move | None:
    return TRANSITIONS.get((state, to))
