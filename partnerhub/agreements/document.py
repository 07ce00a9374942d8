"""What an agreement document says, as plain data (no Django): the services build it from a
partnership and a template, `rendering.py` lays it out as DOCX and PDF."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

RTL_LANGUAGES = frozenset({"ar"})


@dataclass(frozen=True)
class Party:
    name: str
    role: str  # e.g. "UN entity", "Private partner", "Other partner"
    country: str = ""
    acronym: str = ""


@dataclass(frozen=True)
class ContributionLine:
    contributor: str
    kind: str  # already in the document's language
    amount: str  # formatted, e.g. "380,000.00"
    unit: str  # a currency code, or "hours" in the document's language


@dataclass(frozen=True)
class KpiLine:
    name: str
    level: str
    baseline: str
    targets: str


@dataclass(frozen=True)
class ClauseText:
    code: str
    heading: str
    text: str  # the text in force in this agreement (negotiated, where it deviates)
    standard_text: str  # the library's text, to show deviations as a redline
    deviation_reason: str = ""

    @property
    def deviates(self) -> bool:
        return self.text.strip() != self.standard_text.strip()


@dataclass(frozen=True)
class AgreementDocument:
    language: str  # "en", "fr", "ar"
    reference: str  # e.g. "PH-18-A3"
    template_title: str
    template_version: int
    title: str  # the partnership's title
    summary: str
    parties: list[Party]
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    countries: list[str]
    sdgs: list[str]
    contributions: list[ContributionLine]
    kpis: list[KpiLine]
    clauses: list[ClauseText]
    generated_on: datetime.date
    labels: dict[str, str] = field(default_factory=dict)  # headings in the document's language

    @property
    def direction(self) -> str:
        return "rtl" if self.language in RTL_LANGUAGES else "ltr"
