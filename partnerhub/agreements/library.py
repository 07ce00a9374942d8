"""The standard clause library and templates shipped with partnerhub (data/clauses.json and
data/templates.json), read as plain data. The data migration installs them; tests and later
library updates read the same files through these functions."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class LibraryClause:
    code: str
    category: str
    titles: dict[str, str]
    texts: dict[str, str]
    # Why the shipped wording needs a legal review (e.g. it cites a discontinued rate), per
    # language; shown to legal officers in the template library next to the shipped version.
    review_note: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LibraryTemplateClause:
    code: str
    mandatory: bool


@dataclass(frozen=True)
class LibraryTemplate:
    kind: str
    titles: dict[str, str]
    clauses: list[LibraryTemplateClause]


def load_clauses(path: Path | None = None) -> list[LibraryClause]:
    raw = json.loads((path or DATA_DIR / "clauses.json").read_text(encoding="utf-8"))
    return [
        LibraryClause(
            code=item["code"],
            category=item["category"],
            titles=dict(item["titles"]),
            texts=dict(item["texts"]),
            review_note=dict(item.get("review_note") or {}),
        )
        for item in raw
    ]


# The version the data migration installs the shipped clauses as: a review note concerns that
# wording, not a newer version a legal office publishes.
SHIPPED_VERSION = 1


def review_notes(path: Path | None = None) -> dict[str, dict[str, str]]:
    """The shipped clauses' review notes, by clause code."""
    return {clause.code: clause.review_note for clause in load_clauses(path) if clause.review_note}


def load_templates(path: Path | None = None) -> list[LibraryTemplate]:
    raw = json.loads((path or DATA_DIR / "templates.json").read_text(encoding="utf-8"))
    return [
        LibraryTemplate(
            kind=item["kind"],
            titles=dict(item["titles"]),
            clauses=[
                LibraryTemplateClause(code=c["code"], mandatory=bool(c["mandatory"]))
                for c in item["clauses"]
            ],
        )
        for item in raw
    ]
