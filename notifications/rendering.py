"""How one notification reads: its kind's template, rendered now in the active language.

The text is never stored: `data` holds names and titles, the kind's template
(`notifications/kinds/<key>.html`, written by the app that sends the kind)
turns them into one line of inline HTML. A kind whose template is missing, or
a key no longer in the registry, falls back to the kind's label: a page or an
e-mail never fails because of one line.
"""

from __future__ import annotations

import html
import logging

from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from .kinds import KINDS

logger = logging.getLogger(__name__)

FALLBACK = "notifications/kinds/_fallback.html"


def _template(kind: str):
    if kind in KINDS:
        try:
            return get_template(KINDS[kind].template)
        except TemplateDoesNotExist:
            logger.warning("notification kind %s has no template", kind)
    return get_template(FALLBACK)


def render_line(notification) -> SafeString:
    """One line of HTML, in the active language."""
    context = {
        "notification": notification,
        "data": notification.data if isinstance(notification.data, dict) else {},
        "actor": notification.actor,
        "community": notification.community,
        "kind": KINDS.get(notification.kind),
    }
    try:
        text = _template(notification.kind).render(context)
    except Exception:  # a broken kind template must not break the page or e-mail
        logger.exception("notification %s could not be rendered", notification.pk)
        text = get_template(FALLBACK).render(context)
    return mark_safe(" ".join(text.split()))  # noqa: S308 - rendered by an autoescaping template


def render_text(notification) -> str:
    """The same line as plain text (e-mail subjects and text parts)."""
    return " ".join(html.unescape(strip_tags(render_line(notification))).split())
