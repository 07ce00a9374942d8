"""Server-rendered SVG charts (plain Python, no Django).

Each function returns an SVG document as a string, safe to insert into an HTML page: every
piece of text is escaped here. Charts are images for the eye (`role="img"` with a `<title>` and
a `<desc>` for screen readers); the table printed next to each chart carries the same figures.

With `rtl=True` a chart is mirrored for right-to-left languages: labels sit on the right,
bars grow leftwards and years run from right to left. Text elements get `direction="rtl"`,
under which SVG's `text-anchor="start"` means the right-hand end of the text, so the same
anchors keep labels next to their bars in both directions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

DEFAULT_COLOUR = "#0d6efd"
# Colours for the parts of a stacked bar, in order (Bootstrap's primary, warning, success,
# danger, info and secondary): distinguishable and each with a text label in the legend.
PART_COLOURS = ("#0d6efd", "#ffc107", "#198754", "#dc3545", "#0dcaf0", "#6c757d")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
FONT = 'font-family="system-ui, -apple-system, \'Segoe UI\', Roboto, sans-serif" font-size="12"'


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str = DEFAULT_COLOUR
    # Printed instead of the value when given (e.g. "12 (40%)").
    value_label: str | None = None


def _text(value: object) -> str:
    return escape(str(value), quote=True)


def _colour(colour: str) -> str:
    return colour if _COLOUR.match(colour) else DEFAULT_COLOUR


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _truncate(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _open(chart_id: str, width: int, height: int, title: str, description: str, rtl: bool) -> str:
    ident = _text(chart_id)
    direction = ' direction="rtl"' if rtl else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ph-chart" role="img" '
        f'width="100%" viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{ident}-title {ident}-desc"{direction} {FONT}>'
        f'<title id="{ident}-title">{_text(title)}</title>'
        f'<desc id="{ident}-desc">{_text(description)}</desc>'
    )


def _label(x: float, y: float, text: str, anchor: str, rtl: bool, extra: str = "") -> str:
    direction = ' direction="rtl"' if rtl else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{direction}'
        f' dominant-baseline="middle" fill="currentColor"{extra}>{_text(text)}</text>'
    )


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str,
    rtl: bool = False,
    width: int = 640,
    label_width: int = 200,
) -> str:
    """Horizontal bars, one per row, each labelled and with its value printed at its end.
    Bar lengths are proportional to the values (the longest bar fills the plotting area)."""
    row_height, bar_height, top, value_room = 26, 18, 6, 70
    height = top * 2 + row_height * max(len(bars), 1)
    plot_width = width - label_width - value_room
    largest = max((bar.value for bar in bars), default=0) or 1
    parts = [_open(chart_id, width, height, title, description, rtl)]
    for index, bar in enumerate(bars):
        y = top + index * row_height
        middle = y + row_height / 2
        length = plot_width * max(bar.value, 0) / largest
        if rtl:
            origin = width - label_width
            bar_x = origin - length
            label_x, value_x = origin + 8, bar_x - 4
        else:
            origin = label_width
            bar_x = origin
            label_x, value_x = origin - 8, origin + length + 4
        shown = bar.value_label if bar.value_label is not None else _number(bar.value)
        parts.append('<g class="ph-bar">')
        parts.append(f"<title>{_text(bar.label)}: {_text(shown)}</title>")
        parts.append(_label(label_x, middle, _truncate(bar.label, 30), "end", rtl))
        parts.append(
            f'<rect x="{bar_x:.1f}" y="{y + (row_height - bar_height) / 2:.1f}" '
            f'width="{length:.1f}" height="{bar_height}" fill="{_colour(bar.colour)}"/>'
        )
        parts.append(_label(value_x, middle, shown, "start", rtl, ' class="ph-value"'))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def share_bar(
    parts: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str,
    rtl: bool = False,
    width: int = 640,
) -> str:
    """One bar split into parts proportional to their values (a 100% stacked bar), with a
    legend giving each part's label, count and percentage. Colours come from PART_COLOURS
    unless a part names its own."""
    bar_top, bar_height, legend_row = 4, 28, 22
    height = bar_top + bar_height + 10 + legend_row * max(len(parts), 1)
    total = sum(max(part.value, 0) for part in parts)
    svg = [_open(chart_id, width, height, title, description, rtl)]
    cursor = float(width) if rtl else 0.0
    for index, part in enumerate(parts):
        colour = part.colour if part.colour != DEFAULT_COLOUR else PART_COLOURS[index % 6]
        length = width * max(part.value, 0) / total if total else 0.0
        x = cursor - length if rtl else cursor
        cursor = x if rtl else cursor + length
        percent = f"{100 * part.value / total:.1f}%" if total else "—"
        shown = part.value_label if part.value_label is not None else _number(part.value)
        legend_y = bar_top + bar_height + 10 + index * legend_row + legend_row / 2
        swatch_x = width - 14 if rtl else 0
        text_x = width - 20 if rtl else 20
        svg.append('<g class="ph-part">')
        svg.append(f"<title>{_text(part.label)}: {_text(shown)} ({percent})</title>")
        svg.append(
            f'<rect x="{x:.1f}" y="{bar_top}" width="{length:.1f}" height="{bar_height}" '
            f'fill="{_colour(colour)}"/>'
        )
        svg.append(
            f'<rect x="{swatch_x}" y="{legend_y - 6:.1f}" width="12" height="12" '
            f'fill="{_colour(colour)}"/>'
        )
        svg.append(_label(text_x, legend_y, f"{part.label}: {shown} ({percent})", "start", rtl))
        svg.append("</g>")
    svg.append("</svg>")
    return "".join(svg)


def column_chart(
    points: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str,
    rtl: bool = False,
    width: int = 640,
    height: int = 220,
) -> str:
    """Vertical columns in the order given (years, oldest first; mirrored when rtl), each
    with its value above and its label below. Heights are proportional to the values."""
    top, bottom, side = 18, 22, 8
    plot_height = height - top - bottom
    count = max(len(points), 1)
    slot = (width - 2 * side) / count
    column = min(slot * 0.7, 60)
    largest = max((point.value for point in points), default=0) or 1
    svg = [_open(chart_id, width, height, title, description, rtl)]
    baseline = top + plot_height
    svg.append(
        f'<line x1="{side}" y1="{baseline}" x2="{width - side}" y2="{baseline}" '
        'stroke="#6c757d" stroke-width="1"/>'
    )
    for index, point in enumerate(points):
        position = count - 1 - index if rtl else index
        centre = side + slot * position + slot / 2
        column_height = plot_height * max(point.value, 0) / largest
        shown = point.value_label if point.value_label is not None else _number(point.value)
        svg.append('<g class="ph-column">')
        svg.append(f"<title>{_text(point.label)}: {_text(shown)}</title>")
        svg.append(
            f'<rect x="{centre - column / 2:.1f}" y="{baseline - column_height:.1f}" '
            f'width="{column:.1f}" height="{column_height:.1f}" fill="{_colour(point.colour)}"/>'
        )
        svg.append(
            _label(centre, baseline - column_height - 8, shown, "middle", rtl, ' class="ph-value"')
        )
        svg.append(_label(centre, baseline + 12, _truncate(point.label, 12), "middle", rtl))
        svg.append("</g>")
    svg.append("</svg>")
    return "".join(svg)
