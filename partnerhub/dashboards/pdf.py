"""Prints the system-wide report's HTML as PDF with WeasyPrint (plain Python, no Django).

The HTML comes from the report's print template; this module only turns it into PDF, as the
agreement desk does (agreements/rendering.py): DejaVu Sans, which covers Latin, Cyrillic and
Arabic, and page numbers in the page margin set by the template's @page rule. The charts' SVG
text is shaped and put in visual order first (svgtext.py), since WeasyPrint draws SVG text one
character at a time.
"""

from __future__ import annotations

from partnerhub.dashboards.svgtext import printable_svg_text


def render_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which pages that never print need not pay.
    from weasyprint import HTML

    pdf = HTML(string=printable_svg_text(html)).write_pdf()
    assert pdf is not None  # write_pdf returns bytes when given no target
    return bytes(pdf)
