"""Suggest the SDGs (and, where confident, targets) a text addresses, with evidence."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from partnerhub.sdg_tagger.aurora import Span, match_queries
from partnerhub.sdg_tagger.features import Grams, extract_grams
from partnerhub.sdg_tagger.model import GOALS, LinearModel
from partnerhub.sdg_tagger.text import STOPWORDS, Token, stem, tokenize

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_EVIDENCE = 8
# Evidence words must add at least this much to the goal's logit, and at least this share of
# the strongest word's contribution (checked on the marketplace texts' suggestions).
EVIDENCE_MIN_CONTRIBUTION = 0.05
EVIDENCE_SHARE_OF_STRONGEST = 0.25
MAX_TARGETS = 3
# A target is suggested from its wording only when the text shares this many informative words
# with it; one shared word ("water") is what the goal already says.
MIN_SHARED_TARGET_TERMS = 2
# Below this a target suggestion is more noise than help to the author.
MIN_TARGET_SCORE = 0.45
# Words of the target wording that every target of a goal repeats carry no target signal.
_TARGET_FILLER = frozenset(
    {
        "2020",
        "2025",
        "2030",
        "countries",
        "country",
        "develop",
        "developing",
        "sustainable",
        "all",
        "increase",
        "ensure",
        "achieve",
        "support",
        "including",
        "level",
        "national",
        "global",
    }
)


@dataclass(frozen=True)
class TargetSuggestion:
    code: str
    score: float
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class SdgSuggestion:
    goal: int
    score: float
    evidence: tuple[str, ...]
    targets: tuple[TargetSuggestion, ...]


@dataclass(frozen=True)
class _Analysis:
    tokens: list[Token]
    grams: Grams
    aurora_hits: list[tuple[int, str, list[Span]]]
    columns: npt.NDArray[np.int64]
    values: npt.NDArray[np.float32]
    probabilities: npt.NDArray[np.float64]


def aurora_goal_features(hits: Sequence[tuple[int, str, list[Span]]]) -> npt.NDArray[np.float32]:
    """log(1 + number of Aurora target queries matched) per goal; the model's last 17 inputs."""
    counts = np.zeros(len(GOALS), dtype=np.float32)
    for goal, _target, _spans in hits:
        counts[goal - 1] += 1
    return np.log1p(counts)


class SdgTagger:
    def __init__(
        self,
        model: LinearModel,
        queries: Sequence[dict[str, Any]],
        targets: dict[str, dict[str, Any]],
    ) -> None:
        self.model = model
        self.queries = list(queries)
        self.targets = targets
        self._vocabulary_size = len(model.vectorizer.vocabulary)
        self._target_terms = {
            code: {
                stem(token.norm)
                for wording in entry["wording"]
                for token in tokenize(wording)
                if token.norm not in STOPWORDS
                and token.norm not in _TARGET_FILLER
                and len(token.norm) > 2
                and not token.norm.isdigit()
            }
            for code, entry in targets.items()
        }

    def _analyse(self, text: str) -> _Analysis:
        tokens = tokenize(text)
        grams = extract_grams(tokens)
        hits = match_queries(self.queries, tokens)
        columns, values = self.model.vectorizer.transform(grams)
        weights = self.model.weights
        logits = values @ weights[columns] if len(columns) else np.zeros(len(GOALS))
        logits = logits + aurora_goal_features(hits) @ weights[self._vocabulary_size :]
        logits = logits + self.model.bias
        probabilities = 1.0 / (1.0 + np.exp(-np.asarray(logits, dtype=np.float64)))
        return _Analysis(tokens, grams, hits, columns, values, probabilities)

    def scores(self, text: str) -> dict[int, float]:
        if not text.strip():
            return dict.fromkeys(GOALS, 0.0)
        probabilities = self._analyse(text).probabilities
        return {goal: float(probabilities[goal - 1]) for goal in GOALS}

    def suggest(self, text: str) -> list[SdgSuggestion]:
        if not text.strip():
            return []
        analysis = self._analyse(text)
        suggestions = []
        for goal in GOALS:
            score = float(analysis.probabilities[goal - 1])
            if score < float(self.model.thresholds[goal - 1]):
                continue
            suggestions.append(
                SdgSuggestion(
                    goal=goal,
                    score=round(score, 4),
                    evidence=self._evidence(text, analysis, goal),
                    targets=self._targets(text, analysis, goal, score),
                )
            )
        suggestions.sort(key=lambda suggestion: -suggestion.score)
        return suggestions

    def _surface(self, text: str, tokens: list[Token], span: Span) -> str:
        return text[tokens[span[0]].start : tokens[span[1] - 1].end]

    def _evidence(self, text: str, analysis: _Analysis, goal: int) -> tuple[str, ...]:
        char_spans: list[tuple[int, int]] = []
        for hit_goal, _target, spans in analysis.aurora_hits:
            if hit_goal == goal:
                char_spans.extend(
                    (analysis.tokens[start].start, analysis.tokens[end - 1].end)
                    for start, end in spans
                )
        if len(analysis.columns):
            contributions = analysis.values * self.model.weights[analysis.columns, goal - 1]
            vocabulary = self.model.vectorizer.vocabulary
            # Only words that carry a real share of the goal's evidence: a long text has many
            # words with tiny positive weights ("five", "price", "year"), which explain nothing.
            strongest = float(contributions.max()) if len(contributions) else 0.0
            floor = max(EVIDENCE_MIN_CONTRIBUTION, EVIDENCE_SHARE_OF_STRONGEST * strongest)
            for position in np.argsort(-contributions)[: MAX_EVIDENCE * 2]:
                if contributions[position] < floor:
                    break
                term = vocabulary[int(analysis.columns[position])]
                char_spans.append(analysis.grams.spans[term])
        return _readable(text, char_spans)

    def _targets(
        self, text: str, analysis: _Analysis, goal: int, goal_score: float
    ) -> tuple[TargetSuggestion, ...]:
        found: dict[str, TargetSuggestion] = {}
        for hit_goal, target, spans in analysis.aurora_hits:
            if hit_goal != goal or not target:
                continue
            evidence = _readable(
                text,
                [
                    (analysis.tokens[start].start, analysis.tokens[end - 1].end)
                    for start, end in spans
                ],
            )
            strength = min(1.0, 0.6 + 0.15 * len(evidence))
            found[target] = TargetSuggestion(target, round(goal_score * strength, 4), evidence)
        text_terms: dict[str, tuple[int, int]] = {}
        for token in analysis.tokens:
            text_terms.setdefault(stem(token.norm), (token.start, token.end))
        for code, terms in self._target_terms.items():
            if code in found or not code.startswith(f"{goal}."):
                continue
            shared = [term for term in terms if term in text_terms]
            if len(shared) < MIN_SHARED_TARGET_TERMS:
                continue
            coverage = len(shared) / max(1, len(terms))
            strength = min(0.95, 0.5 + coverage + 0.05 * len(shared))
            found[code] = TargetSuggestion(
                code,
                round(goal_score * strength, 4),
                _readable(text, [text_terms[term] for term in shared]),
            )
        ranked = sorted(
            (target for target in found.values() if target.score >= MIN_TARGET_SCORE),
            key=lambda target: (-target.score, target.code),
        )
        return tuple(ranked[:MAX_TARGETS])


def _readable(text: str, char_spans: Sequence[tuple[int, int]]) -> tuple[str, ...]:
    """Distinct phrases quoted from the text, in order given, without parts of phrases kept."""
    phrases: list[str] = []
    seen: list[tuple[int, int]] = []
    for start, end in char_spans:
        if any(s <= start and end <= e for s, e in seen):
            continue
        seen = [(s, e) for s, e in seen if not (start <= s and e <= end)]
        seen.append((start, end))
    seen_order = {span: index for index, span in enumerate(char_spans)}
    for start, end in sorted(seen, key=lambda span: seen_order.get(span, math.inf)):
        phrase = " ".join(text[start:end].split())
        if phrase.casefold() not in (existing.casefold() for existing in phrases):
            phrases.append(phrase)
        if len(phrases) == MAX_EVIDENCE:
            break
    return tuple(phrases)


def load_tagger(data_dir: Path = DATA_DIR) -> SdgTagger:
    model = LinearModel.load(data_dir / "model.npz")
    queries = json.loads((data_dir / "aurora_queries.json").read_text(encoding="utf-8"))
    targets = json.loads((data_dir / "targets.json").read_text(encoding="utf-8"))
    return SdgTagger(model, queries, targets)


@lru_cache(maxsize=1)
def default_tagger() -> SdgTagger:
    return load_tagger()
