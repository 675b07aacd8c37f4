"""Members per circle, month by month, as a line chart (terreau/charts.py
draws it: line styles, markers and end labels, so nothing depends on
colour; the page puts the same figures in a table beside it)."""

from __future__ import annotations

from datetime import date

from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from communities.models import Circle
from terreau import charts as drawing
from terreau.charts import HEIGHT, LABEL_GAP, WIDTH, Series, nice_maximum

__all__ = ["HEIGHT", "LABEL_GAP", "WIDTH", "Series", "circles_chart", "line_chart",
           "month_label", "nice_maximum"]


def month_label(month: date) -> str:
    return formats.date_format(month, "M")


def line_chart(
    *, chart_id: str, title: str, description: str, months: list[date], series: list[Series]
) -> SafeString:
    """An SVG line chart of `series` over `months` (one value per month),
    naming every third month and the last."""
    return drawing.line_chart(
        chart_id=chart_id, title=title, description=description,
        x_labels=[month_label(m) for m in months], series=series,
    )


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

