"""The bridge between the stored lists and the plain-Python matcher: builds one matcher over
the current entries of all lists (cached per process until a list version changes) and turns
its hits into plain dictionaries the services store."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from partnerhub.screening.lists import entry_from_data
from partnerhub.screening.matching.matcher import POTENTIAL_MATCH_THRESHOLD, Hit, Matcher, Query
from partnerhub.screening.models import ListEntry, ListVersion
from partnerhub.screening.records import ListedEntry

_lock = threading.Lock()
_cache: dict[str, Any] = {"key": None, "matcher": None}


@dataclass(frozen=True)
class SubjectQuery:
    """One name to screen: the organisation (with its other names) or one of its people."""

    label: str
    kind: str  # "organisation" or "person"
    names: tuple[str, ...]
    country: str = ""
    registration_number: str = ""
    birth_date: str = ""
    person_id: int | None = None


def _current_key() -> tuple[tuple[int, str], ...]:
    # Checksums too, not just ids: ids can repeat (a restored database, test runs) while the
    # content differs, and a stale matcher would screen against the wrong list.
    return tuple(
        ListVersion.objects.filter(is_current=True).order_by("pk").values_list("pk", "checksum")
    )


def build_matcher(entries: list[ListedEntry]) -> Matcher:
    return Matcher(entries)


def current_matcher() -> Matcher:
    key = _current_key()
    with _lock:
        if _cache["key"] != key or _cache["matcher"] is None:
            entries = [
                entry_from_data(data)
                for data in ListEntry.objects.filter(removed_in__isnull=True).values_list(
                    "data", flat=True
                )
            ]
            _cache["matcher"] = build_matcher(entries)
            _cache["key"] = key
        matcher: Matcher = _cache["matcher"]
        return matcher


def explanation_dict(hit: Hit) -> dict[str, Any]:
    """What a reviewer reads: which query name met which listed name, each feature's value and
    contribution, and a one-sentence summary."""
    return {
        "query_name": hit.query_name,
        "matched_name": hit.listed_name,
        "summary": hit.explanation.summary,
        "features": [
            {
                "name": f.name,
                "value": f.value if isinstance(f.value, str) else round(float(f.value), 3),
                "contribution": round(float(f.contribution), 3),
                "detail": f.detail,
            }
            for f in hit.explanation.features
        ],
    }


def screen_subject(matcher: Matcher, subject: SubjectQuery) -> list[dict[str, Any]]:
    """Hits for one subject, best first, one per listed entry."""
    query = Query(
        name=subject.names[0],
        aliases=tuple(subject.names[1:]),
        kind=subject.kind,
        country=subject.country,
        registration_number=subject.registration_number,
        birth_date=subject.birth_date,
    )
    hits = matcher.screen(query, threshold=POTENTIAL_MATCH_THRESHOLD, limit=10)
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for hit in hits:
        key = (str(hit.entry_source), hit.entry_ref)
        if key in best and best[key]["score"] >= hit.score:
            continue
        best[key] = {
            "source": str(hit.entry_source),
            "ref": hit.entry_ref,
            "score": round(float(hit.score), 4),
            "strength": hit.status,
            "explanation": explanation_dict(hit),
        }
    return sorted(best.values(), key=lambda h: -h["score"])
