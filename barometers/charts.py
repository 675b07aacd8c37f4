"""Server-rendered SVG charts of barometer results: no script, no inline
style (the CSP forbids it), sizes as SVG attributes. A wave's bars are
`aria-hidden` decoration beside their table, which is what assistive
technologies read; the comparison across waves is the platform's line chart
(terreau/charts.py), an image with a title and a description."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from terreau import charts as drawing

BAR_WIDTH = 300  # the bars' area, in SVG units
ROW = 26
LABEL = 150
BAR_COLOUR = "#2f6b3a"


def bar_chart(bars) -> SafeString:
    """Horizontal bars, one per choice or scale value, with its share."""
    height = ROW * len(bars) + 4
    width = LABEL + BAR_WIDTH + 60
    parts = [format_html('<svg class="barometer-chart" viewBox="0 0 {} {}" width="100%" '
                         'aria-hidden="true" focusable="false">', width, height)]
    for i, bar in enumerate(bars):
        y = 2 + i * ROW
        label = bar.label if len(bar.label) <= 24 else bar.label[:23] + "…"
        parts.append(format_html(
            '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="currentColor">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" rx="2"></rect>'
            '<text x="{}" y="{}" font-size="12" fill="currentColor">{} %</text>',
            LABEL - 6, y + 16, label, LABEL, y + 3, round(BAR_WIDTH * bar.share / 100, 1),
            ROW - 8, BAR_COLOUR, LABEL + round(BAR_WIDTH * bar.share / 100, 1) + 6, y + 16,
            bar.share))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def wave_charts(wave_labels: list[str], indicators) -> list[SafeString]:
    """The indicators across waves, drawn by terreau/charts.py: one chart for
    the shares (0–100 %) and one for the scales' means (1–5), never both on
    one axis. Each line ends with its indicator's number and last figure;
    the page's table, right after, gives each number's indicator and every
    figure. `indicators`: [(label, unit, points)], unit "%" or "mean"."""
    numbered = list(enumerate(indicators, start=1))
    every = 1 if len(wave_labels) <= 4 else 2
    result = []
    for unit, top, title, suffix in (
        ("%", 100, _("Shares of the answers, wave by wave"), " %"),
        ("mean", 5, _("Means of the scales (1 to 5), wave by wave"), ""),
    ):
        series = [drawing.Series(name=str(n), values=list(points))
                  for n, (_label, kind, points) in numbered if kind == unit]
        if not series:
            continue
        result.append(drawing.line_chart(
            chart_id=f"waves-{'means' if unit == 'mean' else 'shares'}", title=title,
            description=_("One line per indicator, named by its number in the table below, "
                          "which gives every figure."),
            x_labels=wave_labels, series=series, top=top, label_every=every, unit=suffix,
        ))
    return result
