"""Lays out an agreement (a plain `AgreementDocument`) as DOCX (docxtpl) and PDF (WeasyPrint),
shows negotiated deviations as a redline against the standard text, and checks the DOCX
templates legal officers upload. Plain Python: no Django here, so it is tested on its own.

Clause texts may use these placeholders, filled from the document by `fill`:

    {{ un_entity }}  the lead UN entity (the first party), by its acronym where it has one
    {{ partner }}    the partners: the parties after the UN entities (which come first, each
                     with an acronym), joined with "and" in the document's language
    {{ title }}      the partnership's title
    {{ reference }}  the agreement's reference
    {{ starts_on }}  the start date, written out in the document's language
    {{ ends_on }}    the end date, likewise
    {{ countries }}  the countries, joined with commas
"""

from __future__ import annotations

import datetime
import difflib
import html
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox
from babel.dates import format_date
from docx.oxml.ns import qn
from docxtpl import DocxTemplate, RichText
from markupsafe import Markup

from partnerhub.agreements.document import (
    AgreementDocument,
    ClauseText,
    ContributionLine,
    KpiLine,
    Party,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
BASE_DOCX = DATA_DIR / "base_agreement.docx"

CLAUSE_PLACEHOLDERS = frozenset(
    {"un_entity", "partner", "title", "reference", "starts_on", "ends_on", "countries"}
)

# What a DOCX template may use (see `docx_context` for the shape of each).
CONTEXT_VARIABLES = frozenset(
    {
        "language",
        "direction",
        "title",
        "reference",
        "template_title",
        "template_version",
        "summary",
        "parties",
        "un_entity",
        "partner",
        "starts_on",
        "ends_on",
        "countries",
        "sdgs",
        "contributions",
        "kpis",
        "clauses",
        "deviations",
        "generated_on",
        "labels",
    }
)
# Without these a template cannot produce an agreement: what it is, between whom, on what terms.
REQUIRED_VARIABLES = frozenset({"title", "parties", "clauses"})

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "reference": "Reference",
        "template": "Standard agreement",
        "version": "version",
        "summary": "Summary",
        "parties": "Parties",
        "party": "Party",
        "role": "Role",
        "country": "Country",
        "duration": "Duration",
        "starts_on": "Starts on",
        "ends_on": "Ends on",
        "countries": "Countries",
        "sdgs": "Sustainable Development Goals",
        "contributions": "Contributions",
        "contributor": "Contributor",
        "kind": "Kind",
        "amount": "Amount",
        "unit": "Unit",
        "kpis": "Key performance indicators",
        "kpi": "Indicator",
        "level": "Level",
        "baseline": "Baseline",
        "targets": "Targets",
        "clauses": "Terms and conditions",
        "signatures": "Signatures",
        "for_party": "For",
        "signature": "Signature",
        "name_and_title": "Name and title",
        "date": "Date",
        "deviations": "Deviations from the standard text",
        "deviates_note": "Negotiated text: see the annex on deviations from the standard text.",
        "reason": "Reason",
        "generated_on": "Generated on",
        "date_not_set": "a date to be agreed",
        "and": "and",
        "none": "None",
    },
    "fr": {
        "reference": "Référence",
        "template": "Accord type",
        "version": "version",
        "summary": "Résumé",
        "parties": "Parties",
        "party": "Partie",
        "role": "Rôle",
        "country": "Pays",
        "duration": "Durée",
        "starts_on": "Début",
        "ends_on": "Fin",
        "countries": "Pays",
        "sdgs": "Objectifs de développement durable",
        "contributions": "Contributions",
        "contributor": "Contributeur",
        "kind": "Nature",
        "amount": "Montant",
        "unit": "Unité",
        "kpis": "Indicateurs clés de performance",
        "kpi": "Indicateur",
        "level": "Niveau",
        "baseline": "Valeur de référence",
        "targets": "Cibles",
        "clauses": "Clauses et conditions",
        "signatures": "Signatures",
        "for_party": "Pour",
        "signature": "Signature",
        "name_and_title": "Nom et fonction",
        "date": "Date",
        "deviations": "Écarts par rapport au texte type",
        "deviates_note": "Texte négocié : voir l'annexe sur les écarts par rapport au texte type.",
        "reason": "Motif",
        "generated_on": "Établi le",
        "date_not_set": "une date à convenir",
        "and": "et",
        "none": "Aucun",
    },
    "ar": {
        "reference": "المرجع",
        "template": "الاتفاق الموحد",
        "version": "الإصدار",
        "summary": "موجز",
        "parties": "الطرفان",
        "party": "الطرف",
        "role": "الصفة",
        "country": "البلد",
        "duration": "المدة",
        "starts_on": "تاريخ البدء",
        "ends_on": "تاريخ الانتهاء",
        "countries": "البلدان",
        "sdgs": "أهداف التنمية المستدامة",
        "contributions": "المساهمات",
        "contributor": "المساهِم",
        "kind": "النوع",
        "amount": "المبلغ",
        "unit": "الوحدة",
        "kpis": "مؤشرات الأداء الرئيسية",
        "kpi": "المؤشر",
        "level": "المستوى",
        "baseline": "خط الأساس",
        "targets": "الأهداف",
        "clauses": "الأحكام والشروط",
        "signatures": "التوقيعات",
        "for_party": "عن",
        "signature": "التوقيع",
        "name_and_title": "الاسم والمنصب",
        "date": "التاريخ",
        "deviations": "الانحرافات عن النص الموحد",
        "deviates_note": "نص متفاوض عليه: انظر المرفق المتعلق بالانحرافات عن النص الموحد.",
        "reason": "السبب",
        "generated_on": "تاريخ الإعداد",
        "date_not_set": "تاريخ يُتفق عليه",
        "and": "و",
        "none": "لا يوجد",
    },
}

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
# What is left of a clause text once its well-formed placeholders are taken out must hold no
# template syntax: "{{ partner }" or "{{ partner|upper }}" would otherwise reach the agreement
# as typed. A piece runs from an opening brace to its closing one, or to the next opening.
_STRAY_SYNTAX = re.compile(r"\{[{%#].*?(?:[}%#]\}|(?=\{[{%#])|$)|[}%#]\}")
# Arabic separates the items of a list with the Arabic comma.
_LIST_SEPARATORS = {"ar": "، "}


# What an upload is filled with on trial: every list has an entry and one clause deviates, so
# that every loop and attribute a template uses is exercised.
SAMPLE_DOCUMENT = AgreementDocument(
    language="en",
    reference="PH-1-A1",
    template_title="Memorandum of understanding",
    template_version=1,
    title="Sample partnership",
    summary="A sample partnership to try the template.",
    parties=[
        Party(name="United Nations Development Programme", role="Lead UN entity", acronym="UNDP"),
        Party(name="Sample Company Ltd", role="Private partner", country="Kenya"),
    ],
    starts_on=datetime.date(2026, 1, 1),
    ends_on=datetime.date(2026, 12, 31),
    countries=["Kenya"],
    sdgs=["SDG 2: Zero hunger"],
    contributions=[
        ContributionLine(
            contributor="Sample Company Ltd", kind="Cash", amount="1,000.00", unit="USD"
        )
    ],
    kpis=[KpiLine(name="People trained", level="Output", baseline="0", targets="100")],
    clauses=[
        ClauseText(
            code="purpose",
            heading="Purpose",
            text="{{ un_entity }} and {{ partner }} cooperate.",
            standard_text="{{ un_entity }} and {{ partner }} cooperate.",
        ),
        ClauseText(
            code="termination",
            heading="Termination",
            text="Either Party may terminate on sixty days' notice.",
            standard_text="Either Party may terminate on thirty days' notice.",
            deviation_reason="Asked by the partner.",
        ),
    ],
    generated_on=datetime.date(2026, 1, 1),
)


class PlaceholderError(ValueError):
    """A clause text names a placeholder that rendering does not know."""


class TemplateFillError(ValueError):
    """An uploaded DOCX template failed when filled with an agreement."""


def _docx_environment(*, strict: bool = False) -> jinja2.Environment:
    """The Jinja environment DOCX templates are parsed and filled in. Uploaded templates are
    code written by people outside the development team: the sandbox keeps them away from
    Python internals (`{{ title.__class__.__mro__ }}` and the like), and the empty loader
    turns `{% include %}`, `{% import %}` and `{% extends %}` into template errors rather
    than a server error. Strict mode (the trial fill of an upload) also refuses names that
    do not exist, such as `{{ labels.signatur }}` or `{{ party.ceo }}`."""
    return jinja2.sandbox.ImmutableSandboxedEnvironment(
        autoescape=True,
        loader=jinja2.DictLoader({}),
        undefined=jinja2.StrictUndefined if strict else jinja2.Undefined,
    )


def labels_for(document: AgreementDocument) -> dict[str, str]:
    return {**LABELS.get(document.language, LABELS["en"]), **document.labels}


def placeholders_in(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def malformed_placeholders(text: str) -> list[str]:
    """The pieces of template syntax in a clause text that are not a well-formed
    `{{ name }}`, as typed."""
    remainder = _PLACEHOLDER.sub(lambda match: " " * len(match.group(0)), text)
    return [match.group(0).strip() for match in _STRAY_SYNTAX.finditer(remainder)]


def list_separator(language: str) -> str:
    return _LIST_SEPARATORS.get(language, ", ")


_DATE_LOCALES = {"en": "en_GB"}


def long_date(value: datetime.date, language: str) -> str:
    """The date written out as the document's language writes it."""
    # en_GB: the United Nations writes "1 September 2026", not "September 1, 2026".
    written = format_date(value, format="long", locale=_DATE_LOCALES.get(language, language))
    if language == "fr" and value.day == 1 and written.startswith("1 "):
        # CLDR writes "1 janvier"; French writes the first of the month "1er janvier".
        written = "1er" + written[1:]
    return written


def _format_date(value: datetime.date | None, language: str, labels: dict[str, str]) -> str:
    if value is None:
        return labels["date_not_set"]
    return long_date(value, language)


def _joined(names: Sequence[str], conjunction: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    # Arabic "و" attaches to the next word; the other languages take a spaced word.
    if conjunction == "و":
        return "، ".join(names[:-1]) + f" {conjunction}{names[-1]}"
    return ", ".join(names[:-1]) + f" {conjunction} {names[-1]}"


def placeholder_values(document: AgreementDocument) -> dict[str, str]:
    labels = labels_for(document)
    # The services list the lead UN entity first, then any participating UN entities (the
    # parties with an acronym), then the partners; only the partners are "the partner".
    un_side = 1
    while un_side < len(document.parties) and document.parties[un_side].acronym:
        un_side += 1
    partners = [party.name for party in document.parties[un_side:]]
    return {
        "un_entity": (document.parties[0].acronym or document.parties[0].name)
        if document.parties
        else "",
        "partner": _joined(partners, labels["and"]),
        "title": document.title,
        "reference": document.reference,
        "starts_on": _format_date(document.starts_on, document.language, labels),
        "ends_on": _format_date(document.ends_on, document.language, labels),
        "countries": list_separator(document.language).join(document.countries) or labels["none"],
    }


def fill(text: str, document: AgreementDocument) -> str:
    """The clause text with its placeholders replaced from the document."""
    unknown = placeholders_in(text) - CLAUSE_PLACEHOLDERS
    if unknown:
        raise PlaceholderError(
            "The clause text uses unknown placeholders: "
            + ", ".join("{{ " + name + " }}" for name in sorted(unknown))
            + ". Known placeholders: "
            + ", ".join("{{ " + name + " }}" for name in sorted(CLAUSE_PLACEHOLDERS))
            + "."
        )
    values = placeholder_values(document)

    def value(match: re.Match[str]) -> str:
        filled = values[match.group(1)]
        # "competitors of {{ partner }}." with a partner called "Traders Co." reads
        # "Traders Co.", not "Traders Co..".
        if filled.endswith(".") and text[match.end() : match.end() + 1] == ".":
            return filled[:-1]
        return filled

    return _PLACEHOLDER.sub(value, text)


# Redline -----------------------------------------------------------------------------------

_TOKEN = re.compile(r"\s+|[^\s]+")


def redline(standard: str, negotiated: str) -> list[tuple[str, str]]:
    """Word-level differences from the standard text to the negotiated one, as runs of
    ("equal" | "delete" | "insert", text) that join back into either text."""
    old, new = _TOKEN.findall(standard), _TOKEN.findall(negotiated)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    raw: list[tuple[str, str, str]] = []  # (op, deleted text, inserted text)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        deleted, inserted = "".join(old[i1:i2]), "".join(new[j1:j2])
        raw.append(("equal" if tag == "equal" else "change", deleted, inserted))

    # A lone space left "equal" between two changes would cut one edit into many small
    # ones; it is folded into the surrounding change so a rewritten phrase reads as one.
    runs: list[tuple[str, str]] = []
    pending_delete, pending_insert = "", ""
    for index, (op, deleted, inserted) in enumerate(raw):
        between_changes = (
            op == "equal"
            and not deleted.strip()
            and 0 < index < len(raw) - 1
            and raw[index - 1][0] == "change"
            and raw[index + 1][0] == "change"
        )
        if op == "change" or between_changes:
            pending_delete += deleted
            pending_insert += inserted
            continue
        runs.extend(_flush(pending_delete, pending_insert))
        pending_delete, pending_insert = "", ""
        runs.append(("equal", deleted))
    runs.extend(_flush(pending_delete, pending_insert))
    return runs


def _flush(deleted: str, inserted: str) -> list[tuple[str, str]]:
    if deleted == inserted:
        return [("equal", deleted)] if deleted else []
    return [(op, text) for op, text in (("delete", deleted), ("insert", inserted)) if text]


def redline_html(standard: str, negotiated: str) -> str:
    parts = []
    for op, text in redline(standard, negotiated):
        escaped = html.escape(text)
        if op == "delete":
            parts.append(f"<del>{escaped}</del>")
        elif op == "insert":
            parts.append(f"<ins>{escaped}</ins>")
        else:
            parts.append(escaped)
    return "".join(parts)


def _redline_richtext(standard: str, negotiated: str) -> RichText:
    text = RichText()
    for op, run in redline(standard, negotiated):
        if op == "delete":
            text.add(run, color="C00000", strike=True)
        elif op == "insert":
            text.add(run, color="006100", underline=True)
        else:
            text.add(run)
    return text


# Context -----------------------------------------------------------------------------------


def _paragraphs(text: str) -> list[str]:
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]


def docx_context(document: AgreementDocument) -> dict[str, Any]:
    """The variables a DOCX template is rendered with (the names in CONTEXT_VARIABLES)."""
    labels = labels_for(document)
    values = placeholder_values(document)
    clauses = []
    deviations = []
    for number, clause in enumerate(document.clauses, start=1):
        text = fill(clause.text, document)
        standard = fill(clause.standard_text, document)
        clauses.append(
            {
                "number": number,
                "code": clause.code,
                "heading": clause.heading,
                "text": text,
                "paragraphs": _paragraphs(text),
                "deviates": clause.deviates,
            }
        )
        if clause.deviates:
            deviations.append(
                {
                    "number": number,
                    "heading": clause.heading,
                    "standard_text": standard,
                    "text": text,
                    "reason": clause.deviation_reason,
                    "redline": _redline_richtext(standard, text),
                    "redline_html": redline_html(standard, text),
                }
            )
    return {
        "language": document.language,
        "direction": document.direction,
        "title": document.title,
        "reference": document.reference,
        "template_title": document.template_title,
        "template_version": document.template_version,
        "summary": document.summary,
        "parties": [
            {"name": p.name, "role": p.role, "country": p.country, "acronym": p.acronym}
            for p in document.parties
        ],
        "un_entity": values["un_entity"],
        "partner": values["partner"],
        "starts_on": values["starts_on"],
        "ends_on": values["ends_on"],
        "countries": values["countries"],
        "sdgs": list_separator(document.language).join(document.sdgs) or labels["none"],
        "contributions": [
            {"contributor": c.contributor, "kind": c.kind, "amount": c.amount, "unit": c.unit}
            for c in document.contributions
        ],
        "kpis": [
            {"name": k.name, "level": k.level, "baseline": k.baseline, "targets": k.targets}
            for k in document.kpis
        ],
        "clauses": clauses,
        "deviations": deviations,
        "generated_on": _format_date(document.generated_on, document.language, labels),
        "labels": labels,
    }


# DOCX --------------------------------------------------------------------------------------

# Where w:bidi, w:rtl and w:bidiVisual go among their siblings: WordprocessingML fixes the order
# of the children of w:pPr, w:rPr and w:tblPr, and Word refuses files that break it.
_AFTER_BIDI = (
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
)
_AFTER_RTL = "cs em lang eastAsianLayout specVanish oMath"
_AFTER_BIDI_VISUAL = (
    "tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing tblInd tblBorders shd "
    "tblLayout tblCellMar tblLook tblCaption tblDescription tblPrChange"
)


def _set_flag(parent: Any, name: str, successors: str) -> None:
    if parent.find(qn(f"w:{name}")) is not None:
        return
    flag = parent.makeelement(qn(f"w:{name}"), {})
    following = {qn(f"w:{tag}") for tag in successors.split()}
    for index, child in enumerate(parent):
        if child.tag in following:
            parent.insert(index, flag)
            return
    parent.append(flag)


def _properties(element: Any, name: str) -> Any:
    """The element's w:pPr / w:rPr / w:tblPr, created as its first child if absent."""
    props = element.find(qn(f"w:{name}"))
    if props is None:
        props = element.makeelement(qn(f"w:{name}"), {})
        element.insert(0, props)
    return props


def _make_right_to_left(roots: Iterable[Any]) -> None:
    for root in roots:
        for paragraph in root.iter(qn("w:p")):
            _set_flag(_properties(paragraph, "pPr"), "bidi", _AFTER_BIDI)
        for run in root.iter(qn("w:r")):
            _set_flag(_properties(run, "rPr"), "rtl", _AFTER_RTL)
        for table in root.iter(qn("w:tbl")):
            _set_flag(_properties(table, "tblPr"), "bidiVisual", _AFTER_BIDI_VISUAL)


def render_docx(
    document: AgreementDocument, template_docx: bytes | None = None, *, strict: bool = False
) -> bytes:
    """The agreement as DOCX, from the built-in layout or from a legal officer's template.
    An uploaded template that fails raises a jinja2.TemplateError, or TemplateFillError for
    the other ways a Word file can break when filled."""
    source = io.BytesIO(template_docx) if template_docx is not None else BASE_DOCX.open("rb")
    with source:
        template = DocxTemplate(source)
        try:
            template.render(docx_context(document), jinja_env=_docx_environment(strict=strict))
        except jinja2.TemplateError:
            raise
        except Exception as error:
            if template_docx is None:
                raise
            # python-docx, lxml and Jinja's runtime raise many kinds on a template that is
            # valid Word but not a valid agreement layout; the person who uploaded it needs
            # the words, not a server error.
            raise TemplateFillError(f"{type(error).__name__}: {error}") from error
        if document.direction == "rtl":
            docx = template.docx
            roots = [docx.element.body]
            for section in docx.sections:
                roots.extend(
                    part._element
                    for part in (section.header, section.footer)
                    if not part.is_linked_to_previous
                )
            _make_right_to_left(roots)
        output = io.BytesIO()
        template.save(output)
    return output.getvalue()


@dataclass(frozen=True)
class TemplateProblem:
    """One thing wrong with an uploaded DOCX template. `code` says what, so that the services
    can word it in the reader's language; `name` is the placeholder concerned and `detail`
    the error met. str() gives the sentence in English."""

    code: str
    name: str = ""
    detail: str = ""

    def __str__(self) -> str:
        return _PROBLEM_SENTENCES[self.code].format(
            name=self.name,
            detail=self.detail.rstrip("."),
            known=", ".join(sorted(CONTEXT_VARIABLES)),
        )


_PROBLEM_SENTENCES = {
    "not_a_zip": "The file is not a Word (DOCX) document: it could not be opened as one.",
    "no_document": "The file is not a Word document: it has no word/document.xml part.",
    "syntax": "The template has a placeholder syntax error: {detail}.",
    "unreadable": "The Word document could not be read ({detail}).",
    "unknown": "Unknown placeholder {{{{ {name} }}}}: templates may use only {known}.",
    "missing": "Missing placeholder {{{{ {name} }}}}: every template must contain it.",
    "fill": "The template could not be filled with a sample agreement: {detail}.",
}


def _fill_error(error: Exception) -> str:
    if isinstance(error, jinja2.TemplateNotFound):
        return "a template cannot include, import or extend another file"
    if isinstance(error, TemplateFillError):
        return str(error)
    return f"{type(error).__name__}: {error}"


def template_problems(data: bytes) -> list[TemplateProblem]:
    """What is wrong with an uploaded DOCX template (empty if nothing): not a Word file,
    placeholder syntax, unknown or missing placeholders; and, when those are right, whether
    it can be filled at all, by filling it with a sample agreement."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                return [TemplateProblem("no_document")]
    except zipfile.BadZipFile:
        return [TemplateProblem("not_a_zip")]
    try:
        variables = DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables(
            jinja_env=_docx_environment()
        )
    except jinja2.TemplateSyntaxError as error:
        return [TemplateProblem("syntax", detail=str(error.message))]
    except Exception as error:  # python-docx and lxml raise many kinds on a damaged file
        return [TemplateProblem("unreadable", detail=type(error).__name__)]
    problems = [
        TemplateProblem("unknown", name=name) for name in sorted(variables - CONTEXT_VARIABLES)
    ]
    problems.extend(
        TemplateProblem("missing", name=name) for name in sorted(REQUIRED_VARIABLES - variables)
    )
    if problems:
        return problems
    try:
        render_docx(SAMPLE_DOCUMENT, data, strict=True)
    except (jinja2.TemplateError, TemplateFillError) as error:
        return [TemplateProblem("fill", detail=_fill_error(error))]
    return []


def check_template_docx(data: bytes) -> list[str]:
    """What is wrong with an uploaded DOCX template, one sentence in English per problem."""
    return [str(problem) for problem in template_problems(data)]


# HTML and PDF ------------------------------------------------------------------------------

_HTML = """<!DOCTYPE html>
<html lang="{{ language }}" dir="{{ direction }}">
<head>
<meta charset="utf-8">
<title>{{ template_title }} — {{ title }}</title>
<style>
@page {
  size: A4;
  margin: 2.2cm 2cm 2.4cm 2cm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8.5pt; color: #555; }
}
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; line-height: 1.45; }
h1 { font-size: 15pt; margin: 0 0 4pt; }
h2 { font-size: 12pt; margin: 18pt 0 6pt; }
h3 { font-size: 10.5pt; margin: 12pt 0 4pt; page-break-after: avoid; }
p { margin: 0 0 6pt; text-align: justify; }
.subtitle { font-size: 12pt; margin-bottom: 2pt; }
.meta { color: #444; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; }
th, td { border: 0.6pt solid #999; padding: 3pt 5pt; text-align: start; vertical-align: top; }
th { background: #eef2f6; }
.note { font-size: 8.5pt; color: #555; font-style: italic; }
.redline { white-space: pre-wrap; }
del { color: #a00000; text-decoration: line-through; }
ins { color: #006100; text-decoration: underline; }
.signature { page-break-inside: avoid; margin-top: 14pt; }
.signature p { margin: 10pt 0 0; }
</style>
</head>
<body>
<h1>{{ template_title }}</h1>
<p class="subtitle">{{ title|isolate(direction) }}</p>
<p class="meta">{{ labels.reference }}: {{ reference }} · {{ labels.template }} \
({{ labels.version }} {{ template_version }}) · {{ labels.generated_on }} {{ generated_on }}</p>
{% if summary %}<p>{{ summary|isolate(direction) }}</p>{% endif %}

<h2>{{ labels.parties }}</h2>
<table>
<tr><th>{{ labels.party }}</th><th>{{ labels.role }}</th><th>{{ labels.country }}</th></tr>
{% for party in parties %}<tr><td>{{ party.name|isolate(direction) }}\
{% if party.acronym %} ({{ party.acronym }}){% endif %}</td><td>{{ party.role }}</td>\
<td>{{ party.country|isolate(direction) }}</td></tr>
{% endfor %}</table>

<h2>{{ labels.duration }}</h2>
<p>{{ labels.starts_on }}: {{ starts_on }} · {{ labels.ends_on }}: {{ ends_on }}</p>
<p>{{ labels.countries }}: {{ countries }}</p>
<p>{{ labels.sdgs }}: {{ sdgs }}</p>

<h2>{{ labels.contributions }}</h2>
{% if contributions %}<table>
<tr><th>{{ labels.contributor }}</th><th>{{ labels.kind }}</th><th>{{ labels.amount }}</th>\
<th>{{ labels.unit }}</th></tr>
{% for line in contributions %}<tr><td>{{ line.contributor|isolate(direction) }}</td>\
<td>{{ line.kind }}</td>\
<td>{{ line.amount }}</td><td>{{ line.unit|isolate(direction) }}</td></tr>
{% endfor %}</table>{% else %}<p>{{ labels.none }}</p>{% endif %}

<h2>{{ labels.kpis }}</h2>
{% if kpis %}<table>
<tr><th>{{ labels.kpi }}</th><th>{{ labels.level }}</th><th>{{ labels.baseline }}</th>\
<th>{{ labels.targets }}</th></tr>
{% for kpi in kpis %}<tr><td>{{ kpi.name|isolate(direction) }}</td><td>{{ kpi.level }}</td>\
<td>{{ kpi.baseline|isolate(direction) }}</td><td>{{ kpi.targets|isolate(direction) }}</td></tr>
{% endfor %}</table>{% else %}<p>{{ labels.none }}</p>{% endif %}

<h2>{{ labels.clauses }}</h2>
{% for clause in clauses %}<h3>{{ clause.number }}. {{ clause.heading }}</h3>
{% for paragraph in clause.paragraphs %}<p>{{ paragraph }}</p>
{% endfor %}{% if clause.deviates %}<p class="note">{{ labels.deviates_note }}</p>{% endif %}
{% endfor %}

<h2>{{ labels.signatures }}</h2>
{% for party in parties %}<div class="signature">
<p><strong>{{ labels.for_party }} {{ party.name|isolate(direction) }}</strong></p>
<p>{{ labels.signature }}: ____________________________</p>
<p>{{ labels.name_and_title }}: ____________________________</p>
<p>{{ labels.date }}: ____________________________</p>
</div>
{% endfor %}

{% if deviations %}<h2 style="page-break-before: always">{{ labels.deviations }}</h2>
{% for deviation in deviations %}<h3>{{ deviation.number }}. {{ deviation.heading }}</h3>
<p class="redline">{{ deviation.redline_html|safe }}</p>
{% if deviation.reason %}<p class="note">{{ labels.reason }}: \
{{ deviation.reason|isolate(direction) }}</p>{% endif %}
{% endfor %}{% endif %}
</body>
</html>
"""


def text_direction(text: str) -> str:
    """ "ltr" or "rtl" after the first letter with a strong direction; "" if none has one."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return ""


def _isolate(value: Any, direction: str) -> Markup:
    """The value, set in its own direction where that is not the document's: a partner's
    Latin name in an Arabic agreement keeps its full stop at its end. WeasyPrint does not
    support dir="auto", so the direction is worked out here."""
    text = str(value)
    own = text_direction(text)
    if own and own != direction:
        return Markup('<span dir="{}">{}</span>').format(own, text)
    return Markup.escape(text)


_environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
_environment.filters["isolate"] = _isolate


def render_html(document: AgreementDocument) -> str:
    return _environment.from_string(_HTML).render(docx_context(document))


def render_pdf(document: AgreementDocument) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which pages that never print need not pay.
    from weasyprint import HTML

    pdf = HTML(string=render_html(document)).write_pdf()
    assert pdf is not None  # write_pdf returns bytes when given no target
    return bytes(pdf)
