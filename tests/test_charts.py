"""The platform's line chart (terreau/charts.py), as the barometers use it:
a fixed axis, figures missing in some waves, a unit after the end label."""

from xml.etree import ElementTree

from terreau import charts

SVG = "{http://www.w3.org/2000/svg}"


def test_a_missing_figure_is_skipped_and_the_end_label_shows_the_last_one():
    svg = charts.line_chart(
        chart_id="w", title="Shares", description="d", x_labels=["Spring", "Autumn", "Winter"],
        series=[charts.Series("1", [40.0, None, 55.5]), charts.Series("2", [None, None, None])],
        top=100, label_every=1, unit=" %",
    )
    root = ElementTree.fromstring(str(svg))
    first, empty = root.findall(f"{SVG}g")
    assert len(first.find(f"{SVG}polyline").get("points").split()) == 2
    assert empty.find(f"{SVG}polyline").get("points") == ""
    labels = [t.text for t in root.findall(f"{SVG}text") if t.get("class") == "end-label"]
    assert labels == ["1 55.5 %"]  # a series without any figure has no end label
    # A fixed top: 0, 25, 50, 75, 100 on the axis, every wave named.
    texts = [t.text for t in root.findall(f"{SVG}text")]
    assert [t for t in texts if t in {"0", "25", "50", "75", "100"}] == ["0", "25", "50", "75", "100"]
    assert {"Spring", "Autumn", "Winter"} <= set(texts)


def test_without_a_fixed_top_the_axis_rounds_above_the_largest_figure():
    assert charts.nice_maximum(2.5) == (3, 1)
    assert charts.nice_maximum(0) == (4, 1)
    assert charts.nice_maximum(393) == (400, 100)
