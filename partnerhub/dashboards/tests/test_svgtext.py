"""Arabic shaping and visual order for the SVG text WeasyPrint prints (svgtext.py)."""

from __future__ import annotations

from partnerhub.dashboards.svgtext import printable_svg_text, shape, visual_order


def test_it_shapes_letters_by_their_position():
    # alef (isolated: it never joins the next letter), lam (initial), sin (medial),
    # lam-alef (final ligature), mim (isolated: after an alef).
    assert shape("السلام") == "\ufe8d\ufedf\ufeb4\ufefc\ufee1"


def test_it_shapes_a_single_letter_and_leaves_latin_alone():
    assert shape("ب") == "\ufe8f"
    assert shape("WFP 2026") == "WFP 2026"


def test_it_joins_across_combining_marks():
    # beh with a fatha, then beh: the first is initial, the second final.
    assert shape("بَب") == "\ufe91\u064e\ufe90"


def test_it_puts_right_to_left_text_in_visual_order():
    assert visual_order("abc", rtl=True) == "abc"
    assert visual_order("ابت", rtl=True) == "تبا"
    # Digits keep their order inside right-to-left text.
    assert visual_order("ابت 12", rtl=True) == "12 تبا"
    assert visual_order("WFP ابت", rtl=False) == "WFP تبا"


def test_it_mirrors_brackets_in_right_to_left_runs():
    assert visual_order("(اب)", rtl=True) == "(با)"


def test_it_rewrites_only_svg_text_elements():
    markup = (
        "<p>أفريقيا</p><svg><title>أفريقيا</title>"
        '<text x="1" direction="rtl">أفريقيا &amp; 3</text><text>WFP</text></svg>'
    )
    printed = printable_svg_text(markup)
    assert printed.startswith("<p>أفريقيا</p><svg><title>أفريقيا</title>")
    assert (
        '<text x="1" direction="rtl">3 &amp; \ufe8e\ufef4\ufed8\ufef3\ufeae\ufed3\ufe83</text>'
        in printed
    )
    assert "<text>WFP</text>" in printed
