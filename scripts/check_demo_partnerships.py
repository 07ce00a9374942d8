#!/usr/bin/env python3
"""Check partnerhub/partnerships/data/demo_partnerships.json against the repository's data
files (not the database).

    python3 scripts/check_demo_partnerships.py [path/to/demo_partnerships.json]

Checks every reference (entity acronyms, ISO2 countries, SDG goals and targets, partnership
types, organisations, marketplace listings), that every state is reached along `history` by
moves in partnerhub/partnerships/workflows.py TRANSITIONS with the records each guard needs,
that every lifecycle state appears at least once and that each of the report's twelve boxes is
used once. Uses the standard library only; exits 1 on any problem.
"""

from __future__ import annotations

import ast
import csv
import datetime
import importlib.util
import itertools
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "partnerhub"
DEFAULT_FILE = PKG / "partnerships" / "data" / "demo_partnerships.json"

STATES = [
    "draft",
    "proposed",
    "due_diligence",
    "review",
    "agreement",
    "active",
    "closing",
    "closed",
    "rejected",
    "withdrawn",
    "suspended",
    "terminated",
]
ORG_KINDS = {"company", "foundation", "business_association", "ngo", "other"}
ORG_SIZES = {"", "micro", "small", "medium", "large", "multinational"}
ISIC = {"", *"ABCDEFGHIJKLMNOPQRSTU"}
CONTRIBUTION_KINDS = {"cash", "in_kind", "pro_bono_hours"}
RESULT_LEVELS = {"output", "outcome", "impact"}
MEASURES = {"unit", "percentage", "nominal", "ordinal", "qualitative"}
FREQUENCIES = {"monthly", "quarterly", "semiannual", "annual"}
RECOMMENDATIONS = {"proceed", "proceed_with_conditions", "do_not_proceed"}
REPORT_STATUSES = {"due", "submitted", "accepted", "returned"}
ORIGINS = {"need", "offer", "interest", "direct"}
GRADE = re.compile(r"^(USG|ASG|D[12]|P[1-7]|G[1-7]|NO-[A-E])$")
INDICATOR = re.compile(r"^(\d{1,2})\.([0-9]{1,2}|[a-z])\.(\d{1,2})$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
DOC = "A/66/320"


# ----------------------------------------------------------------------------- reference data
def load_entities() -> set[str]:
    with (PKG / "entities" / "data" / "un_system_entities.csv").open(encoding="utf-8") as fh:
        return {row["entity"].strip() for row in csv.DictReader(fh)}


def load_countries() -> set[str]:
    with (PKG / "vocabularies" / "data" / "countries.csv").open(encoding="utf-8") as fh:
        return {row["iso2"].strip() for row in csv.DictReader(fh)}


def load_targets() -> set[str]:
    # The repository's own IATI codelist copy, not untrusted input.
    root = ET.parse(PKG / "vocabularies" / "data" / "UNSDG-Targets.xml").getroot()  # noqa: S314
    return {item.findtext("code").strip() for item in root.iter("codelist-item")}


def load_goals() -> set[int]:
    root = ET.parse(PKG / "vocabularies" / "data" / "UNSDG-Goals.xml").getroot()  # noqa: S314
    return {int(item.findtext("code")) for item in root.iter("codelist-item")}


def load_terms() -> dict[str, set[str]]:
    raw = json.loads((PKG / "vocabularies" / "data" / "terms.json").read_text(encoding="utf-8"))
    return {
        key: {t["slug"] for t in value} for key, value in raw.items() if isinstance(value, list)
    }


def _calls(path: Path, func: str) -> list[dict[str, object]]:
    """Keyword arguments (literals only) of every call to `func` in a Python file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == func:
            kwargs = {}
            for kw in node.keywords:
                try:
                    kwargs[kw.arg] = ast.literal_eval(kw.value)
                except ValueError:
                    # f-strings and names: keep only what is literal
                    continue
            found.append(kwargs)
    return found


def load_demo_organisations() -> dict[str, str]:
    """legal_name -> country of the organisations partnerhub/core/demo.py registers."""
    return {
        c["legal_name"]: c["country"] for c in _calls(PKG / "core" / "demo.py", "DemoOrganisation")
    }


def load_marketplace() -> tuple[set[str], set[tuple[str, str]], set[tuple[str, str]], set[str]]:
    """Need source ids; (entity, title) of needs; (organisation, title) of offers; offer owners."""
    data = json.loads(
        (PKG / "marketplace" / "data" / "demo_marketplace.json").read_text(encoding="utf-8")
    )
    need_ids = {n["source_id"] for n in data["needs"]}
    needs = {(n["entity"], n["title"]) for n in data["needs"]}
    offers = {(o["organisation"], o["title"]) for o in data["offers"]}
    owners = {o["organisation"] for o in data["offers"]}
    demo_py = PKG / "marketplace" / "demo.py"
    tree = ast.parse(demo_py.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.List):
            name = node.targets[0].id if isinstance(node.targets[0], ast.Name) else ""
            for call in node.value.elts:
                if not isinstance(call, ast.Call):
                    continue
                kw = {k.arg: k.value for k in call.keywords}
                owner, title = ast.literal_eval(kw["owner"]), ast.literal_eval(kw["title"])
                if name == "FICTIONAL_NEEDS":
                    needs.add((owner, title))
                elif name == "FICTIONAL_OFFERS":
                    offers.add((owner, title))
    return need_ids, needs, offers, owners


def load_transitions() -> set[tuple[str, str]]:
    spec = importlib.util.spec_from_file_location(
        "partnerhub_workflows", PKG / "partnerships" / "workflows.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)  # plain Python, no Django
    return set(module.TRANSITIONS)


# ----------------------------------------------------------------------------- checks
class Checker:
    def __init__(self, data: dict) -> None:
        self.data = data
        self.problems: list[str] = []
        self.entities = load_entities()
        self.countries = load_countries()
        self.targets = load_targets()
        self.goals = load_goals()
        self.terms = load_terms()
        self.demo_orgs = load_demo_organisations()
        self.need_ids, self.needs, self.offers, self.offer_owners = load_marketplace()
        self.transitions = load_transitions()
        self.orgs: dict[str, dict] = {}

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def date(self, where: str, value: object, *, required: bool = False) -> datetime.date | None:
        if value is None:
            if required:
                self.fail(where, "date missing")
            return None
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            self.fail(where, f"not an ISO date: {value!r}")
            return None

    # -- organisations
    def check_organisations(self) -> None:
        for i, o in enumerate(self.data.get("organisations", [])):
            where = f"organisations[{i}] {o.get('legal_name', '?')!r}"
            name = o.get("legal_name", "")
            if not name or len(name) > 300:
                self.fail(where, "legal_name missing or longer than 300 characters")
            if name in self.orgs or name in self.demo_orgs or name in self.offer_owners:
                self.fail(where, "duplicates an organisation that already exists")
            self.orgs[name] = o
            country = o.get("country")
            if country is None:
                if o.get("named_in_source") is not False:
                    self.fail(
                        where,
                        "country may be null only for an organisation the source does not name",
                    )
            elif country not in self.countries:
                self.fail(where, f"unknown ISO2 country {country!r}")
            if o.get("kind") not in ORG_KINDS:
                self.fail(where, f"kind {o.get('kind')!r} not in {sorted(ORG_KINDS)}")
            if o.get("sector", "") not in ISIC:
                self.fail(where, f"sector {o.get('sector')!r} is not an ISIC section")
            if o.get("size", "") not in ORG_SIZES:
                self.fail(where, f"size {o.get('size')!r} unknown")
            if not o.get("source"):
                self.fail(where, "source missing")
            if not o.get("description"):
                self.fail(where, "description missing")
            if o.get("source") == "illustrative" and "Fictional" not in o.get("description", ""):
                self.fail(where, "an illustrative organisation must say it is fictional")

    def known_org(self, name: str) -> bool:
        return name in self.orgs or name in self.demo_orgs or name in self.offer_owners

    # -- partnerships
    def check_partnerships(self) -> None:
        keys: Counter[str] = Counter()
        boxes: Counter[int] = Counter()
        used_orgs: set[str] = set()
        for i, p in enumerate(self.data.get("partnerships", [])):
            where = f"partnerships[{i}] {p.get('key', '?')}"
            keys[p.get("key", "")] += 1
            self.check_one(where, p, boxes)
            used_orgs.update(pp["organisation"] for pp in p.get("partners", []))
        for key, n in keys.items():
            if n > 1:
                self.fail(f"key {key}", "used more than once")
        for box in range(1, 13):
            if boxes[box] != 1:
                self.fail(f"Box {box}", f"used by {boxes[box]} partnerships, expected 1")
        for name in self.orgs:
            if name not in used_orgs:
                self.fail(f"organisation {name!r}", "listed but no partnership uses it")
        states = Counter(p.get("state") for p in self.data.get("partnerships", []))
        for state in STATES:
            if not states[state]:
                self.fail("coverage", f"no partnership in state {state!r}")

    def check_one(self, where: str, p: dict, boxes: Counter[int]) -> None:
        from_report = p.get("provenance") == "report"
        if p.get("provenance") not in {"report", "illustrative"}:
            self.fail(where, "provenance must be 'report' or 'illustrative'")
        title = p.get("title", "")
        if not title or len(title) > 200:
            self.fail(where, "title missing or longer than 200 characters")
        summary = p.get("summary", "")
        if from_report:
            src = p.get("source", {})
            box = src.get("box")
            if src.get("document") != DOC or not isinstance(box, int):
                self.fail(where, f"source must name {DOC} and a box number")
            else:
                boxes[box] += 1
                if f"Box {box} of {DOC}" not in summary:
                    self.fail(where, f"summary must say it is drawn from Box {box} of {DOC}")
            if p.get("sdg_mapping") != "editorial":
                self.fail(where, "SDG mapping of a report example must be 'editorial'")
            if p.get("state") not in {"active", "closed"}:
                self.fail(where, "a report example is either running (active) or finished (closed)")
        elif p.get("sdg_mapping") not in {"editorial", "from_listing"}:
            self.fail(where, "sdg_mapping must be 'editorial' or 'from_listing'")

        if p.get("partnership_type") not in self.terms["partnership_types"]:
            self.fail(where, f"unknown partnership type {p.get('partnership_type')!r}")
        lead = p.get("lead_entity")
        if lead not in self.entities:
            self.fail(where, f"unknown lead entity {lead!r}")
        participating = p.get("participating_entities", [])
        for acronym in participating:
            if acronym not in self.entities:
                self.fail(where, f"unknown participating entity {acronym!r}")
            if acronym == lead:
                self.fail(where, "the lead entity is listed as participating too")
        for iso2 in p.get("countries", []):
            if iso2 not in self.countries:
                self.fail(where, f"unknown ISO2 country {iso2!r}")
        sdgs = p.get("sdgs", [])
        for goal in sdgs:
            if goal not in self.goals:
                self.fail(where, f"unknown SDG {goal!r}")
        for target in p.get("sdg_targets", []):
            if target not in self.targets:
                self.fail(where, f"unknown SDG target {target!r}")
            elif int(target.split(".")[0]) not in sdgs:
                self.fail(where, f"target {target} belongs to a goal not in sdgs")
        starts = self.date(f"{where} starts_on", p.get("starts_on"))
        ends = self.date(f"{where} ends_on", p.get("ends_on"))
        if starts and ends and ends < starts:
            self.fail(where, "ends before it starts")
        if p.get("confidentiality") not in {"public_once_signed", "un_only"}:
            self.fail(where, "confidentiality unknown")

        # partners
        partners = p.get("partners", [])
        names = [pp.get("organisation") for pp in partners]
        if len(set(names)) != len(names):
            self.fail(where, "an organisation is listed twice as partner")
        for pp in partners:
            if not self.known_org(pp.get("organisation", "")):
                self.fail(
                    where,
                    f"partner {pp.get('organisation')!r} is neither in the "
                    "organisations array nor in the demo data",
                )
            if pp.get("role") not in {"private", "other"}:
                self.fail(where, f"partner role {pp.get('role')!r} unknown")
        private = [pp for pp in partners if pp.get("role") == "private"]

        # origin
        self.check_origin(where, p)

        # contributions
        for c in p.get("contributions", []):
            cw = f"{where} contribution"
            if ("partner" in c) == ("entity" in c):
                self.fail(cw, "needs exactly one contributor: partner or entity")
            if "partner" in c and c["partner"] not in names:
                self.fail(cw, f"partner {c['partner']!r} is not a partner of the partnership")
            for joint in c.get("joint_with", []):
                if joint not in names:
                    self.fail(cw, f"joint contributor {joint!r} is not a partner")
            if "entity" in c and c["entity"] not in {lead, *participating}:
                self.fail(cw, f"entity {c['entity']!r} is neither lead nor participating")
            if c.get("kind") not in CONTRIBUTION_KINDS:
                self.fail(cw, f"kind {c.get('kind')!r} unknown")
            amount = c.get("amount")
            if not isinstance(amount, (int, float)) or amount <= 0:
                self.fail(cw, "amount must be a positive number")
            if c.get("kind") == "pro_bono_hours":
                if c.get("currency", "") != "":
                    self.fail(cw, "hours have no currency")
            elif not CURRENCY.match(c.get("currency", "")):
                self.fail(cw, "money needs an ISO 4217 currency")
            if from_report and not c.get("source"):
                self.fail(cw, "a report example's contribution must cite its box")
            if not from_report and c.get("illustrative") is not True:
                self.fail(cw, 'mark illustrative contributions "illustrative": true')
        if from_report and not p.get("contributions") and not p.get("contributions_note"):
            self.fail(where, "no contributions: say why in contributions_note")

        # records
        kpi_names = self.check_kpis(where, p, names, from_report)
        self.check_cost_benefit(where, p.get("cost_benefit"), from_report)
        self.check_reports(where, p.get("reports", []), kpi_names, from_report)
        self.check_evaluation(where, p.get("evaluation"), from_report)
        for lesson in p.get("lessons", []):
            lw = f"{where} lesson {lesson.get('title', '?')!r}"
            if lesson.get("kind") not in {"lesson", "best_practice"}:
                self.fail(lw, "kind must be lesson or best_practice")
            if not lesson.get("title") or len(lesson["title"]) > 200 or not lesson.get("text"):
                self.fail(lw, "title (at most 200 characters) and text are required")
            for theme in lesson.get("themes", []):
                if theme not in self.terms["themes"]:
                    self.fail(lw, f"unknown theme {theme!r}")
            if from_report and not (lesson.get("source") or lesson.get("illustrative")):
                self.fail(lw, "cite the box or mark it illustrative")
        agreement = p.get("agreement")
        if agreement:
            self.date(f"{where} agreement signed_on", agreement.get("signed_on"))
            if from_report and not (agreement.get("source") or agreement.get("illustrative")):
                self.fail(where, "agreement: cite the box or mark it illustrative")

        # lifecycle
        self.check_history(where, p, private)

    def check_origin(self, where: str, p: dict) -> None:
        origin = p.get("origin")
        if origin not in ORIGINS:
            self.fail(where, f"origin {origin!r} unknown")
            return
        if origin != "interest":
            return
        interest = p.get("origin_interest") or {}
        direction = interest.get("direction")
        if direction == "company_to_need":
            need = interest.get("need") or {}
            if "source_id" in need:
                if need["source_id"] not in self.need_ids:
                    self.fail(where, f"unknown marketplace need {need['source_id']!r}")
            elif (need.get("entity"), need.get("title")) not in self.needs:
                self.fail(where, f"unknown marketplace need {need!r}")
            offer = interest.get("proposed_offer")
        elif direction == "entity_to_offer":
            offer = interest.get("offer")
            if not offer:
                self.fail(where, "an entity_to_offer interest needs its offer")
            if interest.get("entity") != p.get("lead_entity"):
                self.fail(where, "the interested entity should be the lead entity")
        else:
            self.fail(where, f"interest direction {direction!r} unknown")
            return
        if offer and (offer.get("organisation"), offer.get("title")) not in self.offers:
            self.fail(where, f"unknown marketplace offer {offer!r}")
        if interest.get("organisation") not in [pp["organisation"] for pp in p["partners"]]:
            self.fail(where, "the interested organisation must be a partner")

    def check_kpis(
        self, where: str, p: dict, partner_names: list[str], from_report: bool
    ) -> set[str]:
        names = set()
        for k in p.get("kpis", []):
            kw = f"{where} KPI {k.get('name', '?')!r}"
            if not k.get("name") or len(k["name"]) > 300 or k["name"] in names:
                self.fail(kw, "name missing, too long or repeated")
            names.add(k.get("name"))
            if k.get("result_level") not in RESULT_LEVELS:
                self.fail(kw, "result_level must be output, outcome or impact")
            if k.get("measure", "unit") not in MEASURES:
                self.fail(kw, "measure unknown")
            if len(k.get("unit", "")) > 60:
                self.fail(kw, "unit longer than 60 characters")
            if k.get("reporting_frequency") not in FREQUENCIES:
                self.fail(kw, "reporting_frequency unknown")
            responsible = k.get("responsible")
            if responsible != "lead" and responsible not in partner_names:
                self.fail(kw, f"responsible {responsible!r} is neither 'lead' nor a partner")
            indicator = k.get("sdg_indicator", "")
            if indicator:
                m = INDICATOR.match(indicator)
                if not m:
                    self.fail(kw, f"sdg_indicator {indicator!r} is not an indicator code")
                elif f"{m.group(1)}.{m.group(2)}" not in self.targets:
                    self.fail(kw, f"sdg_indicator {indicator!r}: no such SDG target")
            if (k.get("baseline_value") is None) != (k.get("baseline_year") is None) and not k.get(
                "baseline_comment"
            ):
                self.fail(kw, "a baseline value needs its year (or give a baseline_comment)")
            for t in k.get("targets", []):
                start = self.date(f"{kw} target", t.get("period_start"), required=True)
                end = self.date(f"{kw} target", t.get("period_end"), required=True)
                if start and end and end < start:
                    self.fail(kw, "target period ends before it starts")
                if t.get("value") is None and not t.get("comment"):
                    self.fail(kw, "a target needs a value or a comment")
                if from_report and not (
                    t.get("source") or t.get("illustrative") or k.get("illustrative")
                ):
                    self.fail(
                        kw, "a report example's target must cite the box or be marked illustrative"
                    )
        return names

    def check_cost_benefit(self, where: str, c: dict | None, from_report: bool) -> None:
        if not c:
            return
        cw = f"{where} cost_benefit"
        if c.get("status") not in {"draft", "completed"}:
            self.fail(cw, "status must be draft or completed")
        for grade, days in (c.get("staff_days") or {}).items():
            if not GRADE.match(grade) or not isinstance(days, (int, float)) or days < 0:
                self.fail(cw, f"staff_days {grade}: {days!r}")
        if c.get("recommendation") not in RECOMMENDATIONS:
            self.fail(cw, "recommendation unknown")
        if not c.get("rationale"):
            self.fail(cw, "rationale missing")
        if from_report and c.get("illustrative") is not True and not c.get("source"):
            self.fail(cw, "mark it illustrative (with from_source for the box's figures)")
        for field in c.get("from_source", []):
            if c.get(field) is None:
                self.fail(cw, f"from_source names {field!r}, which is empty")

    def check_reports(
        self, where: str, reports: list[dict], kpi_names: set[str], from_report: bool
    ) -> None:
        for r in reports:
            rw = f"{where} report {r.get('period_start')}..{r.get('period_end')}"
            start = self.date(rw, r.get("period_start"), required=True)
            end = self.date(rw, r.get("period_end"), required=True)
            self.date(rw, r.get("due_on"), required=True)
            if start and end and end < start:
                self.fail(rw, "period ends before it starts")
            if r.get("status") not in REPORT_STATUSES:
                self.fail(rw, "status unknown")
            if r.get("submitted_by") not in {"company", "lead"}:
                self.fail(rw, "submitted_by must be 'company' or 'lead'")
            for a in r.get("actuals", []):
                if a.get("kpi") not in kpi_names:
                    self.fail(rw, f"actual for unknown KPI {a.get('kpi')!r}")
            if from_report and not (r.get("source") or r.get("illustrative")):
                self.fail(rw, "cite the box or mark it illustrative")

    def check_evaluation(self, where: str, e: dict | None, from_report: bool) -> None:
        if not e:
            return
        ew = f"{where} evaluation"
        if e.get("kind") not in {"midterm", "final"}:
            self.fail(ew, "kind must be midterm or final")
        if not isinstance(e.get("independent"), bool):
            self.fail(ew, "independent must be true or false")
        if e.get("rating") not in range(1, 7):
            self.fail(ew, "rating must be 1-6")
        if not e.get("findings"):
            self.fail(ew, "findings missing")
        self.date(ew, e.get("completed_on"), required=True)
        if from_report and not (e.get("source") or e.get("illustrative")):
            self.fail(ew, "cite the box or mark it illustrative")

    def check_history(self, where: str, p: dict, private: list[dict]) -> None:
        history = p.get("history", [])
        state = p.get("state")
        if state not in STATES:
            self.fail(where, f"state {state!r} unknown")
        if not history or history[0] != "draft" or history[-1] != state:
            self.fail(where, "history must start at draft and end at the state")
            return
        for frm, to in itertools.pairwise(history):
            hw = f"{where} {frm} -> {to}"
            if (frm, to) not in self.transitions:
                self.fail(hw, "no such move in workflows.TRANSITIONS")
                continue
            # the records each guard needs (workflows.Guard, services._check_guard)
            if to == "proposed" and not (p.get("summary", "").strip() and private):
                self.fail(hw, "proposal needs a summary and a private partner")
            if to == "review" and (p.get("screening") or {}).get("outcome") != "cleared":
                self.fail(hw, "review needs every private partner cleared (screening.outcome)")
            if to == "agreement":
                cb = p.get("cost_benefit") or {}
                if cb.get("status") != "completed":
                    self.fail(hw, "agreement needs a completed cost-benefit assessment")
                if not any(self.design_kpi(k) for k in p.get("kpis", [])):
                    self.fail(
                        hw, "agreement needs an outcome or impact KPI with baseline and target"
                    )
            if to == "active" and not (p.get("agreement") or {}).get("signed_on"):
                self.fail(hw, "active needs a signed agreement (agreement.signed_on)")
            if to == "closed":
                if not any(
                    r.get("is_final") and r.get("status") == "accepted"
                    for r in p.get("reports", [])
                ):
                    self.fail(hw, "closing needs an accepted final report")
                if not p.get("evaluation") and not p.get("no_evaluation_reason", "").strip():
                    self.fail(hw, "closing needs an evaluation or the reason for none")
                if not p.get("lessons"):
                    self.fail(hw, "closing needs at least one lesson")
        if state in {"rejected", "withdrawn", "suspended", "terminated"} and not (
            p.get("state_note") or p.get("lessons")
        ):
            self.fail(where, f"say why the partnership was {state}")

    @staticmethod
    def design_kpi(k: dict) -> bool:
        baseline = (
            k.get("baseline_value") is not None and k.get("baseline_year") is not None
        ) or bool(k.get("baseline_comment"))
        target = any(t.get("value") is not None or t.get("comment") for t in k.get("targets", []))
        return k.get("result_level") in {"outcome", "impact"} and baseline and target


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    checker = Checker(data)
    checker.check_organisations()
    checker.check_partnerships()

    partnerships = data.get("partnerships", [])
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    print(
        f"{len(partnerships)} partnerships, {len(data.get('organisations', []))} new organisations"
    )
    for p in partnerships:
        box = p.get("source", {}).get("box") if p.get("provenance") == "report" else None
        label = f"Box {box:>2}" if box else "illus."
        print(
            f"  {label}  {p.get('state', '?'):<13} {p.get('lead_entity', '?'):<9} "
            f"{p.get('title', '?')}"
        )
    states = Counter(p.get("state") for p in partnerships)
    print("states: " + ", ".join(f"{s} {states[s]}" for s in STATES))
    if checker.problems:
        print(f"\n{len(checker.problems)} problem(s):")
        for problem in checker.problems:
            print(f"  - {problem}")
        return 1
    print(
        "OK: all references resolve, every history follows TRANSITIONS with the records its "
        "guards need, every state is covered, each box is used once."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
