"""Members' rich text: a small allow-list of HTML, checked then sanitised.

Sections and introductions are stored as HTML cleaned by nh3 (the Rust
`ammonia` sanitiser): headings, paragraphs, bold, italics, links and lists,
nothing else. Text typed without any tag becomes paragraphs (a blank line)
and line breaks, so someone who never writes HTML still gets a readable
section.

Some input is refused rather than silently cleaned, because its author
meant something the letter must not carry: scripts, inline event handlers,
`javascript:` links, and remote images or frames (the classic tracking
pixel: a 1x1 image on someone else's server that tells them who opened the
letter). The author is told why and what to do instead (the image field).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.translation import gettext as _

ALLOWED_TAGS = {"h2", "h3", "p", "br", "strong", "b", "em", "i", "a", "ul", "ol", "li",
                "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}

# Elements that load something from elsewhere or run code: refused outright.
ACTIVE_TAGS = {"script", "iframe", "frame", "object", "embed", "applet", "form", "input",
               "button", "link", "meta", "base", "style", "svg", "math"}
REMOTE_TAGS = {"img", "picture", "source", "video", "audio", "track", "image"}
BLOCK_TAGS = {"h2", "h3", "p", "ul", "ol", "blockquote", "li"}
MAX_LENGTH = 20_000


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.active = False
        self.remote = False
        self.has_tags = False

    def handle_starttag(self, tag, attrs):
        self.has_tags = True
        tag = tag.lower()
        if tag in ACTIVE_TAGS:
            self.active = True
        if tag in REMOTE_TAGS:
            self.remote = True
        for name, value in attrs:
            name = (name or "").lower()
            value = re.sub(r"[\s\x00-\x1f]", "", (value or "")).lower()
            if name.startswith("on") or value.startswith(("javascript:", "vbscript:")):
                self.active = True
            if name in {"src", "srcset", "background", "poster"} or (
                name == "style" and "url(" in value
            ):
                self.remote = True

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.has_tags = True


def _paragraphs(text: str) -> str:
    """Plain text to paragraphs: a blank line separates them."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    return "".join(
        "<p>" + "<br>".join(escape(line) for line in block.split("\n")) + "</p>"
        for block in blocks
    )


def clean_rich_text(value: str, *, field: str = "body", required: bool = True) -> str:
    """The sanitised HTML to store, or ValidationError keyed by `field`."""
    value = (value or "").strip()
    if not value:
        if required:
            raise ValidationError({field: ValidationError(_("Write some text."), code="empty")})
        return ""
    if len(value) > MAX_LENGTH:
        raise ValidationError({field: ValidationError(
            _("Keep it under %(limit)d characters.") % {"limit": MAX_LENGTH}, code="too_long"
        )})
    inspector = _Inspector()
    inspector.feed(value)
    inspector.close()
    if inspector.active:
        raise ValidationError({field: ValidationError(
            _("Scripts, forms and event handlers are not allowed in a newsletter. "
              "Remove them and save again."),
            code="script",
        )})
    if inspector.remote:
        raise ValidationError({field: ValidationError(
            _("Images and media from other sites are not allowed in the text (they can track "
              "who reads the letter). Upload your picture with the image field instead."),
            code="remote_content",
        )})
    if not inspector.has_tags:
        value = _paragraphs(value)
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
    if required and not re.sub(r"<[^>]*>|&nbsp;|\s", "", cleaned):
        raise ValidationError({field: ValidationError(_("Write some text."), code="empty")})
    return cleaned


def to_plain_text(html: str) -> str:
    """The text part of an e-mail: tags dropped, links kept as "text (url)"."""
    parser = _TextMaker()
    parser.feed(html or "")
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


class _TextMaker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href: list[str | None] = []
        self.lists: list[list] = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")
        elif tag in {"ul", "ol"}:
            self.lists.append([tag, 0])
            self.parts.append("\n")
        elif tag == "li":
            if self.lists and self.lists[-1][0] == "ol":
                self.lists[-1][1] += 1
                self.parts.append(f"\n{self.lists[-1][1]}. ")
            else:
                self.parts.append("\n- ")
        elif tag == "a":
            self.href.append(dict(attrs).get("href"))
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag == "a" and self.href:
            href = self.href.pop()
            if href:
                self.parts.append(f" ({href})")
        elif tag in {"ul", "ol"} and self.lists:
            self.lists.pop()
            self.parts.append("\n")
        elif tag in {"h2", "h3", "p", "blockquote"}:
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(data)
