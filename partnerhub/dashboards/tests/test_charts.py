"""SVG charts: well-formed, accessible, proportional, escaped and mirrored for Arabic."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from partnerhub.dashboards import charts

NS = {"svg": "http://www.w3.org/2000/svg"}


def _parse(svg: str) -> ET.Element:
    # The SVG is the module's own output, not untrusted input.
    return ET.fromstring(svg)  # noqa: S314


def _bars(root: ET.Element) -> list[ET.Element]:
    return root.findall("svg:g/svg:rect", NS)


def _chart(rtl: bool = False) -> ET.Element:
    return _parse(
        charts.bar_chart(
            [charts.Bar("Kenya", 40), charts.Bar("Sudan", 10), charts.Bar("Jordan", 20)],
            chart_id="chart-test",
            title="Partnerships by country",
            description="One bar per country",
            rtl=rtl,
        )
    )


def test_a_bar_chart_is_an_accessible_image():
    root = _chart()
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-test-title chart-test-desc"
    assert root.find("svg:title", NS).text == "Partnerships by country"
    assert root.find("svg:title", NS).get("id") == "chart-test-title"
    assert root.find("svg:desc", NS).text == "One bar per country"


def test_bar_lengths_are_proportional_to_the_values():
    widths = [float(rect.get("width")) for rect in _bars(_chart())]
    assert len(widths) == 3
    # 40 : 10 : 20
    assert widths[1] / widths[0] == pytest.approx(0.25, abs=0.01)
    assert widths[2] / widths[0] == pytest.approx(0.5, abs=0.01)


def test_each_bar_is_labelled_and_its_value_printed():
    root = _chart()
    texts = [[t.text for t in g.findall("svg:text", NS)] for g in root.findall("svg:g", NS)]
    assert texts == [["Kenya", "40"], ["Sudan", "10"], ["Jordan", "20"]]
    assert root.find("svg:g/svg:title", NS).text == "Kenya: 40"


def test_left_to_right_bars_start_after_the_labels():
    root = _chart()
    for group in root.findall("svg:g", NS):
        label, value = group.findall("svg:text", NS)
        rect = group.find("svg:rect", NS)
        assert float(label.get("x")) < float(rect.get("x"))
        assert label.get("text-anchor") == "end"
        assert float(value.get("x")) >= float(rect.get("x")) + float(rect.get("width"))


def test_right_to_left_bars_are_mirrored():
    root = _chart(rtl=True)
    assert root.get("direction") == "rtl"
    ends = set()
    for group in root.findall("svg:g", NS):
        label, value = group.findall("svg:text", NS)
        rect = group.find("svg:rect", NS)
        right = float(rect.get("x")) + float(rect.get("width"))
        ends.add(round(right, 1))
        # Labels on the right of the bars, values on their left, text laid out right to left.
        assert float(label.get("x")) > right
        assert float(value.get("x")) < float(rect.get("x"))
        assert label.get("direction") == "rtl"
    # Every bar grows leftwards from the same origin.
    assert len(ends) == 1


def test_text_is_escaped():
    svg = charts.bar_chart(
        [charts.Bar('<script>alert("x")</script> & Co', 3)],
        chart_id='x" onload="alert(1)',
        title="A & B <c>",
        description="d",
    )
    assert "<script>" not in svg
    root = _parse(svg)
    assert root.find("svg:title", NS).text == "A & B <c>"
    assert "onload" not in root.attrib
    label = root.find("svg:g/svg:text", NS).text
    assert label.startswith("<script>")


def test_an_unsafe_colour_falls_back_to_the_default():
    svg = charts.bar_chart(
        [charts.Bar("a", 1, colour='red" onclick="x')], chart_id="c", title="t", description="d"
    )
    assert _bars(_parse(svg))[0].get("fill") == charts.DEFAULT_COLOUR


def test_long_labels_are_shortened_but_kept_whole_in_the_tooltip():
    name = "Strategic social investment and philanthropy partnerships"
    root = _parse(charts.bar_chart([charts.Bar(name, 1)], chart_id="c", title="t", description="d"))
    assert root.find("svg:g/svg:text", NS).text.endswith("…")
    assert root.find("svg:g/svg:title", NS).text == f"{name}: 1"


def test_a_share_bar_splits_the_width_by_value():
    root = _parse(
        charts.share_bar(
            [charts.Bar("Evaluated", 1), charts.Bar("Not evaluated", 3)],
            chart_id="share",
            title="Share evaluated",
            description="1 of 4",
            width=400,
        )
    )
    parts = root.findall("svg:g", NS)
    segments = [group.findall("svg:rect", NS)[0] for group in parts]
    # 1 : 3 of 400 pixels, side by side from the left.
    assert [float(s.get("width")) for s in segments] == [100.0, 300.0]
    assert [float(s.get("x")) for s in segments] == [0.0, 100.0]
    legends = [group.find("svg:text", NS).text for group in parts]
    assert legends == ["Evaluated: 1 (25.0%)", "Not evaluated: 3 (75.0%)"]


def test_a_share_bar_starts_from_the_right_in_arabic():
    root = _parse(
        charts.share_bar(
            [charts.Bar("نعم", 1), charts.Bar("لا", 3)],
            chart_id="share",
            title="t",
            description="d",
            width=400,
            rtl=True,
        )
    )
    segments = [g.findall("svg:rect", NS)[0] for g in root.findall("svg:g", NS)]
    assert [float(s.get("x")) for s in segments] == [300.0, 0.0]


def test_a_column_chart_has_heights_proportional_and_years_in_order():
    points = [charts.Bar("2021", 1), charts.Bar("2022", 0), charts.Bar("2023", 4)]
    root = _parse(charts.column_chart(points, chart_id="trend", title="t", description="d"))
    groups = root.findall("svg:g", NS)
    heights = [float(g.find("svg:rect", NS).get("height")) for g in groups]
    assert heights[1] == 0
    assert heights[0] / heights[2] == pytest.approx(0.25, abs=0.01)
    xs = [float(g.find("svg:rect", NS).get("x")) for g in groups]
    assert xs == sorted(xs)
    rtl = _parse(charts.column_chart(points, chart_id="t", title="t", description="d", rtl=True))
    rtl_xs = [float(g.find("svg:rect", NS).get("x")) for g in rtl.findall("svg:g", NS)]
    assert rtl_xs == sorted(rtl_xs, reverse=True)


def test_an_empty_chart_is_still_a_valid_image():
    root = _parse(charts.bar_chart([], chart_id="e", title="t", description="d"))
    assert root.get("role") == "img"
    assert _bars(root) == []
