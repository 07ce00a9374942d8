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
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_date
from docx.oxml.ns import qn
from docxtpl import DocxTemplate, RichText

from partnerhub.agreements.document import AgreementDocument

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


class PlaceholderError(ValueError):
    """A clause text names a placeholder that rendering does not know."""


def labels_for(document: AgreementDocument) -> dict[str, str]:
    return {**LABELS.get(document.language, LABELS["en"]), **document.labels}


def placeholders_in(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


_DATE_LOCALES = {"en": "en_GB"}


def _format_date(value: datetime.date | None, language: str, labels: dict[str, str]) -> str:
    if value is None:
        return labels["date_not_set"]
    # en_GB: the United Nations writes "1 September 2026", not "September 1, 2026".
    return format_date(value, format="long", locale=_DATE_LOCALES.get(language, language))


def _joined(names: Sequence[str], conjunction: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    # Arabic "و" attaches to the next word; the other languages take a spaced word.
    tail = f" {conjunction}{names[-1]}" if conjunction == "و" else f" {conjunction} {names[-1]}"
    return ", ".join(names[:-1]) + tail


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
        "countries": ", ".join(document.countries) or labels["none"],
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
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


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
        "sdgs": ", ".join(document.sdgs) or labels["none"],
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


def render_docx(document: AgreementDocument, template_docx: bytes | None = None) -> bytes:
    """The agreement as DOCX, from the built-in layout or from a legal officer's template."""
    source = io.BytesIO(template_docx) if template_docx is not None else BASE_DOCX.open("rb")
    with source:
        template = DocxTemplate(source)
        template.render(docx_context(document), autoescape=True)
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


def check_template_docx(data: bytes) -> list[str]:
    """What is wrong with an uploaded DOCX template, one sentence per problem (empty if none)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                return ["The file is not a Word document: it has no word/document.xml part."]
    except zipfile.BadZipFile:
        return ["The file is not a Word (DOCX) document: it could not be opened as one."]
    try:
        variables = DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables()
    except jinja2.TemplateSyntaxError as error:
        return [f"The template has a placeholder syntax error: {error.message}."]
    except Exception as error:  # python-docx and lxml raise many kinds on a damaged file
        return [f"The Word document could not be read ({type(error).__name__})."]
    problems = [
        f"Unknown placeholder {{{{ {name} }}}}: templates may use only "
        + ", ".join(sorted(CONTEXT_VARIABLES))
        + "."
        for name in sorted(variables - CONTEXT_VARIABLES)
    ]
    problems.extend(
        f"Missing placeholder {{{{ {name} }}}}: every template must contain it."
        for name in sorted(REQUIRED_VARIABLES - variables)
    )
    return problems


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
<p class="subtitle">{{ title }}</p>
<p class="meta">{{ labels.reference }}: {{ reference }} · {{ labels.template }} \
({{ labels.version }} {{ template_version }}) · {{ labels.generated_on }} {{ generated_on }}</p>
{% if summary %}<p>{{ summary }}</p>{% endif %}

<h2>{{ labels.parties }}</h2>
<table>
<tr><th>{{ labels.party }}</th><th>{{ labels.role }}</th><th>{{ labels.country }}</th></tr>
{% for party in parties %}<tr><td>{{ party.name }}{% if party.acronym %} ({{ party.acronym }})\
{% endif %}</td><td>{{ party.role }}</td><td>{{ party.country }}</td></tr>
{% endfor %}</table>

<h2>{{ labels.duration }}</h2>
<p>{{ labels.starts_on }}: {{ starts_on }} · {{ labels.ends_on }}: {{ ends_on }}</p>
<p>{{ labels.countries }}: {{ countries }}</p>
<p>{{ labels.sdgs }}: {{ sdgs }}</p>

<h2>{{ labels.contributions }}</h2>
{% if contributions %}<table>
<tr><th>{{ labels.contributor }}</th><th>{{ labels.kind }}</th><th>{{ labels.amount }}</th>\
<th>{{ labels.unit }}</th></tr>
{% for line in contributions %}<tr><td>{{ line.contributor }}</td><td>{{ line.kind }}</td>\
<td>{{ line.amount }}</td><td>{{ line.unit }}</td></tr>
{% endfor %}</table>{% else %}<p>{{ labels.none }}</p>{% endif %}

<h2>{{ labels.kpis }}</h2>
{% if kpis %}<table>
<tr><th>{{ labels.kpi }}</th><th>{{ labels.level }}</th><th>{{ labels.baseline }}</th>\
<th>{{ labels.targets }}</th></tr>
{% for kpi in kpis %}<tr><td>{{ kpi.name }}</td><td>{{ kpi.level }}</td>\
<td>{{ kpi.baseline }}</td><td>{{ kpi.targets }}</td></tr>
{% endfor %}</table>{% else %}<p>{{ labels.none }}</p>{% endif %}

<h2>{{ labels.clauses }}</h2>
{% for clause in clauses %}<h3>{{ clause.number }}. {{ clause.heading }}</h3>
{% for paragraph in clause.paragraphs %}<p>{{ paragraph }}</p>
{% endfor %}{% if clause.deviates %}<p class="note">{{ labels.deviates_note }}</p>{% endif %}
{% endfor %}

<h2>{{ labels.signatures }}</h2>
{% for party in parties %}<div class="signature">
<p><strong>{{ labels.for_party }} {{ party.name }}</strong></p>
<p>{{ labels.signature }}: ____________________________</p>
<p>{{ labels.name_and_title }}: ____________________________</p>
<p>{{ labels.date }}: ____________________________</p>
</div>
{% endfor %}

{% if deviations %}<h2 style="page-break-before: always">{{ labels.deviations }}</h2>
{% for deviation in deviations %}<h3>{{ deviation.number }}. {{ deviation.heading }}</h3>
<p class="redline">{{ deviation.redline_html|safe }}</p>
{% if deviation.reason %}<p class="note">{{ labels.reason }}: {{ deviation.reason }}</p>\
{% endif %}
{% endfor %}{% endif %}
</body>
</html>
"""

_environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


def render_html(document: AgreementDocument) -> str:
    return _environment.from_string(_HTML).render(docx_context(document))


def render_pdf(document: AgreementDocument) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which pages that never print need not pay.
    from weasyprint import HTML

    pdf = HTML(string=render_html(document)).write_pdf()
    assert pdf is not None  # write_pdf returns bytes when given no target
    return bytes(pdf)
