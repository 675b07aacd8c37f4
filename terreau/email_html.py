"""The one e-mail layout, for every HTML part Terreau sends (docs/email.md).

Each message's HTML template extends `emails/layout.html` (a header with
"Terreau", the message, a footer saying why the person gets it, with the
preferences or unsubscribe link where there is one; 600 px wide, colours
that hold in dark mode). Its CSS is written once in the layout and inlined
into each element here with css-inline, as mail clients ignore or strip
<style>; only the @media rules (phones, dark mode) stay in a <style> element.

A message with no HTML template of its own gets its text part set in the
layout (`emails/text.html`, links made clickable), so no e-mail leaves as
plain text alone.
"""

from __future__ import annotations

import css_inline
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string

from terreau import links

LAYOUT = "emails/layout.html"
FROM_TEXT = "emails/text.html"

_inliner = css_inline.CSSInliner(
    keep_style_tags=False, keep_at_rules=True, load_remote_stylesheets=False
)


def inline(html: str) -> str:
    """`html` with the CSS of its <style> elements moved into style attributes."""
    return _inliner.inline(html)


def layout_context() -> dict:
    """What the layout itself shows: the site's address and host."""
    return {"site_url": links.site_url(), "site_domain": links.site_domain()}


def render(template_name: str, context: dict, *, text: str) -> str:
    """The HTML part: `template_name` (extending the layout) or, when the
    message has none, its `text` in the layout; the CSS inlined."""
    try:
        template = get_template(template_name)
    except TemplateDoesNotExist:
        return from_text(text, context)
    return inline(template.render({**layout_context(), **context}))


def from_text(text: str, context: dict) -> str:
    """A message that has only a text part, set in the layout; the CSS inlined."""
    return inline(render_to_string(FROM_TEXT, {**layout_context(), **context, "text": text}))
