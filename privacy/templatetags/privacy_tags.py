"""Show an export's JSON as readable HTML: objects as definition lists,
lists of objects as tables, every field named in the reader's language
(privacy/labels.py); every value is escaped."""

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..labels import LABELS

register = template.Library()


def _label(key) -> str:
    label = LABELS.get(key)
    return str(label) if label is not None else str(key).replace("_", " ").capitalize()


def _render(value):
    if isinstance(value, dict):
        if not value:
            return mark_safe("<p>—</p>")
        rows = format_html_join(
            "", "<dt>{}</dt><dd>{}</dd>", ((_label(k), _render(v)) for k, v in value.items())
        )
        return format_html("<dl>{}</dl>", rows)
    if isinstance(value, list):
        if not value:
            return format_html("<p>{}</p>", _("Nothing."))
        if all(isinstance(item, dict) for item in value):
            keys = list(dict.fromkeys(k for item in value for k in item))
            head = format_html_join("", "<th>{}</th>", ((_label(k),) for k in keys))
            body = format_html_join(
                "",
                "<tr>{}</tr>",
                (
                    (format_html_join("", "<td>{}</td>", ((_render(item.get(k)),) for k in keys)),)
                    for item in value
                ),
            )
            return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
                               head, body)
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>",
                                                           ((_render(v),) for v in value)))
    if value is None:
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return conditional_escape(str(value))


@register.filter
def as_readable_html(value):
    return _render(value)
