"""`{% circles_chart history "chart-id" title %}`: the SVG chart of insights/charts.py."""

from django import template

from insights import charts

register = template.Library()


@register.simple_tag
def circles_chart(history, chart_id, title):
    return charts.circles_chart(history, chart_id=chart_id, title=title)
