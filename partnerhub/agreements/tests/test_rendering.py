"""Every standard template renders a readable DOCX and PDF in English, French and Arabic from a
demo partnership; deviations show as redlines; bad DOCX uploads are refused with reasons.
Plain Python: no database."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import io
import zipfile

import docx
import jinja2
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from partnerhub.agreements import rendering
from partnerhub.agreements.document import (
    AgreementDocument,
    ClauseText,
    ContributionLine,
    KpiLine,
    Party,
)
from partnerhub.agreements.library import load_clauses, load_templates

CLAUSES = {clause.code: clause for clause in load_clauses()}
TEMPLATES = {template.kind: template for template in load_templates()}
LANGUAGES = ("en", "fr", "ar")
PARTNER = "Rift Valley Haulage Ltd"

# What the services would put in the document's language (roles, kinds, KPI levels).
WORDS = {
    "en": {
        "un": "UN entity",
        "private": "Private partner",
        "in_kind": "In kind",
        "output": "Output",
        "outcome": "Outcome",
        "kenya": "Kenya",
    },
    "fr": {
        "un": "Entité des Nations Unies",
        "private": "Partenaire privé",
        "in_kind": "En nature",
        "output": "Produit",
        "outcome": "Effet",
        "kenya": "Kenya",
    },
    "ar": {
        "un": "كيان تابع للأمم المتحدة",
        "private": "شريك من القطاع الخاص",
        "in_kind": "عينية",
        "output": "ناتج",
        "outcome": "نتيجة",
        "kenya": "كينيا",
    },
}
TITLES = {
    "en": "Storage and trucks for the drought response in northern Kenya",
    "fr": "Entrepôts et camions pour la réponse à la sécheresse dans le nord du Kenya",
    "ar": "التخزين والشاحنات للاستجابة للجفاف في شمال كينيا",
}


def clause_text(
    code: str, language: str, *, text: str | None = None, reason: str = ""
) -> ClauseText:
    clause = CLAUSES[code]
    standard = clause.texts[language]
    return ClauseText(
        code=code,
        heading=clause.titles[language],
        text=standard if text is None else text,
        standard_text=standard,
        deviation_reason=reason,
    )


def demo_document(
    kind: str, language: str, clauses: list[ClauseText] | None = None, **changes
) -> AgreementDocument:
    """The WFP and Rift Valley Haulage drought-logistics demo partnership, laid out with the
    template's mandatory clauses and its first optional one (as a legal officer would choose)."""
    template = TEMPLATES[kind]
    optional = [item for item in template.clauses if not item.mandatory][:1]
    chosen = [item for item in template.clauses if item.mandatory or item in optional]
    words = WORDS[language]
    document = AgreementDocument(
        language=language,
        reference="PH-18-A3",
        template_title=template.titles[language],
        template_version=1,
        title=TITLES[language],
        summary="Rift Valley Haulage answered WFP's need for dry storage near Lodwar & trucks for the last mile.",
        parties=[
            Party(name="World Food Programme", role=words["un"], acronym="WFP"),
            Party(name=PARTNER, role=words["private"], country=words["kenya"]),
        ],
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2027, 2, 28),
        countries=[words["kenya"]],
        sdgs=["2"],
        contributions=[
            ContributionLine(
                contributor=PARTNER, kind=words["in_kind"], amount="380,000.00", unit="USD"
            )
        ],
        kpis=[
            KpiLine(
                name="Tonnes of food delivered to distribution points",
                level=words["output"],
                baseline="0 (2026)",
                targets="6,000",
            ),
            KpiLine(
                name="Distributions completed on schedule",
                level=words["outcome"],
                baseline="70",
                targets="95",
            ),
        ],
        clauses=clauses
        if clauses is not None
        else [clause_text(item.code, language) for item in chosen],
        generated_on=datetime.date(2026, 11, 26),
    )
    return dataclasses.replace(document, **changes)


@functools.cache
def rendered(kind: str, language: str) -> tuple[AgreementDocument, bytes, bytes]:
    document = demo_document(kind, language)
    return document, rendering.render_docx(document), rendering.render_pdf(document)


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(lines)


def pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split()
    )


def first_words(text: str, count: int = 6) -> str:
    return " ".join(text.split("\n\n")[0].split()[:count])


CASES = [(kind, language) for kind in TEMPLATES for language in LANGUAGES]


@pytest.mark.parametrize(("kind", "language"), CASES)
def test_it_generates_a_docx_for_every_template_and_language(kind, language):
    document, data, _ = rendered(kind, language)
    text = docx_text(data)

    assert document.template_title in text
    assert document.title in text
    assert "World Food Programme" in text and PARTNER in text
    assert "380,000.00" in text and "USD" in text
    assert "Tonnes of food delivered to distribution points" in text
    for number, clause in enumerate(document.clauses, start=1):
        assert f"{number}. {clause.heading}" in text
        assert first_words(rendering.fill(clause.text, document)) in text
    assert "{{" not in text and "{%" not in text
    labels = rendering.LABELS[language]
    assert labels["signatures"] in text and f"{labels['for_party']} {PARTNER}" in text
    assert labels["deviations"] not in text


@pytest.mark.parametrize("kind", list(TEMPLATES))
def test_the_arabic_docx_runs_right_to_left(kind):
    _, data, _ = rendered(kind, "ar")
    body = docx.Document(io.BytesIO(data)).element.body

    paragraphs = list(body.iter(qn("w:p")))
    assert paragraphs
    assert all(p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None for p in paragraphs)
    assert all(r.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None for r in body.iter(qn("w:r")))
    assert all(
        t.find(f"{qn('w:tblPr')}/{qn('w:bidiVisual')}") is not None for t in body.iter(qn("w:tbl"))
    )


def test_the_english_docx_runs_left_to_right():
    _, data, _ = rendered("in_kind", "en")
    assert b"w:bidi" not in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


@pytest.mark.parametrize(("kind", "language"), CASES)
def test_it_generates_a_pdf_for_every_template_and_language(kind, language):
    document, _, data = rendered(kind, language)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)

    assert document.template_title in text
    assert CLAUSES["privileges-immunities"].titles[language] in text
    assert PARTNER in text
    assert "380,000.00" in text
    if language == "ar":
        assert rendering.LABELS["ar"]["clauses"] in text  # الأحكام والشروط
        assert CLAUSES["disputes"].titles["ar"] in text


def test_the_html_declares_language_and_direction():
    assert '<html lang="ar" dir="rtl">' in rendering.render_html(demo_document("mou", "ar"))
    assert '<html lang="fr" dir="ltr">' in rendering.render_html(demo_document("mou", "fr"))


def test_it_escapes_what_the_partnership_says():
    document = demo_document("mou", "en", title="Trucks & <b>storage</b>")
    html = rendering.render_html(document)
    assert "Trucks &amp; &lt;b&gt;storage&lt;/b&gt;" in html and "<b>storage" not in html
    assert "Trucks & <b>storage</b>" in docx_text(rendering.render_docx(document))


def test_it_fills_clause_placeholders_in_the_document_language():
    document = demo_document("mou", "fr")
    filled = rendering.fill(CLAUSES["purpose"].texts["fr"], document)
    assert "WFP et Rift Valley Haulage Ltd coopèrent" in filled
    assert "du 1er septembre 2026 au 28 février 2027" in filled
    english = rendering.fill(
        "from {{ starts_on }} until {{starts_on}}", demo_document("mou", "en", starts_on=None)
    )
    assert english == "from a date to be agreed until a date to be agreed"


def test_it_refuses_an_unknown_clause_placeholder():
    with pytest.raises(rendering.PlaceholderError, match=r"\{\{ payment_terms \}\}"):
        rendering.fill("Paid per {{ payment_terms }} by {{ partner }}.", demo_document("mou", "en"))


# Deviations ------------------------------------------------------------------------------

STANDARD = "Either Party may terminate this Agreement by giving thirty days' written notice."
NEGOTIATED = "Either Party may terminate this Agreement by giving sixty days' prior written notice."


def test_redline_marks_changed_words_and_keeps_both_texts():
    runs = rendering.redline(STANDARD, NEGOTIATED)

    assert ("delete", "thirty") in runs
    assert ("insert", "sixty") in runs
    assert ("insert", " prior") in runs
    assert "".join(text for op, text in runs if op != "insert") == STANDARD
    assert "".join(text for op, text in runs if op != "delete") == NEGOTIATED


def test_redline_folds_a_rewritten_phrase_into_one_change():
    runs = rendering.redline("pay within thirty calendar days", "pay within ten working days")
    assert runs == [
        ("equal", "pay within "),
        ("delete", "thirty calendar"),
        ("insert", "ten working"),
        ("equal", " days"),
    ]


def test_redline_of_identical_texts_is_one_equal_run():
    assert rendering.redline(STANDARD, STANDARD) == [("equal", STANDARD)]
    assert rendering.redline("", "") == []


def test_redline_html_escapes_and_marks():
    assert rendering.redline_html("a <b> c", "a & c") == "a <del>&lt;b&gt;</del><ins>&amp;</ins> c"


def deviating_document(language: str) -> AgreementDocument:
    clauses = [
        clause_text(item.code, language)
        if item.code != "termination"
        else clause_text(
            "termination",
            language,
            text=CLAUSES["termination"]
            .texts[language]
            .replace("thirty", "sixty")
            .replace("trente", "soixante")
            .replace("ثلاثين", "ستين"),
            reason="The partner needs time to redeploy the trucks.",
        )
        for item in TEMPLATES["in_kind"].clauses
        if item.mandatory
    ]
    return demo_document("in_kind", language, clauses=clauses)


def test_a_deviation_shows_as_negotiated_text_and_a_redline_annex_in_the_pdf():
    text = pdf_text(rendering.render_pdf(deviating_document("en")))

    assert "Either Party may terminate this Agreement by giving sixty days' written notice" in text
    assert "Deviations from the standard text" in text
    assert "The partner needs time to redeploy the trucks." in text
    html = rendering.render_html(deviating_document("en"))
    assert "<del>thirty</del><ins>sixty</ins>" in html


def test_a_deviation_shows_as_a_redline_in_the_docx():
    data = rendering.render_docx(deviating_document("en"))
    document = docx.Document(io.BytesIO(data))
    text = docx_text(data)

    assert "Deviations from the standard text" in text
    assert "Negotiated text: see the annex" in text
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs]
    assert any(run.text == "thirty" and run.font.strike for run in runs)
    assert any(run.text == "sixty" and run.font.underline for run in runs)


# Uploaded templates ----------------------------------------------------------------------


def docx_with(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


LEGAL_OFFICE_TEMPLATE = (
    "{{ title }} ({{ reference }})",
    "{%p for party in parties %}",
    "Party: {{ party.name }}",
    "{%p endfor %}",
    "{%p for clause in clauses %}",
    "Article {{ clause.number }}: {{ clause.heading }}",
    "{{ clause.text }}",
    "{%p endfor %}",
)


def test_the_shipped_base_template_passes_the_check():
    assert rendering.check_template_docx(rendering.BASE_DOCX.read_bytes()) == []


def test_an_uploaded_template_is_checked_and_rendered_with_the_same_variables():
    data = docx_with(*LEGAL_OFFICE_TEMPLATE)
    assert rendering.check_template_docx(data) == []

    document = demo_document("financial", "en")
    text = docx_text(rendering.render_docx(document, template_docx=data))
    assert f"{document.title} (PH-18-A3)" in text
    assert f"Party: {PARTNER}" in text
    assert "Article 1: Purpose" in text


def test_an_uploaded_arabic_agreement_runs_right_to_left_too():
    data = rendering.render_docx(
        demo_document("financial", "ar"), template_docx=docx_with(*LEGAL_OFFICE_TEMPLATE)
    )
    assert b"<w:bidi/>" in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def test_a_template_with_an_unknown_placeholder_is_refused_naming_it():
    problems = rendering.check_template_docx(
        docx_with(*LEGAL_OFFICE_TEMPLATE, "{{ unknown_thing }}")
    )
    assert len(problems) == 1
    assert problems[0].startswith("Unknown placeholder {{ unknown_thing }}")


def test_a_template_without_a_title_is_refused():
    problems = rendering.check_template_docx(docx_with(*LEGAL_OFFICE_TEMPLATE[1:]))
    assert problems == ["Missing placeholder {{ title }}: every template must contain it."]


def test_every_problem_is_listed():
    problems = rendering.check_template_docx(docx_with("{{ signatory }}", "{{ fees }}"))
    assert [p.split(":")[0] for p in problems] == [
        "Unknown placeholder {{ fees }}",
        "Unknown placeholder {{ signatory }}",
        "Missing placeholder {{ clauses }}",
        "Missing placeholder {{ parties }}",
        "Missing placeholder {{ title }}",
    ]


def test_a_template_with_broken_placeholder_syntax_is_refused():
    problems = rendering.check_template_docx(
        docx_with(*LEGAL_OFFICE_TEMPLATE, "{% for x in parties %}")
    )
    assert len(problems) == 1 and problems[0].startswith(
        "The template has a placeholder syntax error"
    )


def test_a_file_that_is_not_a_docx_is_refused():
    assert rendering.check_template_docx(b"%PDF-1.7 not a Word file") == [
        "The file is not a Word (DOCX) document: it could not be opened as one."
    ]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("content.xml", "<office/>")
    assert rendering.check_template_docx(archive.getvalue()) == [
        "The file is not a Word document: it has no word/document.xml part."
    ]


def test_an_arabic_deviation_shows_as_a_right_to_left_redline():
    data = rendering.render_docx(deviating_document("ar"))
    runs = [
        run for paragraph in docx.Document(io.BytesIO(data)).paragraphs for run in paragraph.runs
    ]

    assert rendering.LABELS["ar"]["deviations"] in docx_text(data)
    deleted = [run for run in runs if run.text == "ثلاثين" and run.font.strike]
    assert deleted and deleted[0].font.rtl
    assert any(run.text == "ستين" and run.font.underline for run in runs)
    assert "<del>ثلاثين</del><ins>ستين</ins>" in rendering.render_html(deviating_document("ar"))


def test_participating_un_entities_are_not_the_partner():
    document = demo_document(
        "multi_stakeholder",
        "en",
        parties=[
            Party(name="World Food Programme", role="Lead UN entity", acronym="WFP"),
            Party(name="United Nations Children's Fund", role="UN entity", acronym="UNICEF"),
            Party(name=PARTNER, role="Private partner"),
            Party(name="Lodwar Cold Chain Co.", role="Private partner"),
        ],
    )
    assert rendering.fill("{{ un_entity }} with {{ partner }}", document) == (
        "WFP with Rift Valley Haulage Ltd and Lodwar Cold Chain Co."
    )


# --- Uploaded templates are filled in a sandbox, and tried before they are accepted ----------


def test_a_template_reaching_for_python_internals_is_refused():
    # Without the sandbox, {{ title.__class__.__mro__ }} leads to every class in the server
    # process, and from there to running commands.
    problems = rendering.check_template_docx(
        docx_with(*LEGAL_OFFICE_TEMPLATE, "{{ title.__class__.__mro__ }}")
    )
    assert len(problems) == 1
    assert problems[0].startswith("The template could not be filled with a sample agreement")
    assert "unsafe" in problems[0]


def test_even_a_template_already_stored_cannot_reach_them():
    data = docx_with(*LEGAL_OFFICE_TEMPLATE, "{{ title.__class__.__mro__ }}")
    with pytest.raises(jinja2.exceptions.SecurityError):
        rendering.render_docx(demo_document("mou", "en"), template_docx=data)


def test_a_template_including_another_file_is_refused_in_words():
    problems = rendering.check_template_docx(
        docx_with(*LEGAL_OFFICE_TEMPLATE, "{% include 'letterhead.docx' %}")
    )
    assert problems == [
        "The template could not be filled with a sample agreement: a template cannot include, "
        "import or extend another file."
    ]


@pytest.mark.parametrize(
    "placeholder", ["{{ labels.signatur }}", "{{ title.nope.deeper }}", "{{ parties.0.ceo }}"]
)
def test_a_template_naming_something_that_does_not_exist_is_refused(placeholder):
    problems = rendering.check_template_docx(docx_with(*LEGAL_OFFICE_TEMPLATE, placeholder))
    assert len(problems) == 1 and "has no attribute" in problems[0]


def test_a_template_using_every_list_is_accepted():
    assert (
        rendering.check_template_docx(
            docx_with(
                *LEGAL_OFFICE_TEMPLATE,
                "{% for c in contributions %}{{ c.contributor }} {{ c.amount }}{% endfor %}",
                "{% for k in kpis %}{{ k.name }}: {{ k.targets }}{% endfor %}",
                "{% for d in deviations %}{{ d.heading }} {{ d.reason }}{% endfor %}",
                "{{ labels.signatures }} {{ title|upper }} {% if summary %}{{ summary }}{% endif %}",
            )
        )
        == []
    )


def test_the_problems_are_given_as_codes_for_translation():
    problems = rendering.template_problems(docx_with("{{ fees }}"))
    assert [(p.code, p.name) for p in problems] == [
        ("unknown", "fees"),
        ("missing", "clauses"),
        ("missing", "parties"),
        ("missing", "title"),
    ]


# --- Clause texts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("Notice to {{ partner } within thirty days.", ["{{ partner } within thirty days."]),
        ("{{ partner|upper }} shall", ["{{ partner|upper }}"]),
        ("{% if partner %}x{% endif %}", ["{% if partner %}", "{% endif %}"]),
        ("ends on {{ ends_on }} }}", ["}}"]),
        ("{{ un_entity }} and {{ partner }} agree; 100% {braces} are fine.", []),
    ],
)
def test_malformed_placeholders_are_found(text, pieces):
    assert rendering.malformed_placeholders(text) == pieces


def test_a_partner_name_ending_in_a_full_stop_does_not_end_the_sentence_twice():
    document = demo_document(
        "mou",
        "en",
        parties=[
            Party(name="World Food Programme", role="UN entity", acronym="WFP"),
            Party(name="Nile Hibiscus Traders Co.", role="Private partner"),
        ],
    )
    assert rendering.fill("competitors of {{ partner }}.", document) == (
        "competitors of Nile Hibiscus Traders Co."
    )
    assert rendering.fill("{{ partner }} shall", document) == "Nile Hibiscus Traders Co. shall"


def test_arabic_lists_are_separated_with_the_arabic_comma():
    document = demo_document("mou", "ar", countries=["كينيا", "السودان"])
    assert rendering.fill("{{ countries }}", document) == "كينيا، السودان"
    assert rendering.fill("{{ countries }}", dataclasses.replace(document, language="en")) == (
        "كينيا, السودان"
    )


def test_latin_names_in_an_arabic_pdf_keep_their_own_direction():
    # WeasyPrint lays out "Traders Co." in a right-to-left cell as ".Traders Co" unless the
    # name is set left to right; it does not support dir="auto".
    name = "Nile Hibiscus Traders Co."
    document = demo_document(
        "mou",
        "ar",
        parties=[
            Party(name="برنامج الأغذية العالمي", role="كيان", acronym="WFP"),
            Party(name=name, role="شريك من القطاع الخاص"),
        ],
    )
    assert f'<span dir="ltr">{name}</span>' in rendering.render_html(document)
    assert name in pdf_text(rendering.render_pdf(document))
    assert "برنامج الأغذية العالمي" in rendering.render_html(document)
    assert '<span dir="ltr">برنامج' not in rendering.render_html(document)


def test_text_direction():
    assert rendering.text_direction("  (2026) Nile") == "ltr"
    assert rendering.text_direction("31 ديسمبر 2031: 250,000 SDG") == "rtl"
    assert rendering.text_direction("600.00") == ""


def test_french_writes_the_first_of_the_month_1er():
    assert rendering.long_date(datetime.date(2027, 1, 1), "fr") == "1er janvier 2027"
    assert rendering.long_date(datetime.date(2027, 1, 11), "fr") == "11 janvier 2027"
    assert rendering.long_date(datetime.date(2027, 1, 1), "en") == "1 January 2027"
