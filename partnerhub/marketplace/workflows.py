"""The marketplace's transition tables (plain Python, no Django).

Each table maps (from_state, to_state) to the actors allowed to make the move. The services
apply them under a row lock; guards that depend on data (a reason, a target entity) live in
the services, next to the data they check.
"""

from __future__ import annotations

from enum import StrEnum


class Actor(StrEnum):
    OWNER = "owner"  # the need's entity focal points / the offer's company representatives
    HANDLER = "handler"  # focal points of the entity an offer was routed to
    SYSTEM = "system"  # the hub itself (e.g. an offer goes in discussion when an entity accepts)


NEED_TRANSITIONS: dict[tuple[str, str], frozenset[Actor]] = {
    ("draft", "open"): frozenset({Actor.OWNER}),
    ("draft", "withdrawn"): frozenset({Actor.OWNER}),
    ("open", "in_discussion"): frozenset({Actor.OWNER, Actor.SYSTEM}),
    ("open", "filled"): frozenset({Actor.OWNER}),
    ("open", "closed"): frozenset({Actor.OWNER}),
    ("open", "withdrawn"): frozenset({Actor.OWNER}),
    ("in_discussion", "open"): frozenset({Actor.OWNER}),
    ("in_discussion", "filled"): frozenset({Actor.OWNER}),
    ("in_discussion", "closed"): frozenset({Actor.OWNER}),
    ("in_discussion", "withdrawn"): frozenset({Actor.OWNER}),
    ("filled", "closed"): frozenset({Actor.OWNER}),
}

OFFER_TRANSITIONS: dict[tuple[str, str], frozenset[Actor]] = {
    ("draft", "submitted"): frozenset({Actor.OWNER}),
    ("draft", "withdrawn"): frozenset({Actor.OWNER}),
    ("submitted", "in_discussion"): frozenset({Actor.SYSTEM}),
    ("submitted", "closed"): frozenset({Actor.OWNER}),
    ("submitted", "withdrawn"): frozenset({Actor.OWNER}),
    ("in_discussion", "closed"): frozenset({Actor.OWNER}),
    ("in_discussion", "withdrawn"): frozenset({Actor.OWNER}),
}

ROUTE_TRANSITIONS: dict[tuple[str, str], frozenset[Actor]] = {
    ("received", "acknowledged"): frozenset({Actor.HANDLER}),
    ("received", "in_discussion"): frozenset({Actor.HANDLER}),
    ("received", "declined"): frozenset({Actor.HANDLER}),
    ("received", "forwarded"): frozenset({Actor.HANDLER}),
    ("acknowledged", "in_discussion"): frozenset({Actor.HANDLER}),
    ("acknowledged", "declined"): frozenset({Actor.HANDLER}),
    ("acknowledged", "forwarded"): frozenset({Actor.HANDLER}),
    ("in_discussion", "declined"): frozenset({Actor.HANDLER}),
    # The company withdrew or closed the offer: every route still open closes with it.
    ("received", "closed"): frozenset({Actor.SYSTEM}),
    ("acknowledged", "closed"): frozenset({Actor.SYSTEM}),
    ("in_discussion", "closed"): frozenset({Actor.SYSTEM}),
}

OPEN_NEED_STATES = frozenset({"open", "in_discussion"})
OPEN_OFFER_STATES = frozenset({"submitted", "in_discussion"})
OPEN_ROUTE_STATES = frozenset({"received", "acknowledged", "in_discussion"})


def next_states(
    table: dict[tuple[str, str], frozenset[Actor]], state: str, actor: Actor
) -> list[str]:
    """The states `actor` may move to from `state`, in table order."""
    return [to for (frm, to), actors in table.items() if frm == state and actor in actors]


def allowed(
    table: dict[tuple[str, str], frozenset[Actor]], state: str, to: str, actor: Actor
) -> bool:
    return actor in table.get((state, to), frozenset())
