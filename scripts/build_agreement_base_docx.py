"""Builds partnerhub/agreements/data/base_agreement.docx, the built-in layout of generated
agreements: a docxtpl template whose placeholders are rendering.CONTEXT_VARIABLES.

    .venv/bin/python scripts/build_agreement_base_docx.py

Run it again after changing the layout here, and commit the .docx it writes."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Pt
from docx.table import Table

OUTPUT = Path(__file__).resolve().parent.parent / "partnerhub/agreements/data/base_agreement.docx"


def _table(document, headers: list[str], loop: str, cells: list[str]) -> Table:
    """A table with a header row and one row repeated by docxtpl's {%tr %} loop."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    table.rows[1].cells[0].text = "{%tr " + loop + " %}"
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    return table


def build() -> None:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    if "Signature Line" not in [style.name for style in document.styles]:
        document.styles.add_style("Signature Line", WD_STYLE_TYPE.PARAGRAPH).base_style = normal

    document.add_heading("{{ template_title }}", level=0)
    document.add_paragraph("{{ title }}", style="Subtitle")
    document.add_paragraph(
        "{{ labels.reference }}: {{ reference }} · {{ labels.template }} "
        "({{ labels.version }} {{ template_version }}) · "
        "{{ labels.generated_on }} {{ generated_on }}"
    )
    document.add_paragraph("{%p if summary %}")
    document.add_paragraph("{{ summary }}")
    document.add_paragraph("{%p endif %}")

    document.add_heading("{{ labels.parties }}", level=1)
    _table(
        document,
        ["{{ labels.party }}", "{{ labels.role }}", "{{ labels.country }}"],
        "for party in parties",
        ["{{ party.name }}", "{{ party.role }}", "{{ party.country }}"],
    )

    document.add_heading("{{ labels.duration }}", level=1)
    document.add_paragraph(
        "{{ labels.starts_on }}: {{ starts_on }} · {{ labels.ends_on }}: {{ ends_on }}"
    )
    document.add_paragraph("{{ labels.countries }}: {{ countries }}")
    document.add_paragraph("{{ labels.sdgs }}: {{ sdgs }}")

    document.add_heading("{{ labels.contributions }}", level=1)
    document.add_paragraph("{%p if contributions %}")
    _table(
        document,
        [
            "{{ labels.contributor }}",
            "{{ labels.kind }}",
            "{{ labels.amount }}",
            "{{ labels.unit }}",
        ],
        "for line in contributions",
        ["{{ line.contributor }}", "{{ line.kind }}", "{{ line.amount }}", "{{ line.unit }}"],
    )
    document.add_paragraph("{%p else %}")
    document.add_paragraph("{{ labels.none }}")
    document.add_paragraph("{%p endif %}")

    document.add_heading("{{ labels.kpis }}", level=1)
    document.add_paragraph("{%p if kpis %}")
    _table(
        document,
        ["{{ labels.kpi }}", "{{ labels.level }}", "{{ labels.baseline }}", "{{ labels.targets }}"],
        "for kpi in kpis",
        ["{{ kpi.name }}", "{{ kpi.level }}", "{{ kpi.baseline }}", "{{ kpi.targets }}"],
    )
    document.add_paragraph("{%p else %}")
    document.add_paragraph("{{ labels.none }}")
    document.add_paragraph("{%p endif %}")

    document.add_heading("{{ labels.clauses }}", level=1)
    document.add_paragraph("{%p for clause in clauses %}")
    document.add_heading("{{ clause.number }}. {{ clause.heading }}", level=2)
    document.add_paragraph("{%p for paragraph in clause.paragraphs %}")
    document.add_paragraph("{{ paragraph }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p if clause.deviates %}")
    note = document.add_paragraph().add_run("{{ labels.deviates_note }}")
    note.italic = True
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")

    document.add_heading("{{ labels.signatures }}", level=1)
    document.add_paragraph("{%p for party in parties %}")
    document.add_paragraph().add_run("{{ labels.for_party }} {{ party.name }}").bold = True
    for label in ("signature", "name_and_title", "date"):
        document.add_paragraph(
            "{{ labels." + label + " }}: ____________________________", style="Signature Line"
        )
    document.add_paragraph("{%p endfor %}")

    document.add_paragraph("{%p if deviations %}")
    document.add_heading("{{ labels.deviations }}", level=1)
    document.add_paragraph("{%p for deviation in deviations %}")
    document.add_heading("{{ deviation.number }}. {{ deviation.heading }}", level=2)
    document.add_paragraph("{{r deviation.redline }}")
    document.add_paragraph("{%p if deviation.reason %}")
    document.add_paragraph("{{ labels.reason }}: {{ deviation.reason }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endif %}")

    footer = section.footer.paragraphs[0]
    footer.text = "{{ reference }} · {{ title }}"
    document.core_properties.title = "partnerhub standard agreement layout"
    document.core_properties.author = "partnerhub"
    document.save(OUTPUT)
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    build()
