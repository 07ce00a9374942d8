"""Readable text on coloured backgrounds (WCAG 2 contrast), e.g. on the official SDG colours."""

from __future__ import annotations


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.03928 else ((srgb + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    """Relative luminance of "#RRGGBB" (WCAG 2.x definition)."""
    code = hex_colour.lstrip("#")
    if len(code) != 6:
        raise ValueError(f"not a #RRGGBB colour: {hex_colour!r}")
    red, green, blue = (int(code[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with the background."""
    return "#000" if contrast(background, "#000000") >= contrast(background, "#ffffff") else "#fff"
