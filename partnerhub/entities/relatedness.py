"""Which UN entities are related to one another, why, and how they differ.

Plain Python (no Django), so it can be tested and benchmarked on its own: the caller builds one
EntityProfile per entity and asks for the relations of one of them.

A relation is scored from what two entities share, strongest signal first:
- SDG focus: cosine overlap of the two SDG sets (an entity covering 6 goals does not swamp one
  covering 1), weight 5;
- the same UN System Chart category (e.g. "Funds and Programmes"), weight 2;
- words the two descriptions share, Jaccard overlap, weight 3, counted from two words up;
- the same principal organ, weight 1: 46 entities report to the General Assembly, so on its own it
  says little and never makes a relation by itself.

Reasons and differences come back as structured values (kind + values), not sentences: the web
layer words them in the reader's language.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

SDG_WEIGHT = 5.0
CATEGORY_WEIGHT = 2.0
WORDS_WEIGHT = 3.0
ORGAN_WEIGHT = 1.0
MIN_SHARED_WORDS = 2
MAX_WORDS_SHOWN = 5
DEFAULT_LIMIT = 5

# Words every UN description uses; sharing them says nothing about two entities' work.
STOPWORDS = frozenset(
    {
        "about",
        "agency",
        "also",
        "among",
        "and",
        "are",
        "assembly",
        "based",
        "been",
        "being",
        "between",
        "body",
        "both",
        "but",
        "can",
        "change",
        "commission",
        "committee",
        "council",
        "countries",
        "country",
        "development",
        "each",
        "entity",
        "established",
        "every",
        "for",
        "from",
        "general",
        "global",
        "have",
        "help",
        "helps",
        "including",
        "international",
        "into",
        "its",
        "itself",
        "made",
        "mandate",
        "mandated",
        "member",
        "members",
        "mission",
        "more",
        "most",
        "nation",
        "nations",
        "office",
        "offices",
        "only",
        "organisation",
        "organisations",
        "organization",
        "organizations",
        "other",
        "others",
        "ours",
        "over",
        "people",
        "program",
        "programme",
        "programmes",
        "programs",
        "promote",
        "promotes",
        "promoting",
        "provide",
        "provides",
        "providing",
        "secretariat",
        "secretary",
        "sets",
        "special",
        "specialised",
        "specialized",
        "states",
        "such",
        "support",
        "supports",
        "sustainable",
        "system",
        "than",
        "that",
        "their",
        "them",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "towards",
        "under",
        "united",
        "upon",
        "very",
        "well",
        "what",
        "when",
        "where",
        "which",
        "while",
        "whose",
        "will",
        "with",
        "within",
        "work",
        "working",
        "works",
        "world",
        "would",
        "your",
    }
)
_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)


class ReasonKind(StrEnum):
    SHARED_SDGS = "shared_sdgs"
    SAME_CATEGORY = "same_category"
    SHARED_WORDS = "shared_words"
    SAME_PRINCIPAL_ORGAN = "same_principal_organ"


class DifferenceKind(StrEnum):
    SDGS_ONLY_SUBJECT = "sdgs_only_subject"
    SDGS_ONLY_OTHER = "sdgs_only_other"
    DIFFERENT_CATEGORY = "different_category"
    DIFFERENT_PRINCIPAL_ORGAN = "different_principal_organ"


@dataclass(frozen=True)
class EntityProfile:
    acronym: str
    name: str = ""
    slug: str = ""
    category: str = ""
    principal_organs: frozenset[str] = frozenset()
    sdgs: frozenset[int] = frozenset()
    words: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Reason:
    kind: ReasonKind
    values: tuple[str | int, ...]


@dataclass(frozen=True)
class Difference:
    kind: DifferenceKind
    values: tuple[str | int, ...]


@dataclass(frozen=True)
class Relation:
    subject: EntityProfile
    other: EntityProfile
    score: float
    reasons: tuple[Reason, ...]
    differences: tuple[Difference, ...]


def description_words(*texts: str) -> frozenset[str]:
    """The distinctive words of an entity's texts: lower-cased, four letters or more, without
    the vocabulary every UN body shares."""
    words: set[str] = set()
    for text in texts:
        words.update(word for word in _WORD.findall(text.lower()) if word not in STOPWORDS)
    return frozenset(words)


def _cosine(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def relate(subject: EntityProfile, other: EntityProfile) -> Relation | None:
    """How `other` relates to `subject`, or None when they share nothing of substance."""
    reasons: list[Reason] = []
    score = 0.0

    shared_sdgs = subject.sdgs & other.sdgs
    if shared_sdgs:
        score += SDG_WEIGHT * _cosine(subject.sdgs, other.sdgs)
        reasons.append(Reason(ReasonKind.SHARED_SDGS, tuple(sorted(shared_sdgs))))

    if subject.category and subject.category == other.category:
        score += CATEGORY_WEIGHT
        reasons.append(Reason(ReasonKind.SAME_CATEGORY, (subject.category,)))

    shared_words = subject.words & other.words
    if len(shared_words) >= MIN_SHARED_WORDS:
        score += WORDS_WEIGHT * _jaccard(subject.words, other.words)
        reasons.append(
            Reason(ReasonKind.SHARED_WORDS, tuple(sorted(shared_words)[:MAX_WORDS_SHOWN]))
        )

    if not reasons:
        return None

    shared_organs = subject.principal_organs & other.principal_organs
    if shared_organs:
        score += ORGAN_WEIGHT
        reasons.append(Reason(ReasonKind.SAME_PRINCIPAL_ORGAN, tuple(sorted(shared_organs))))

    return Relation(
        subject=subject,
        other=other,
        score=round(score, 4),
        reasons=tuple(reasons),
        differences=tuple(differences(subject, other)),
    )


def differences(subject: EntityProfile, other: EntityProfile) -> list[Difference]:
    """What sets the two apart, which is also where they complement each other.

    SDGs are compared only when both entities have an SDG focus: an entity that has not yet
    published one does not "lack" the other's goals."""
    found: list[Difference] = []
    if subject.sdgs and other.sdgs:
        if only_subject := subject.sdgs - other.sdgs:
            found.append(Difference(DifferenceKind.SDGS_ONLY_SUBJECT, tuple(sorted(only_subject))))
        if only_other := other.sdgs - subject.sdgs:
            found.append(Difference(DifferenceKind.SDGS_ONLY_OTHER, tuple(sorted(only_other))))
    if subject.category and other.category and subject.category != other.category:
        found.append(
            Difference(DifferenceKind.DIFFERENT_CATEGORY, (subject.category, other.category))
        )
    if (
        subject.principal_organs
        and other.principal_organs
        and not subject.principal_organs & other.principal_organs
    ):
        found.append(
            Difference(
                DifferenceKind.DIFFERENT_PRINCIPAL_ORGAN,
                (
                    "; ".join(sorted(subject.principal_organs)),
                    "; ".join(sorted(other.principal_organs)),
                ),
            )
        )
    return found


def related_entities(
    subject: EntityProfile, candidates: Iterable[EntityProfile], *, limit: int = DEFAULT_LIMIT
) -> list[Relation]:
    """The `limit` entities most related to `subject`, strongest first (ties by acronym)."""
    relations = [
        relation
        for candidate in candidates
        if candidate.acronym != subject.acronym
        and (relation := relate(subject, candidate)) is not None
    ]
    relations.sort(key=lambda relation: (-relation.score, relation.other.acronym))
    return relations[:limit]
