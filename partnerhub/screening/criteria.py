"""Screening criteria, entity amendments and the explained risk rating. Plain Python.

A criterion says what it checks, what evidence it uses and how it weighs. The baseline comes
from data (data/criteria_baseline.json, stored as versioned CriteriaProfile rows); an entity's
profile amends it within the limits each baseline criterion sets. `assess` turns the facts of
one screening into per-criterion findings, a rating and a plain-language summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

RATINGS = ("low", "moderate", "substantial", "high")
KINDS = {"sanctions", "activity", "evidence", "global_compact"}
AMENDABLE = {"enabled", "weight", "exclusionary"}


class CriteriaError(ValueError):
    """An amendment or definition breaks a rule; the message says which and why."""


@dataclass(frozen=True)
class Limits:
    may_disable: bool = False
    may_relax_exclusion: bool = False
    min_weight: int = 0
    max_weight: int = 100


@dataclass(frozen=True)
class Criterion:
    code: str
    title: str
    kind: str
    checks: str
    evidence: str
    weight: int
    exclusionary: bool
    enabled: bool = True
    lists: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    non_communicating_weight: int = 0
    limits: Limits = field(default_factory=Limits)
    amended: tuple[str, ...] = ()  # which attributes an entity profile changed

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "kind": self.kind,
            "checks": self.checks,
            "evidence": self.evidence,
            "weight": self.weight,
            "exclusionary": self.exclusionary,
            "enabled": self.enabled,
            "lists": list(self.lists),
            "keywords": list(self.keywords),
            "amended": list(self.amended),
        }


@dataclass(frozen=True)
class Baseline:
    criteria: tuple[Criterion, ...]
    thresholds: dict[str, int]


def _criterion(raw: dict[str, Any], *, position: str) -> Criterion:
    try:
        code = str(raw["code"])
        kind = str(raw["kind"])
        weight = int(raw["weight"])
        limits_raw = raw.get("limits", {})
        criterion = Criterion(
            code=code,
            title=str(raw["title"]),
            kind=kind,
            checks=str(raw["checks"]),
            evidence=str(raw["evidence"]),
            weight=weight,
            exclusionary=bool(raw.get("exclusionary", False)),
            enabled=bool(raw.get("enabled", True)),
            lists=tuple(raw.get("lists", ())),
            keywords=tuple(str(k).lower() for k in raw.get("keywords", ())),
            non_communicating_weight=int(raw.get("non_communicating_weight", 0)),
            limits=Limits(
                may_disable=bool(limits_raw.get("may_disable", False)),
                may_relax_exclusion=bool(limits_raw.get("may_relax_exclusion", False)),
                min_weight=int(limits_raw.get("min_weight", 0)),
                max_weight=int(limits_raw.get("max_weight", 100)),
            ),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise CriteriaError(f"{position}: missing or invalid field ({exc})") from None
    if kind not in KINDS:
        raise CriteriaError(f"{position} ({code}): unknown kind {kind!r}")
    if not 0 <= weight <= 100:
        raise CriteriaError(f"{position} ({code}): weight must be between 0 and 100")
    return criterion


def parse_baseline(document: dict[str, Any]) -> Baseline:
    raw_criteria = document.get("criteria")
    if not isinstance(raw_criteria, list) or not raw_criteria:
        raise CriteriaError("The baseline has no criteria")
    criteria = tuple(
        _criterion(raw, position=f"criterion {n}") for n, raw in enumerate(raw_criteria, start=1)
    )
    codes = [c.code for c in criteria]
    if len(set(codes)) != len(codes):
        raise CriteriaError("Two baseline criteria share a code")
    thresholds = {k: int(v) for k, v in document.get("rating_thresholds", {}).items()}
    if sorted(thresholds) != ["high", "moderate", "substantial"] or not (
        0 < thresholds["moderate"] < thresholds["substantial"] < thresholds["high"]
    ):
        raise CriteriaError("rating_thresholds needs 0 < moderate < substantial < high")
    return Baseline(criteria=criteria, thresholds=thresholds)


def apply_amendments(baseline: Baseline, amendments: dict[str, Any]) -> tuple[Criterion, ...]:
    """The criteria as an entity applies them. `amendments` maps a baseline code to changed
    attributes ({"weight": 80}) and may list entity-specific criteria under "added"."""
    by_code = {c.code: c for c in baseline.criteria}
    result = dict(by_code)
    problems: list[str] = []
    for code, change in amendments.items():
        if code == "added":
            continue
        base = by_code.get(code)
        if base is None:
            problems.append(f"{code}: no such baseline criterion")
            continue
        if not isinstance(change, dict) or not change or set(change) - AMENDABLE:
            problems.append(f"{code}: only {', '.join(sorted(AMENDABLE))} can be amended")
            continue
        updated = base
        if "enabled" in change:
            enabled = bool(change["enabled"])
            if not enabled and base.enabled and not base.limits.may_disable:
                problems.append(f"{base.title}: this criterion cannot be switched off")
            updated = replace(updated, enabled=enabled)
        if "weight" in change:
            try:
                weight = int(change["weight"])
            except (TypeError, ValueError):
                problems.append(f"{base.title}: weight must be a whole number")
                weight = base.weight
            if not base.limits.min_weight <= weight <= base.limits.max_weight:
                problems.append(
                    f"{base.title}: weight must stay between {base.limits.min_weight} and "
                    f"{base.limits.max_weight} (asked {weight})"
                )
            updated = replace(updated, weight=weight)
        if "exclusionary" in change:
            exclusionary = bool(change["exclusionary"])
            if base.exclusionary and not exclusionary and not base.limits.may_relax_exclusion:
                problems.append(f"{base.title}: exclusion cannot be relaxed")
            updated = replace(updated, exclusionary=exclusionary)
        result[code] = replace(updated, amended=tuple(sorted(change)))
    for n, raw in enumerate(amendments.get("added", []), start=1):
        try:
            added = _criterion(raw, position=f"added criterion {n}")
        except CriteriaError as exc:
            problems.append(str(exc))
            continue
        if added.code in result:
            problems.append(f"added criterion {added.code}: the code is already used")
        elif added.kind not in {"evidence", "activity"}:
            problems.append(f"added criterion {added.code}: only evidence or activity criteria")
        else:
            result[added.code] = replace(added, amended=("added",))
    if problems:
        raise CriteriaError("; ".join(problems))
    return tuple(result.values())


@dataclass(frozen=True)
class HitFact:
    list_source: str
    review: str  # pending, confirmed, dismissed
    subject: str
    matched_name: str
    ref: str
    score: float


@dataclass(frozen=True)
class EvidenceFact:
    criterion: str
    summary: str
    source_url: str = ""


@dataclass(frozen=True)
class Facts:
    organisation_name: str
    texts: tuple[str, ...]  # names and description searched for activity keywords
    global_compact_status: str  # not_participant, active, non_communicating, delisted
    global_compact_since: str = ""
    hits: tuple[HitFact, ...] = ()
    evidence: tuple[EvidenceFact, ...] = ()
    screened_lists: tuple[str, ...] = ("un", "ofac", "eu")  # the lists the screening covered


@dataclass(frozen=True)
class Finding:
    code: str
    title: str
    outcome: str  # met, indicated, not_met
    points: float
    exclusionary: bool
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "outcome": self.outcome,
            "points": self.points,
            "exclusionary": self.exclusionary,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class Assessment:
    findings: tuple[Finding, ...]
    points: float
    rating: str
    excluded: bool
    summary: str


def _keyword_hits(keywords: tuple[str, ...], texts: tuple[str, ...]) -> list[str]:
    found = []
    haystack = " ".join(texts).lower()
    for keyword in keywords:
        if re.search(rf"(?<![a-z]){re.escape(keyword)}(?![a-z])", haystack):
            found.append(keyword)
    return found


def _assess(criterion: Criterion, facts: Facts) -> Finding:
    reasons: list[str] = []
    outcome = "not_met"
    points = 0.0
    if criterion.kind == "sanctions" and not set(criterion.lists) & set(facts.screened_lists):
        names = ", ".join(code.upper() for code in criterion.lists)
        return Finding(
            code=criterion.code,
            title=criterion.title,
            outcome="not_checked",
            points=0.0,
            exclusionary=False,
            reasons=(f"Not checked: no version of these lists ({names}) is imported.",),
        )
    if criterion.kind == "sanctions":
        hits = [h for h in facts.hits if h.list_source in criterion.lists]
        confirmed = [h for h in hits if h.review == "confirmed"]
        pending = [h for h in hits if h.review == "pending"]
        for h in confirmed:
            reasons.append(
                f"Confirmed: {h.subject} is {h.matched_name} ({h.list_source.upper()} {h.ref})."
            )
        for h in pending:
            reasons.append(
                f"To review: {h.subject} resembles {h.matched_name} "
                f"({h.list_source.upper()} {h.ref}, score {h.score:.2f})."
            )
        dismissed = len(hits) - len(confirmed) - len(pending)
        if dismissed:
            reasons.append(f"{dismissed} possible match(es) dismissed by an officer as different.")
        if confirmed:
            outcome, points = "met", float(criterion.weight)
        elif pending:
            outcome, points = "indicated", criterion.weight / 2
        if not hits:
            reasons.append("No name on these lists resembles the organisation or its people.")
    elif criterion.kind == "global_compact":
        status = facts.global_compact_status
        since = f" since {facts.global_compact_since}" if facts.global_compact_since else ""
        if status == "delisted":
            outcome, points = "met", float(criterion.weight)
            reasons.append(f"Delisted from the UN Global Compact{since}.")
        elif status == "non_communicating":
            outcome, points = "met", float(criterion.non_communicating_weight)
            reasons.append(f"Non-communicating Global Compact participant{since}.")
        elif status == "active":
            reasons.append("Active Global Compact participant.")
        else:
            reasons.append("Not a Global Compact participant (no effect on the rating).")
    else:
        recorded = [e for e in facts.evidence if e.criterion == criterion.code]
        for e in recorded:
            source = f" Source: {e.source_url}" if e.source_url else ""
            reasons.append(f"Recorded: {e.summary}{source}")
        keywords = (
            _keyword_hits(criterion.keywords, facts.texts) if criterion.kind == "activity" else []
        )
        if keywords:
            reasons.append(
                "Words in the organisation's names or description suggest this activity: "
                + ", ".join(f"“{k}”" for k in keywords)
                + ". Confirm by recording evidence, or ignore if unrelated."
            )
        if recorded:
            outcome = "met"
            # Each recorded item counts; several controversies weigh more than one.
            points = float(min(100, criterion.weight * len(recorded)))
        elif keywords:
            outcome, points = "indicated", criterion.weight / 2
        else:
            reasons.append("Nothing recorded or indicated.")
    return Finding(
        code=criterion.code,
        title=criterion.title,
        outcome=outcome,
        points=points,
        exclusionary=criterion.exclusionary and outcome == "met",
        reasons=tuple(reasons),
    )


def rating_for(points: float, thresholds: dict[str, int]) -> str:
    if points >= thresholds["high"]:
        return "high"
    if points >= thresholds["substantial"]:
        return "substantial"
    if points >= thresholds["moderate"]:
        return "moderate"
    return "low"


def assess(criteria: tuple[Criterion, ...], thresholds: dict[str, int], facts: Facts) -> Assessment:
    findings = tuple(_assess(c, facts) for c in criteria if c.enabled)
    points = sum(f.points for f in findings)
    excluded = any(f.exclusionary for f in findings)
    rating = "high" if excluded else rating_for(points, thresholds)
    return Assessment(
        findings=findings,
        points=points,
        rating=rating,
        excluded=excluded,
        summary=_summary(facts.organisation_name, findings, rating, excluded),
    )


def _summary(name: str, findings: tuple[Finding, ...], rating: str, excluded: bool) -> str:
    met = [f for f in findings if f.outcome == "met"]
    indicated = [f for f in findings if f.outcome == "indicated"]
    parts = []
    if excluded:
        titles = ", ".join(f.title for f in met if f.exclusionary)
        parts.append(
            f"{name} meets an exclusionary criterion ({titles}): the UN cannot partner with it."
        )
    else:
        parts.append(f"Risk rating for {name}: {rating.capitalize()}.")
    if met and not excluded:
        parts.append("Concerns found: " + ", ".join(f.title for f in met) + ".")
    if indicated:
        parts.append("To check before deciding: " + ", ".join(f.title for f in indicated) + ".")
    if not met and not indicated:
        parts.append("No criterion is met and nothing needs checking.")
    unchecked = [f for f in findings if f.outcome == "not_checked"]
    if unchecked:
        parts.append("Not checked: " + ", ".join(f.title for f in unchecked) + ".")
    return " ".join(parts)
