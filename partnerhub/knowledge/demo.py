"""Demo guides and tools for the knowledge base, written from what the hub itself enforces: the
screening criteria (screening/data/criteria_baseline.json), the standard agreement templates
(agreements/data/), the rules on KPIs at design (results) and the partnership lifecycle. Their
CSV attachments are generated here from the same data, so they say what the code does.

`load_knowledge_demo(users)` is idempotent: an item whose title exists is left alone."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from partnerhub.agreements.library import load_clauses, load_templates
from partnerhub.knowledge.export import table_to_csv
from partnerhub.knowledge.models import Lesson
from partnerhub.knowledge.services import lesson_record
from partnerhub.results.services import EARLIEST_BASELINE_YEAR
from partnerhub.screening import criteria
from partnerhub.vocabularies.models import PartnershipType, Theme

CRITERIA_FILE = Path(criteria.__file__).resolve().parent / "data" / "criteria_baseline.json"


@dataclass
class DemoItem:
    kind: str
    title: str
    text: str
    link: str = ""
    file_name: str = ""
    file_content: str = ""
    partnership_types: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)


# --- How to partner with the UN -------------------------------------------------------------

COMPANY_STEPS = [
    (
        "Find the right UN entity",
        "Read the UN entities directory: each entity's mandate, the SDGs it works on and its "
        "own 'how to partner with us'. Entities differ; several may fit.",
        "The directory lists the 169 entities of the UN system.",
    ),
    (
        "Register your organisation",
        "Sign up, verify your e-mail address and register your company, foundation or "
        "association with its legal name, country and sector.",
        "Duplicate registrations are detected by name; you become its representative.",
    ),
    (
        "Post an offer, or answer a need",
        "Say what you bring (funds, goods, services, expertise, technology), for which SDGs and "
        "where. Or read the open needs UN entities post and express interest in one.",
        "A submitted offer is routed to the {routes} entities whose mandates fit best, with the "
        "reasons; each must acknowledge it within {days} working days.",
    ),
    (
        "Expect due diligence",
        "Before any agreement, the UN screens every private partner: sanctions lists, the "
        "exclusionary criteria (see the guide 'Due diligence criteria we screen against') and "
        "the Global Compact status. Be ready to answer questions and provide evidence.",
        "A screening officer reviews every possible hit; a second officer confirms decisions.",
    ),
    (
        "Agree on results at design",
        "Agree with the UN entity on what will change and how it will be measured: at least "
        "one outcome- or impact-level KPI with a baseline and a target.",
        "The partnership cannot move to agreement without one; the tool 'Checklist: KPIs at "
        "design' lists what the hub checks.",
    ),
    (
        "Sign the agreement",
        "The UN entity's legal office prepares the agreement from its standard templates "
        "(memorandum of understanding, in-kind, pro bono, financial, cause-related marketing, "
        "secondment, multi-stakeholder). Deviations from the standard clauses are negotiated "
        "and shown as redlines.",
        "Use of the UN name and emblem always needs the entity's written consent.",
    ),
    (
        "Report progress",
        "Report on your KPIs when reports are due (quarterly unless agreed otherwise), with a "
        "narrative of what happened.",
        "Reminders are sent before each deadline; the UN entity reviews every report.",
    ),
    (
        "Close and share what you learned",
        "At the end, a final report, an evaluation (or the reason there is none) and at least "
        "one lesson learned close the partnership.",
        "Public lessons join this knowledge base for the next partnerships.",
    ),
]


def _company_checklist() -> DemoItem:
    routes = settings.OFFER_ROUTES_PER_OFFER
    days = settings.OFFER_ACKNOWLEDGE_WORKING_DAYS
    steps = [
        (title, what, note.format(routes=routes, days=days)) for title, what, note in COMPANY_STEPS
    ]
    text = "\n\n".join(
        [
            "The steps a company, foundation or business association goes through to work "
            "with a UN entity on this hub, from the first contact to the closure of a "
            "partnership. The attached CSV is the same checklist, to tick off.",
            *(f"{n}. {title}. {what} ({note})" for n, (title, what, note) in enumerate(steps, 1)),
        ]
    )
    return DemoItem(
        kind=Lesson.Kind.TOOL,
        title="How to partner with the UN: a checklist for companies",
        text=text,
        file_name="partner-with-the-un-checklist.csv",
        file_content=table_to_csv(
            ("step", "what to do", "what the hub does", "done"),
            [(f"{n}. {title}", what, note, "") for n, (title, what, note) in enumerate(steps, 1)],
        ),
    )


# --- Due diligence criteria -----------------------------------------------------------------


def _criteria_guide() -> DemoItem:
    baseline = criteria.parse_baseline(json.loads(CRITERIA_FILE.read_text(encoding="utf-8")))
    active = [c for c in baseline.criteria if c.enabled]
    excluding = [c for c in active if c.exclusionary]
    weighing = [c for c in active if not c.exclusionary]
    optional = [c for c in baseline.criteria if not c.enabled]
    thresholds = baseline.thresholds
    parts = [
        "Every private partner is screened before a partnership moves past due diligence. "
        "These are the baseline criteria; a UN entity may add criteria or weigh some more "
        "heavily, within limits, but never relax the exclusions below.",
        "Exclusionary criteria: a confirmed finding on any of these rules the partnership out.",
        *(f"- {c.title}: {c.checks}" for c in excluding),
        "Criteria that weigh in the risk rating: each confirmed finding adds its weight; a "
        f"total of {thresholds['moderate']} points or more rates the risk moderate, "
        f"{thresholds['substantial']} substantial and {thresholds['high']} high.",
        *(f"- {c.title} (weight {c.weight}): {c.checks}" for c in weighing),
    ]
    if optional:
        parts += [
            "Criteria some entities add:",
            *(f"- {c.title}: {c.checks}" for c in optional),
        ]
    parts.append(
        "Keywords in an organisation's names or description only raise an indication for an "
        "officer to review; they never decide on their own. The attached CSV lists every "
        "criterion with the evidence it relies on."
    )
    return DemoItem(
        kind=Lesson.Kind.GUIDE,
        title="Due diligence criteria we screen against",
        text="\n\n".join(parts),
        file_name="due-diligence-criteria.csv",
        file_content=table_to_csv(
            ("criterion", "exclusionary", "applied by default", "weight", "checks", "evidence"),
            [
                (
                    c.title,
                    "yes" if c.exclusionary else "no",
                    "yes" if c.enabled else "no",
                    c.weight,
                    c.checks,
                    c.evidence,
                )
                for c in baseline.criteria
            ],
        ),
        themes=["human-rights-labour-standards", "anti-corruption-transparency"],
    )


# --- Agreement templates --------------------------------------------------------------------


def _template_tool(kind: str, title: str, intro: str, types: list[str]) -> DemoItem:
    clauses = {c.code: c for c in load_clauses()}
    template = next(t for t in load_templates() if t.kind == kind)
    rows = [
        (
            n,
            clauses[item.code].titles["en"],
            "mandatory" if item.mandatory else "optional",
            clauses[item.code].texts["en"],
        )
        for n, item in enumerate(template.clauses, 1)
    ]
    listing = "\n".join(
        f"{n}. {name}{'' if need == 'mandatory' else ' (optional)'}" for n, name, need, _ in rows
    )
    text = (
        f"{intro}\n\nThe standard template “{template.titles['en']}” has these clauses, in "
        f"this order:\n\n{listing}\n\nThe attached CSV holds the clause texts in English, with the "
        "placeholders ({{ un_entity }}, {{ partner }}, {{ title }}, ...) the agreement desk "
        "fills from the partnership. They are model texts written for the hub, following the "
        "public UN texts on cooperation with the business sector, not legal advice: each "
        "entity's legal office uses its own. UN staff generate the agreement itself, as DOCX "
        "and PDF, from a partnership at the agreement stage, in the agreement desk (the link "
        "below)."
    )
    return DemoItem(
        kind=Lesson.Kind.TOOL,
        title=title,
        text=text,
        link=settings.SITE_ROOT.rstrip("/") + reverse("agreements:templates"),
        file_name=f"template-{kind.replace('_', '-')}-clauses.csv",
        file_content=table_to_csv(("order", "clause", "status", "text (English)"), rows),
        partnership_types=types,
    )


def _mou_tool() -> DemoItem:
    return _template_tool(
        "mou",
        "Template: memorandum of understanding",
        "A memorandum of understanding sets out how a UN entity and a company cooperate when "
        "no money or goods change hands under it, or before a more specific agreement.",
        [],
    )


def _cause_marketing_tool() -> DemoItem:
    return _template_tool(
        "cause_marketing",
        "Template: cause-related marketing agreement",
        "In cause-related marketing a company gives a share of its sales to a UN cause and "
        "uses the UN name or emblem in the campaign, which needs a licence: the agreement "
        "fixes the donation per unit, any cap or minimum guarantee, and the approval of every "
        "use of the name and emblem.",
        ["innovative-financing"],
    )


# --- KPIs at design -------------------------------------------------------------------------


def _kpi_checklist() -> DemoItem:
    this_year = timezone.localdate().year
    checks = [
        (
            "At least one KPI at outcome or impact level",
            "Outputs (what the partnership delivers) are useful, but the review looks for what "
            "changes for people: an outcome or an impact.",
        ),
        (
            "A baseline for it",
            "A value with the year it was measured (between "
            f"{EARLIEST_BASELINE_YEAR} and {this_year}), or a qualitative description of the "
            "starting point.",
        ),
        (
            "A target for it",
            "A target for at least one period, with a value, or described in words for a "
            "qualitative KPI (which has no value). Target periods lie within the partnership's "
            "start and end dates.",
        ),
        (
            "The SDG indicator, if any, written as goal.target.indicator",
            "For example 2.3.1 or 14.a.1; the SDG target must exist.",
        ),
        (
            "Who reports on it",
            "A partner of the partnership, or the lead UN entity when left empty.",
        ),
        (
            "How often it is reported",
            "Monthly, quarterly (the default), every six months or annually.",
        ),
        (
            "All of this before the partnership is active",
            "KPIs can be defined and changed from the draft until the agreement stage; the "
            "partnership cannot move from review to agreement without a KPI that meets the "
            "first three points. Once active, KPIs are fixed: explain any change in the "
            "narrative of the next progress report.",
        ),
    ]
    text = "\n\n".join(
        [
            "What a partnership needs in its results framework before it can be agreed, as "
            "the hub checks it. The attached CSV is the same checklist.",
            *(f"{n}. {title}. {why}" for n, (title, why) in enumerate(checks, 1)),
        ]
    )
    return DemoItem(
        kind=Lesson.Kind.TOOL,
        title="Checklist: KPIs at design",
        text=text,
        file_name="kpis-at-design-checklist.csv",
        file_content=table_to_csv(
            ("check", "what it means", "done"),
            [(f"{n}. {title}", why, "") for n, (title, why) in enumerate(checks, 1)],
        ),
    )


BUILDERS: list[Callable[[], DemoItem]] = [
    _company_checklist,
    _criteria_guide,
    _mou_tool,
    _cause_marketing_tool,
    _kpi_checklist,
]


def load_knowledge_demo(users: dict[str, Any]) -> dict[str, int]:
    """Create the public demo guides and tools (as the system coordinator) unless they exist;
    returns how many guides and tools the knowledge base holds afterwards."""
    author = users["coordinator"]
    for build in BUILDERS:
        item = build()
        if Lesson.objects.filter(title=item.title, partnership__isnull=True).exists():
            continue
        data: dict[str, Any] = {
            "kind": item.kind,
            "title": item.title,
            "text": item.text,
            "visibility": Lesson.Visibility.PUBLIC,
            "link": item.link,
            "partnership_types": list(PartnershipType.objects.filter(pk__in=item.partnership_types))
            or None,
            "themes": list(Theme.objects.filter(pk__in=item.themes)) or None,
        }
        if item.file_name:
            data["attachment"] = ContentFile(item.file_content.encode(), name=item.file_name)
        lesson_record(actor=author, data=data)
    return {
        "knowledge_guides_and_tools": Lesson.objects.filter(
            kind__in=(Lesson.Kind.GUIDE, Lesson.Kind.TOOL)
        ).count()
    }
