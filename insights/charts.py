"""Server-rendered SVG line charts: no JavaScript, no CDN, readable without colour.

Each series gets its own line style (solid, dashed, dotted), its own marker
(circle, square, triangle) and a label written at the end of its line, so
nothing depends on telling colours apart. The chart is an image for
assistive technologies (role="img" with <title> and <desc>); the page puts
the same figures in a real table beside it. The viewBox scales the drawing to
any width, a 390px phone included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from communities.models import Circle

WIDTH, HEIGHT = 400, 250
LEFT, RIGHT, TOP, BOTTOM = 34, 72, 14, 34  # RIGHT: the least room for the end labels
FONT_SIZE = 12
# A bold character's width, in ems, on the wide side: an end label is given
# this much room, so it is never cut off at the drawing's right edge.
CHAR_WIDTH = 0.64
LABEL_GAP = 14  # smallest vertical distance between two end labels


@dataclass(frozen=True)
class Style:
    dash: str  # stroke-dasharray, "" for a solid line
    width: float
    marker: str  # circle, square, triangle
    colour: str


# Outermost circle first, like the series given to `line_chart`.
STYLES = (
    Style(dash="2 4", width=2, marker="triangle", colour="#6b5d00"),
    Style(dash="8 4", width=2.5, marker="square", colour="#00617a"),
    Style(dash="", width=3, marker="circle", colour="#1f5f2c"),
)


@dataclass(frozen=True)
class Series:
    name: str
    values: list[int]


def nice_maximum(value: int) -> tuple[int, int]:
    """A round top for the y axis and its tick step: (top, step), at most 5 steps."""
    if value <= 0:
        return 4, 1
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            top = -(-value // step) * step  # ceiling to the step
            if top // step <= 5:
                return top, step
        magnitude *= 10


def _marker(kind: str, x: float, y: float, colour: str) -> SafeString:
    if kind == "square":
        return format_html(
            '<rect x="{}" y="{}" width="7" height="7" fill="{}"/>',
            f"{x - 3.5:.1f}", f"{y - 3.5:.1f}", colour,
        )
    if kind == "triangle":
        points = f"{x:.1f},{y - 4.5:.1f} {x + 4.5:.1f},{y + 3.5:.1f} {x - 4.5:.1f},{y + 3.5:.1f}"
        return format_html('<polygon points="{}" fill="{}"/>', points, colour)
    return format_html(
        '<circle cx="{}" cy="{}" r="3.8" fill="#fff" stroke="{}" stroke-width="2"/>',
        f"{x:.1f}", f"{y:.1f}", colour,
    )


def _spread(positions: list[float], low: float, high: float) -> list[float]:
    """Move end labels apart so that none overlaps another, keeping their order."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [0.0] * len(positions)
    previous = None
    for i in order:
        y = max(positions[i], low)
        if previous is not None and y - previous < LABEL_GAP:
            y = previous + LABEL_GAP
        placed[i] = y
        previous = y
    overflow = previous - high if previous is not None else 0
    if overflow > 0:
        placed = [y - overflow for y in placed]
    return placed


def month_label(month: date) -> str:
    return formats.date_format(month, "M")


def line_chart(
    *, chart_id: str, title: str, description: str, months: list[date], series: list[Series]
) -> SafeString:
    """An SVG line chart of `series` over `months` (one value per month)."""
    # Room on the right for the longest end label ("Citoyen·ne·s 393"), so that
    # it fits at any width: the labels scale with the drawing.
    longest = max((len(f"{s.name} {s.values[-1]}") for s in series if s.values), default=0)
    right = max(RIGHT, round(longest * FONT_SIZE * CHAR_WIDTH) + 10)
    plot_w, plot_h = WIDTH - LEFT - right, HEIGHT - TOP - BOTTOM
    top, step = nice_maximum(max((max(s.values, default=0) for s in series), default=0))
    count = len(months)

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y(v: int) -> float:
        return TOP + plot_h - plot_h * v / top

    parts = [
        format_html(
            '<svg class="chart" id="{id}" viewBox="0 0 {w} {h}" role="img" '
            'aria-labelledby="{id}-title {id}-desc" preserveAspectRatio="xMidYMid meet" '
            'xmlns="http://www.w3.org/2000/svg" font-size="{size}">',
            id=chart_id, w=WIDTH, h=HEIGHT, size=FONT_SIZE,
        ),
        format_html('<title id="{}-title">{}</title>', chart_id, title),
        format_html('<desc id="{}-desc">{}</desc>', chart_id, description),
    ]
    # Horizontal grid and the y axis' figures.
    for tick in range(0, top + 1, step):
        parts.append(
            format_html(
                '<line x1="{x1}" x2="{x2}" y1="{y}" y2="{y}" stroke="#d0d0d0" stroke-width="1"/>'
                '<text x="{tx}" y="{ty}" text-anchor="end" fill="#333">{v}</text>',
                x1=LEFT, x2=LEFT + plot_w, y=f"{y(tick):.1f}", tx=LEFT - 5,
                ty=f"{y(tick) + 4:.1f}", v=tick,
            )
        )
    # Month names: every third month and the last, so they never collide on a phone.
    for i, month in enumerate(months):
        if i % 3 == (count - 1) % 3:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" fill="#333">{}</text>',
                    f"{x(i):.1f}", HEIGHT - BOTTOM + 16, month_label(month),
                )
            )
    parts.append(
        format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#333" stroke-width="1"/>',
            LEFT, LEFT + plot_w, f"{y(0):.1f}", f"{y(0):.1f}",
        )
    )
    ends = []
    for index, s in enumerate(series):
        style = STYLES[index % len(STYLES)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(s.values))
        parts.append(
            format_html(
                '<g class="series" data-series="{}">'
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="{}"{}/>',
                s.name, points, style.colour, style.width,
                format_html(' stroke-dasharray="{}"', style.dash) if style.dash else "",
            )
        )
        parts.extend(
            _marker(style.marker, x(i), y(v), style.colour) for i, v in enumerate(s.values)
        )
        parts.append(mark_safe("</g>"))
        if s.values:
            ends.append(y(s.values[-1]))
    # Direct labels at the end of each line: name and last value.
    labelled = [s for s in series if s.values]
    for index, (s, label_y) in enumerate(zip(labelled, _spread(ends, TOP + 4, TOP + plot_h + 4))):
        style = STYLES[index % len(STYLES)]
        parts.append(
            format_html(
                '<text class="end-label" x="{}" y="{}" fill="{}" font-weight="bold">{} {}</text>',
                f"{LEFT + plot_w + 8:.1f}", f"{label_y + 4:.1f}", style.colour,
                s.name, s.values[-1],
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))


def circles_chart(history, *, chart_id: str, title: str) -> SafeString:
    """Members per circle at the end of each month of `history` (a CircleHistory)."""
    circles = list(Circle)  # outside in, matching STYLES
    series = [
        Series(name=str(c.label).capitalize(), values=list(history.counts[c.value]))
        for c in circles
    ]
    months = history.months
    if months:
        description = _(
            "Line chart of the members of each circle at the end of each month, "
            "from %(first)s to %(last)s. %(figures)s. The table below gives every figure."
        ) % {
            "first": formats.date_format(months[0], "F Y"),
            "last": formats.date_format(months[-1], "F Y"),
            "figures": "; ".join(
                _("%(circle)s: from %(start)s to %(end)s")
                % {"circle": s.name, "start": s.values[0], "end": s.values[-1]}
                for s in series
            ),
        }
    else:
        description = ""
    return line_chart(
        chart_id=chart_id, title=title, description=description, months=months, series=series
    )

