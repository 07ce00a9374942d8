"""Routing a company offer to the UN entities whose mandates fit it best.

Each entity is a profile the caller assembles (mandate, description, how-to-partner text and
the texts of offers it accepted; its SDGs, themes and countries of operation). An offer is
scored against every profile as the weighted sum of:
- mandate_text: BM25 of the offer's words (plus a few words for its resource types, e.g.
  "logistics" adds "supply chain transport", because how-to-partner texts name the kinds of
  support an entity takes) in the profile text, divided by the best BM25 among the entities;
  BM25's b is 0.5 rather than 0.75 so a one-line profile matching one word does not outrank a
  full mandate matching several;
- sdg: cosine overlap of SDG sets (as in matching);
- theme: cosine overlap of theme slugs;
- country: 1 when the entity operates in one of the offer's countries;
- history: the best share of an accepted offer's weighted words (BM25 / that text's own BM25)
  that the new offer covers; an accepted text covering at least SIMILAR_SHARE counts as
  "similar" in the reasons.
Profiles with no text, no SDGs, no themes and no accepted offers are skipped; an entity must
score on text, SDGs, themes or history to be routed to, so entities with thin profiles can
still be found by their SDGs but never float up on geography alone. Entities whose profile is
only a short description rank by what little text they have plus their SDGs.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from partnerhub.marketplace.ranking.matching import Component, sdg_similarity, shared_phrases
from partnerhub.marketplace.ranking.text import Bm25Index, Token, term_counts, tokens

SIMILAR_SHARE = 0.3
ROUTING_BM25_B = 0.5
RESOURCE_TYPE_WORDS = {
    "funds": "funding financial contribution",
    "in-kind-goods": "in-kind goods supplies",
    "pro-bono-expertise": "pro bono expertise technical",
    "technology": "technology digital innovation",
    "employee-volunteers": "employee volunteers volunteering",
    "logistics": "logistics supply chain transport",
    "advocacy-reach": "advocacy campaign awareness",
}


@dataclass(frozen=True)
class EntityProfile:
    acronym: str
    text: str  # mandate + description + how-to-partner + accepted offers' texts
    sdgs: frozenset[int] = frozenset()
    themes: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()  # countries of operation, ISO2
    accepted_texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class RouteWeights:
    """Set by judgement before the hand-labelled routing set was scored (see
    bench/routing_quality.py); too few labelled offers to tune on."""

    mandate_text: float = 0.45
    sdg: float = 0.25
    theme: float = 0.1
    country: float = 0.05
    history: float = 0.15


@dataclass(frozen=True)
class Route:
    acronym: str
    score: float
    components: tuple[Component, ...]
    reasons: tuple[str, ...]


def _cosine(a: Collection[str], b: Collection[str]) -> float:
    if not a or not b:
        return 0.0
    return len(set(a) & set(b)) / math.sqrt(len(a) * len(b))


class Router:
    def __init__(self, profiles: Sequence[EntityProfile], *, weights: RouteWeights | None = None):
        self.weights = weights or RouteWeights()
        self.profiles = [
            profile
            for profile in profiles
            if profile.text.strip() or profile.sdgs or profile.themes or profile.accepted_texts
        ]
        self.mandates = Bm25Index(
            [term_counts(profile.text) for profile in self.profiles], b=ROUTING_BM25_B
        )
        self.accepted_owner = np.array(
            [row for row, profile in enumerate(self.profiles) for _ in profile.accepted_texts],
            dtype=np.int64,
        )
        self.accepted = Bm25Index(
            [term_counts(text) for profile in self.profiles for text in profile.accepted_texts]
        )
        self.accepted_self = self.accepted.self_scores()

    def route(
        self,
        *,
        text: str,
        sdgs: frozenset[int] = frozenset(),
        themes: frozenset[str] = frozenset(),
        countries: frozenset[str] = frozenset(),
        resource_types: frozenset[str] = frozenset(),
        limit: int = 3,
    ) -> list[Route]:
        """The best `limit` entities for the offer, best first (ties by acronym)."""
        if not self.profiles or limit <= 0:
            return []
        extra = " ".join(RESOURCE_TYPE_WORDS.get(slug, slug) for slug in sorted(resource_types))
        query_text = f"{text}\n{extra}"
        query_tokens = tokens(query_text)
        query_terms = {token.term for token in query_tokens}
        bm25 = self.mandates.scores(query_terms)
        best = float(bm25.max())
        mandate = bm25 / best if best > 0 else np.zeros(len(self.profiles))
        history_best = np.zeros(len(self.profiles))
        similar_counts = np.zeros(len(self.profiles), dtype=np.int64)
        if self.accepted.size:
            with np.errstate(divide="ignore", invalid="ignore"):
                shares = np.where(
                    self.accepted_self > 0,
                    self.accepted.scores(query_terms) / self.accepted_self,
                    0.0,
                )
            np.maximum.at(history_best, self.accepted_owner, np.minimum(shares, 1.0))
            np.add.at(similar_counts, self.accepted_owner, shares >= SIMILAR_SHARE)
        weights = self.weights
        scored = []
        for row, profile in enumerate(self.profiles):
            values = {
                "mandate_text": float(mandate[row]),
                "sdg": sdg_similarity(sdgs, profile.sdgs),
                "theme": _cosine(themes, profile.themes),
                "country": 1.0 if countries & profile.countries else 0.0,
                "history": float(history_best[row]),
            }
            if not (
                values["mandate_text"] or values["sdg"] or values["theme"] or values["history"]
            ):
                continue
            total = sum(getattr(weights, name) * value for name, value in values.items())
            scored.append((total, profile.acronym, row, values))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [
            self._explain(
                row, values, query_tokens, sdgs, themes, countries, int(similar_counts[row])
            )
            for _total, _acronym, row, values in scored[:limit]
        ]

    def _explain(
        self,
        row: int,
        values: dict[str, float],
        query_tokens: list[Token],
        sdgs: frozenset[int],
        themes: frozenset[str],
        countries: frozenset[str],
        similar: int,
    ) -> Route:
        profile = self.profiles[row]
        words = shared_phrases(self.mandates, query_tokens, tokens(profile.text))
        common_sdgs = sorted(sdgs & profile.sdgs)
        reasons = {
            "mandate_text": (
                "mandate mentions " + ", ".join(f'"{word}"' for word in words)
                if words
                else "no words in common with the mandate"
            ),
            "sdg": (
                "SDGs in common: " + ", ".join(str(goal) for goal in common_sdgs)
                if common_sdgs
                else "no SDGs in common"
            ),
            "theme": (
                "themes in common: " + ", ".join(sorted(themes & profile.themes))
                if themes & profile.themes
                else "no themes in common"
            ),
            "country": (
                "operates in " + ", ".join(sorted(countries & profile.countries))
                if countries & profile.countries
                else "no country of operation in common"
            ),
            "history": (
                f"accepted {similar} similar offer{'s' if similar != 1 else ''} before"
                if similar
                else (
                    f"accepted {len(profile.accepted_texts)} "
                    f"offer{'s' if len(profile.accepted_texts) != 1 else ''} before, "
                    "none very similar"
                )
                if profile.accepted_texts
                else "no offers accepted before"
            ),
        }
        components = tuple(
            Component(
                name,
                value,
                getattr(self.weights, name),
                getattr(self.weights, name) * value,
                reasons[name],
            )
            for name, value in values.items()
        )
        return Route(
            acronym=profile.acronym,
            score=sum(component.contribution for component in components),
            components=components,
            reasons=tuple(c.reason for c in components if c.contribution > 0),
        )
