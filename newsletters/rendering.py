"""A letter as a recipient sees it: HTML with inlined CSS, a text part, headers.

The letter is rendered once per language with placeholders where each copy
differs (the greeting's name, the unsubscribe link); each copy then only
swaps those in. The templates and the CSS inliner run once per language and
batch, not once per recipient: that is what keeps sending close to the
speed of the mail server.

The same function renders the web version, the preview and the test e-mail,
so the preview is exactly what recipients get.
"""

from __future__ import annotations

import binascii
import time
import uuid
from dataclasses import dataclass, field
from email.header import Header
from email.utils import formataddr, formatdate, make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from terreau import email_html, links

from . import tokens
from .sanitise import to_plain_text

NAME = "[[terreau-recipient-name]]"
UNSUBSCRIBE = "[[terreau-unsubscribe-url]]"


def absolute(path: str) -> str:
    return links.absolute(path)


@dataclass
class RenderedLetter:
    subject: str
    text: str
    html: str
    # Header blocks encoded once per batch (see PreparedMessage).
    cache: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class SectionView:
    """A section ready for templates: its text part already derived."""

    section: object
    text: str
    image_url: str
    event_url: str


def section_views(sections) -> list[SectionView]:
    views = []
    for section in sections:
        image_url = absolute(section.image.url) if section.image else ""
        event_url = absolute(section.event.get_absolute_url()) if section.event_id else ""
        views.append(SectionView(section, to_plain_text(section.body), image_url, event_url))
    return views


def render_letter(letter, sections, *, language: str, test: bool = False) -> RenderedLetter:
    """The letter with placeholders, in `language`."""
    with translation.override(language):
        context = {
            "letter": letter,
            "community": letter.community,
            "intro_text": to_plain_text(letter.intro),
            "sections": section_views(sections),
            **email_html.layout_context(),
            "web_url": absolute(reverse("newsletters:web", kwargs={"pk": letter.pk})),
            "subscriptions_url": absolute(reverse("newsletters:subscriptions")),
            "unsubscribe_url": UNSUBSCRIBE,
            "name": NAME,
            "test": test,
            "LANGUAGE_CODE": language,
        }
        html = render_to_string("newsletters/emails/letter.html", context)
        text = get_template("newsletters/emails/letter.txt").template.render(
            Context(context, autoescape=False)
        )
        subject = get_template("newsletters/emails/letter.subject.txt").template.render(
            Context(context, autoescape=False)
        )
    return RenderedLetter(
        subject=" ".join(subject.split()),
        text=text.strip() + "\n",
        html=email_html.inline(html),  # the one e-mail layout's CSS (terreau/email_html.py)
    )


def unsubscribe_url(*, user_id: int, community_id: int, prefix: str = "") -> str:
    token = tokens.make(user_id=user_id, community_id=community_id)
    if prefix:  # reversed once per batch (see _list_headers)
        return prefix.replace(TOKEN, token)
    return absolute(reverse("newsletters:unsubscribe", kwargs={"token": token}))


TOKEN = "terreau-token"


def personalise(rendered: RenderedLetter, *, name: str, unsubscribe: str) -> tuple[str, str]:
    """(text, html) of one copy."""
    text = rendered.text.replace(NAME, name).replace(UNSUBSCRIBE, unsubscribe)
    html = rendered.html.replace(NAME, escape(name)).replace(UNSUBSCRIBE, escape(unsubscribe))
    return text, html


@dataclass
class Copy:
    """One recipient's copy, ready for the SMTP transaction.

    `raw` is the whole message (CRLF line endings); `message()` wraps it in
    an EmailMessage for Django's other backends (the local outbox, the
    tests' locmem), with the personalised bodies they show.
    """

    rendered: RenderedLetter
    email: str
    name: str  # as written: the greeting prints it so
    unsubscribe: str
    headers: dict
    raw: bytes

    def message(self, connection=None) -> PreparedMessage:
        text, html = personalise(self.rendered, name=self.name, unsubscribe=self.unsubscribe)
        name = _header_name(self.name)
        message = PreparedMessage(
            subject=self.rendered.subject,
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[formataddr((name, self.email)) if name else self.email],
            headers=self.headers,
            connection=connection,
        )
        message.attach_alternative(html, "text/html")
        message.raw = self.raw
        return message


def build_copy(
    letter, rendered: RenderedLetter, *, email: str, name: str, user_id: int,
    message_id: str | None = None,
) -> Copy:
    """One recipient's copy, with the RFC 8058 one-click unsubscribe headers.

    Only what differs per recipient is computed here: the name, the signed
    unsubscribe link, the Message-ID, and the quoted-printable encoding of
    the few lines that hold them (see _qp_parts).
    """
    shared = _list_headers(letter, rendered)
    unsubscribe = unsubscribe_url(user_id=user_id, community_id=letter.community_id,
                                  prefix=shared["unsubscribe_prefix"])
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": shared["List-Id"],
        "List-Archive": shared["List-Archive"],
        "Message-ID": message_id or make_msgid(domain=_domain()),
    }
    text = _qp_personal(rendered, "plain", name=name, unsubscribe=unsubscribe)
    html = _qp_personal(rendered, "html", name=escape(name), unsubscribe=escape(unsubscribe))
    raw = _assemble(rendered, headers, to=(_header_name(name), email), text=text, html=html)
    return Copy(rendered, email, name, unsubscribe, headers, raw)


def _header_name(name: str) -> str:
    return " ".join(name.split())  # no line breaks in a header


def build_message(
    letter, rendered: RenderedLetter, *, email: str, name: str, user_id: int,
    message_id: str | None = None, connection=None,
) -> EmailMultiAlternatives:
    """One recipient's copy as an EmailMessage (see build_copy)."""
    return build_copy(letter, rendered, email=email, name=name, user_id=user_id,
                      message_id=message_id).message(connection)


def _list_headers(letter, rendered: RenderedLetter) -> dict:
    """What every copy of a batch shares, computed once."""
    key = ("list", letter.pk)
    shared = rendered.cache.get(key)
    if shared is None:
        community = letter.community
        archive = absolute(reverse("newsletters:archive", kwargs={"slug": community.slug}))
        shared = rendered.cache[key] = {
            "List-Id": f"{_header_safe(community.name)} "
                       f"<{community.slug}.newsletters.{_domain()}>",
            "List-Archive": f"<{archive}>",
            "unsubscribe_prefix": absolute(
                reverse("newsletters:unsubscribe", kwargs={"token": TOKEN})
            ),
        }
    return shared


class RawMessage:
    """What Django's mail backends ask of `EmailMessage.message()`: bytes."""

    def __init__(self, raw: bytes):
        self.raw = raw  # CRLF line endings, as sent over SMTP

    def as_bytes(self, unixfrom=False, linesep="\n") -> bytes:
        return self.raw if linesep == "\r\n" else self.raw.replace(b"\r\n", linesep.encode())

    def as_string(self, unixfrom=False, linesep="\n") -> str:
        return self.as_bytes(linesep=linesep).decode("ascii")

    def __getitem__(self, name):
        import email

        return email.message_from_bytes(self.raw)[name]

    def get(self, name, default=None):
        value = self[name]
        return default if value is None else value


class PreparedMessage(EmailMultiAlternatives):
    """A letter's copy whose MIME bytes are assembled directly.

    Django's generic serialiser (the email package's generator) costs more
    than the SMTP exchange itself for a letter of a few tens of kilobytes.
    A letter always has the same shape (multipart/alternative, text and HTML
    in UTF-8, quoted-printable), so its bytes are assembled from the headers
    shared by a batch, encoded once, and the copy's own headers and bodies.
    The usual attributes (body, alternatives, to, extra_headers) stay set for
    the local outbox, the tests and any other backend.
    """

    raw: bytes = b""

    def message(self):
        return RawMessage(self.raw)


def _shared_headers(rendered: RenderedLetter, headers: dict) -> bytes:
    key = ("shared", headers["List-Id"], headers["List-Archive"])
    cached = rendered.cache.get(key)
    if cached is None:
        subject = rendered.subject
        if not subject.isascii() or len(subject) > 900:
            subject = Header(subject[:900], "utf-8").encode(linesep="\r\n")
        sender_name, sender_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
        lines = [
            f"From: {_address(sender_name, sender_address)}",
            f"Subject: {subject}",
            f"List-Id: {headers['List-Id']}",
            f"List-Archive: {headers['List-Archive']}",
            f"List-Unsubscribe-Post: {headers['List-Unsubscribe-Post']}",
            "MIME-Version: 1.0",
        ]
        cached = rendered.cache[key] = "\r\n".join(lines).encode("ascii")
    return cached


def _address(name: str, address: str) -> str:
    if not name:
        return address
    if name.isascii():
        return formataddr((name, address))
    return f"{Header(name, 'utf-8').encode()} <{address}>"


def _qp(text: str) -> bytes:
    data = text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")
    return binascii.b2a_qp(data, istext=True).replace(b"\n", b"\r\n")


def _qp_parts(rendered: RenderedLetter, kind: str) -> list[bytes | str]:
    """A body cut into runs of lines already encoded (bytes) and the lines
    that hold a placeholder (str), encoded once per letter and language.

    Quoted-printable encodes each line on its own: a hard line break resets
    the line length and nothing carries over. So the encoding of the whole
    body is the concatenation of the encodings of its lines, and only the
    two or three lines with a name or a link need encoding per copy (a test
    compares both ways).
    """
    key = ("qp", kind)
    parts = rendered.cache.get(key)
    if parts is None:
        body = rendered.text if kind == "plain" else rendered.html
        lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        parts, run = [], []
        for index, line in enumerate(lines):
            if index < len(lines) - 1:
                line += "\n"
            if NAME in line or UNSUBSCRIBE in line:
                if run:
                    parts.append(_qp("".join(run)))
                    run = []
                parts.append(line)
            else:
                run.append(line)
        if run:
            parts.append(_qp("".join(run)))
        rendered.cache[key] = parts
    return parts


def _qp_personal(rendered: RenderedLetter, kind: str, *, name: str, unsubscribe: str) -> bytes:
    """The quoted-printable body of one copy (`name`, `unsubscribe` escaped for `kind`)."""
    return b"".join(
        part if isinstance(part, bytes)
        else _qp(part.replace(NAME, name).replace(UNSUBSCRIBE, unsubscribe))
        for part in _qp_parts(rendered, kind)
    )


def _batch_constants(rendered: RenderedLetter) -> tuple[str, str]:
    """A boundary and a Date shared by the copies rendered together.

    A boundary starting with "=_" can never occur inside quoted-printable
    parts (where "=" is always followed by two hex digits or a line break).
    The Date is the minute the batch was prepared.
    """
    now = time.time()
    cached = rendered.cache.get("batch")
    if cached is None or now - cached[0] > 60:
        cached = rendered.cache["batch"] = (
            now, f"=_terreau_{uuid.uuid4().hex}", formatdate(now, localtime=True)
        )
    return cached[1], cached[2]


def _assemble(rendered, headers: dict, *, to: tuple[str, str], text: bytes,
              html: bytes) -> bytes:
    """The message's bytes: `text` and `html` are already quoted-printable."""
    boundary, date = _batch_constants(rendered)
    own = "\r\n".join([
        f"To: {_address(*to)}",
        f"Date: {date}",
        f"Message-ID: {headers['Message-ID']}",
        f"List-Unsubscribe: {headers['List-Unsubscribe']}",
        f'Content-Type: multipart/alternative; boundary="{boundary}"',
    ]).encode("ascii")
    part = ('--{b}\r\nContent-Type: text/{kind}; charset="utf-8"\r\n'
            "Content-Transfer-Encoding: quoted-printable\r\n\r\n")
    return b"".join([
        _shared_headers(rendered, headers), b"\r\n", own, b"\r\n\r\n",
        part.format(b=boundary, kind="plain").encode(), text, b"\r\n",
        part.format(b=boundary, kind="html").encode(), html, b"\r\n",
        f"--{boundary}--\r\n".encode(),
    ])


def _header_safe(value: str) -> str:
    """The list's name as an RFC 2047 phrase: only it is encoded, never the <id>."""
    value = " ".join(value.replace('"', "").replace("<", "").replace(">", "").split())
    return value if value.isascii() else Header(value, "utf-8").encode()


def _domain() -> str:
    return getattr(settings, "NEWSLETTER_MESSAGE_ID_DOMAIN", "") or "terreau.localhost"
