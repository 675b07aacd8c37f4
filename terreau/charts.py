"""Server-rendered SVG line charts: no JavaScript, no CDN, readable without colour.

Each series gets its own line style (solid, dashed, dotted), its own marker
(circle, square, triangle) and a label written at the end of its line, so
nothing depends on telling colours apart. The chart is an image for
assistive technologies (role="img" with <title> and <desc>); the page puts
the same figures in a real table beside it. The viewBox scales the drawing to
any width, a 360px phone included.

Used by the dashboards (insights/charts.py: members per circle, month by
month) and the barometers (barometers/charts.py: indicators across waves).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

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


STYLES = (
    Style(dash="2 4", width=2, marker="triangle", colour="#6b5d00"),
    Style(dash="8 4", width=2.5, marker="square", colour="#00617a"),
    Style(dash="", width=3, marker="circle", colour="#1f5f2c"),
)


@dataclass(frozen=True)
class Series:
    name: str
    values: list  # numbers; None where there is no figure (the line skips it)


def nice_maximum(value: float) -> tuple[int, int]:
    """A round top for the y axis and its tick step: (top, step), at most 5 steps."""
    value = int(-(-value // 1))  # ceiling, for non-integral figures
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


def _figure(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def line_chart(*, chart_id: str, title: str, description: str, x_labels: list[str],
               series: list[Series], top: int | None = None, label_every: int = 3,
               unit: str = "") -> SafeString:
    """An SVG line chart of `series` (one value per x label). `top` fixes the
    y axis' maximum (100 for shares), else a round one above the largest
    figure; `label_every` writes every n-th x label and the last, so they
    never collide on a phone; `unit` follows each end label's figure."""
    def last(s: Series):
        figures = [v for v in s.values if v is not None]
        return figures[-1] if figures else None

    labelled = [(index, s) for index, s in enumerate(series) if last(s) is not None]
    # Room on the right for the longest end label ("Citoyen·ne·s 393").
    longest = max((len(f"{s.name} {_figure(last(s))}{unit}") for _i, s in labelled), default=0)
    right = max(RIGHT, round(longest * FONT_SIZE * CHAR_WIDTH) + 10)
    plot_w, plot_h = WIDTH - LEFT - right, HEIGHT - TOP - BOTTOM
    largest = max((v for s in series for v in s.values if v is not None), default=0)
    if top is None:
        top, step = nice_maximum(largest)
    else:
        step = top // 4 or 1
    count = len(x_labels)

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y(v: float) -> float:
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
        parts.append(format_html(
            '<line x1="{x1}" x2="{x2}" y1="{y}" y2="{y}" stroke="#d0d0d0" stroke-width="1"/>'
            '<text x="{tx}" y="{ty}" text-anchor="end" fill="#333">{v}</text>',
            x1=LEFT, x2=LEFT + plot_w, y=f"{y(tick):.1f}", tx=LEFT - 5,
            ty=f"{y(tick) + 4:.1f}", v=tick,
        ))
    for i, label in enumerate(x_labels):
        if i % label_every == (count - 1) % label_every:
            parts.append(format_html(
                '<text x="{}" y="{}" text-anchor="middle" fill="#333">{}</text>',
                f"{x(i):.1f}", HEIGHT - BOTTOM + 16, label,
            ))
    parts.append(format_html(
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#333" stroke-width="1"/>',
        LEFT, LEFT + plot_w, f"{y(0):.1f}", f"{y(0):.1f}",
    ))
    for index, s in enumerate(series):
        style = STYLES[index % len(STYLES)]
        placed = [(i, v) for i, v in enumerate(s.values) if v is not None]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in placed)
        parts.append(format_html(
            '<g class="series" data-series="{}">'
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="{}"{}/>',
            s.name, points, style.colour, style.width,
            format_html(' stroke-dasharray="{}"', style.dash) if style.dash else "",
        ))
        parts.extend(_marker(style.marker, x(i), y(v), style.colour) for i, v in placed)
        parts.append(mark_safe("</g>"))
    # Direct labels at the end of each line: name and last figure.
    ends = [y(last(s)) for _i, s in labelled]
    for (index, s), label_y in zip(labelled, _spread(ends, TOP + 4, TOP + plot_h + 4)):
        style = STYLES[index % len(STYLES)]
        parts.append(format_html(
            '<text class="end-label" x="{}" y="{}" fill="{}" font-weight="bold">{} {}{}</text>',
            f"{LEFT + plot_w + 8:.1f}", f"{label_y + 4:.1f}", style.colour,
            s.name, _figure(last(s)), unit,
        ))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))
