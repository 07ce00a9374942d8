"""Arabic in SVG charts printed by WeasyPrint (plain Python, no Django).

Browsers shape and reorder the text of an SVG chart themselves. WeasyPrint's SVG renderer does
not: it draws a <text> one character at a time from left to right, so an Arabic label would
come out in isolated letters and backwards in the PDF. Before printing, `printable_svg_text`
therefore rewrites the text of every <text> element: Arabic letters become their contextual
presentation forms (initial, medial, final, isolated, and the lam-alef ligatures), read from
the Unicode database, and the characters are put in visual order, left to right.

The reordering is a reduced form of the Unicode bidirectional algorithm that is enough for
chart labels (one line, no embeddings): strong left-to-right characters and digits form
left-to-right runs, Arabic and Hebrew form right-to-left runs, and neutral characters (spaces,
punctuation) join a run of the same direction on both sides, else take the text's base
direction (`direction="rtl"` on the element, as charts.py writes in right-to-left pages).
"""

from __future__ import annotations

import html
import re
import unicodedata

_FORM = re.compile(r"<(isolated|final|initial|medial)> ([0-9A-F]{4,5})(?: ([0-9A-F]{4,5}))?$")
LAM = "\u0644"
ALEFS = frozenset("\u0622\u0623\u0625\u0627")
# Join on both sides without changing shape: the tatweel and the zero-width joiner.
JOIN_CAUSING = frozenset("\u0640\u200d")
MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def _presentation_forms() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    letters: dict[str, dict[str, str]] = {}
    lam_alef: dict[str, dict[str, str]] = {}
    # Presentation Forms-B (the basic Arabic letters) first, then Forms-A (letters of other
    # languages written in Arabic script) for what B lacks.
    for code in [*range(0xFE70, 0xFF00), *range(0xFB50, 0xFE00)]:
        match = _FORM.match(unicodedata.decomposition(chr(code)))
        if match is None:
            continue
        form, first, second = match.group(1), chr(int(match.group(2), 16)), match.group(3)
        if unicodedata.category(first) != "Lo":
            continue
        if second is None:
            letters.setdefault(first, {}).setdefault(form, chr(code))
        elif first == LAM and chr(int(second, 16)) in ALEFS:
            lam_alef.setdefault(chr(int(second, 16)), {}).setdefault(form, chr(code))
    return letters, lam_alef


FORMS, LAM_ALEF = _presentation_forms()


def _joins_next(char: str) -> bool:
    forms = FORMS.get(char, {})
    return char in JOIN_CAUSING or "initial" in forms or "medial" in forms


def _joins_previous(char: str) -> bool:
    return char in JOIN_CAUSING or "final" in FORMS.get(char, {})


def _neighbour(text: str, index: int, step: int) -> str | None:
    """The nearest character before (step -1) or after (step 1), skipping combining marks."""
    index += step
    while 0 <= index < len(text):
        if unicodedata.category(text[index]) != "Mn":
            return text[index]
        index += step
    return None


def shape(text: str) -> str:
    """Arabic letters replaced by their contextual presentation forms (logical order kept)."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char not in FORMS:
            out.append(char)
            index += 1
            continue
        previous = _neighbour(text, index, -1)
        following = _neighbour(text, index, 1)
        joined_before = previous is not None and _joins_next(previous) and _joins_previous(char)
        if char == LAM and following in LAM_ALEF and index + 1 < len(text):
            ligature = LAM_ALEF[following]
            out.append(ligature.get("final" if joined_before else "isolated", char + following))
            index += 2
            continue
        joined_after = following is not None and _joins_previous(following) and _joins_next(char)
        wanted: tuple[str, ...]
        if joined_before and joined_after:
            wanted = ("medial", "final", "isolated")
        elif joined_before:
            wanted = ("final", "isolated")
        elif joined_after:
            wanted = ("initial", "isolated")
        else:
            wanted = ("isolated",)
        forms = FORMS[char]
        out.append(next((forms[form] for form in wanted if form in forms), char))
        index += 1
    return "".join(out)


def _direction(char: str) -> str:
    """ "L", "R" or "N" (neutral) for the reduced reordering."""
    kind = unicodedata.bidirectional(char)
    if kind in ("R", "AL"):
        return "R"
    if kind in ("L", "EN", "AN"):
        return "L"
    return "N"


def visual_order(text: str, *, rtl: bool) -> str:
    """`text` (one line, logical order) as it reads from left to right on the page."""
    kinds = [_direction(char) for char in text]
    if "R" not in kinds:
        return text
    base = "R" if rtl else "L"
    for index, kind in enumerate(kinds):
        if kind != "N":
            continue
        before = next((k for k in reversed(kinds[:index]) if k != "N"), base)
        after = next((k for k in kinds[index + 1 :] if k != "N"), base)
        kinds[index] = before if before == after else base
    runs: list[tuple[str, str]] = []
    for char, kind in zip(text, kinds, strict=True):
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + char)
        else:
            runs.append((kind, char))
    pieces = [run[::-1].translate(MIRRORED) if kind == "R" else run for kind, run in runs]
    return "".join(reversed(pieces) if rtl else pieces)


_TEXT_ELEMENT = re.compile(r"(<text\b[^>]*>)([^<]*)(</text>)")


def printable_svg_text(markup: str) -> str:
    """Every SVG <text> in `markup` (an HTML page or an SVG) shaped and in visual order."""

    def rewrite(match: re.Match[str]) -> str:
        opening, content, closing = match.groups()
        rtl = 'direction="rtl"' in opening
        text = visual_order(shape(html.unescape(content)), rtl=rtl)
        return opening + html.escape(text, quote=False) + closing

    return _TEXT_ELEMENT.sub(rewrite, markup)
