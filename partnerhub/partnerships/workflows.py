"""The partnership lifecycle as a transition table (plain Python, no Django).

Each move names the roles that may make it and, where the move depends on records, the guard
the service checks before applying it. Roles are relative to the partnership: the focal points,
screening officers and legal officers of its lead entity, and the system-wide roles.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Actor(StrEnum):
    FOCAL_POINT = "focal_point"  # of the lead entity
    SCREENING_OFFICER = "screening_officer"  # of the lead entity
    LEGAL_OFFICER = "legal_officer"  # of the lead entity
    COORDINATOR = "coordinator"  # the system coordinator
    ADMINISTRATOR = "administrator"


class Guard(StrEnum):
    PROPOSAL_COMPLETE = "proposal_complete"  # a summary and at least one private partner
    SCREENING_CAN_START = "screening_can_start"  # every private partner can be screened
    PARTNERS_CLEARED = "partners_cleared"  # a valid, approved screening of every private partner
    COST_BENEFIT_AND_KPIS = "cost_benefit_and_kpis"
    AGREEMENT_SIGNED = "agreement_signed"
    CLOSURE_RECORDS = "closure_records"  # final report, evaluation or reason for none, lesson


@dataclass(frozen=True)
class Move:
    actors: frozenset[Actor]
    guard: Guard | None = None


FP = Actor.FOCAL_POINT
SO = Actor.SCREENING_OFFICER
LO = Actor.LEGAL_OFFICER
CO = Actor.COORDINATOR
AD = Actor.ADMINISTRATOR


def _move(*actors: Actor, guard: Guard | None = None) -> Move:
    return Move(frozenset(actors), guard)


TRANSITIONS: dict[tuple[str, str], Move] = {
    ("draft", "proposed"): _move(FP, AD, guard=Guard.PROPOSAL_COMPLETE),
    ("draft", "withdrawn"): _move(FP, AD),
    ("proposed", "due_diligence"): _move(FP, SO, AD, guard=Guard.SCREENING_CAN_START),
    # The system coordinator can turn back a proposal that should not go further at all.
    ("proposed", "rejected"): _move(CO, AD),
    ("proposed", "withdrawn"): _move(FP, AD),
    # Due diligence ends with the screening officers: the partners are cleared or not.
    ("due_diligence", "review"): _move(SO, AD, guard=Guard.PARTNERS_CLEARED),
    ("due_diligence", "rejected"): _move(SO, AD),
    ("due_diligence", "withdrawn"): _move(FP, AD),
    # The review weighs costs against benefits; the lead entity's focal points own it.
    ("review", "agreement"): _move(FP, AD, guard=Guard.COST_BENEFIT_AND_KPIS),
    ("review", "rejected"): _move(FP, CO, AD),
    ("review", "withdrawn"): _move(FP, AD),
    ("agreement", "active"): _move(LO, AD, guard=Guard.AGREEMENT_SIGNED),
    # Negotiations can fail: the lead entity may still step back before signature.
    ("agreement", "withdrawn"): _move(FP, AD),
    ("active", "suspended"): _move(FP, CO, AD),
    ("suspended", "active"): _move(FP, CO, AD),
    ("active", "closing"): _move(FP, AD),
    ("active", "terminated"): _move(LO, CO, AD),
    ("suspended", "terminated"): _move(LO, CO, AD),
    ("closing", "closed"): _move(FP, AD, guard=Guard.CLOSURE_RECORDS),
}

# States in which the partnership's description, partners and contributions may still change.
EDITABLE_STATES = frozenset({"draft", "proposed"})
# Later, only the start and end dates may still change: they are fixed while the agreement is
# negotiated and extended during implementation (services.partnership_dates_change).
DATES_EDITABLE_STATES = frozenset({"review", "agreement", "active", "closing"})
# Moves that end a partnership; the page asks for confirmation first.
FINAL_STATES = frozenset({"rejected", "withdrawn", "terminated", "closed"})


def next_states(state: str, actors: set[Actor]) -> list[str]:
    """The states a user holding `actors` may move to from `state`, in table order."""
    return [to for (frm, to), move in TRANSITIONS.items() if frm == state and move.actors & actors]


def move_for(state: str, to: str) -> Move | None:
    return TRANSITIONS.get((state, to))
