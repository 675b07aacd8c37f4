"""Text that goes into the site's RSS and Atom feeds.

RSS 2.0 readers treat an item's title and description as HTML: a letter
titled `<img src=x onerror=…>` that reaches the XML escaped only once (as
Django's feed generator does with plain text) becomes live markup in the
reader. So in RSS, our plain-text fields are escaped as HTML first and the
XML escaping comes on top: the reader shows the characters the author typed.
Atom says what its elements hold: titles are text (escaped once, by the XML),
summaries are HTML (escaped here).
"""

from django.utils.html import escape, linebreaks


def rss_text(value: str) -> str:
    """A plain-text title for an RSS <title>: shown as typed, never as markup."""
    return escape(" ".join((value or "").split()))


def feed_html(value: str) -> str:
    """A plain-text summary as the HTML an RSS <description> or Atom <summary> holds."""
    return linebreaks(escape(value or ""))
