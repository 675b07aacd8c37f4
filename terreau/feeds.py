"""Text that goes into the site's RSS and Atom feeds.

RSS 2.0 readers treat an item's title and description as HTML: a letter
titled `<img src=x onerror=…>` that reaches the XML escaped only once (as
Django's feed generator does with plain text) becomes live markup in the
reader. So in RSS, our plain-text fields are escaped as HTML first and the
XML escaping comes on top: the reader shows the characters the author typed.
Atom says what its elements hold: titles are text (escaped once, by the XML),
summaries are HTML (escaped here).

Every feed is written by `RssFeed` or `AtomFeed`, which drop the control
characters a paste from a word processor brings (terreau/text.py): Django's
XML writer refuses them, so a letter, a news page or a process holding one
in a title made its feed a server error for every reader.
"""

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, linebreaks

from .text import without_controls


def _clean(value):
    if isinstance(value, str):
        return without_controls(value)
    if isinstance(value, list | tuple):
        return type(value)(_clean(item) for item in value)
    return value


class _WithoutControls:
    """A feed generator that writes every text of the feed and of its items
    without control characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(_clean, args), **{k: _clean(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(_clean, args), **{k: _clean(v) for k, v in kwargs.items()})


class RssFeed(_WithoutControls, Rss201rev2Feed):
    pass


class AtomFeed(_WithoutControls, Atom1Feed):
    pass


def rss_text(value: str) -> str:
    """A plain-text title for an RSS <title>: shown as typed, never as markup."""
    return escape(" ".join((value or "").split()))


def feed_html(value: str) -> str:
    """A plain-text summary as the HTML an RSS <description> or Atom <summary>
    holds; nothing for no summary (not an empty paragraph)."""
    return linebreaks(escape(value)) if value else ""
