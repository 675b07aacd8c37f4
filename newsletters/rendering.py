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

from dataclasses import dataclass
from email.utils import formataddr

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from . import tokens
from .sanitise import to_plain_text

NAME = "[[terreau-recipient-name]]"
UNSUBSCRIBE = "[[terreau-unsubscribe-url]]"

# Media queries (phones) stay in a <style> element; everything else is inlined.
_inliner = css_inline.CSSInliner(
    keep_style_tags=False, keep_at_rules=True, load_remote_stylesheets=False
)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@dataclass(frozen=True)
class RenderedLetter:
    subject: str
    text: str
    html: str


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
            "site_url": settings.SITE_URL.rstrip("/"),
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
        html=_inliner.inline(html),
    )


def unsubscribe_url(*, user_id: int, community_id: int) -> str:
    token = tokens.make(user_id=user_id, community_id=community_id)
    return absolute(reverse("newsletters:unsubscribe", kwargs={"token": token}))


def personalise(rendered: RenderedLetter, *, name: str, unsubscribe: str) -> tuple[str, str]:
    """(text, html) of one copy."""
    text = rendered.text.replace(NAME, name).replace(UNSUBSCRIBE, unsubscribe)
    html = rendered.html.replace(NAME, escape(name)).replace(UNSUBSCRIBE, escape(unsubscribe))
    return text, html


def build_message(
    letter, rendered: RenderedLetter, *, email: str, name: str, user_id: int,
    message_id: str | None = None, connection=None,
) -> EmailMultiAlternatives:
    """One recipient's copy, with the RFC 8058 one-click unsubscribe headers."""
    unsubscribe = unsubscribe_url(user_id=user_id, community_id=letter.community_id)
    text, html = personalise(rendered, name=name, unsubscribe=unsubscribe)
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{_header_safe(letter.community.name)} "
                   f"<{letter.community.slug}.newsletters.{_domain()}>",
        "List-Archive": f"<{absolute(reverse('newsletters:archive', kwargs={'slug': letter.community.slug}))}>",
    }
    if message_id:
        headers["Message-ID"] = message_id
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[formataddr((name, email)) if name else email],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def _header_safe(value: str) -> str:
    """The list's name as an RFC 2047 phrase: only it is encoded, never the <id>."""
    from email.header import Header

    value = " ".join(value.replace('"', "").replace("<", "").replace(">", "").split())
    return value if value.isascii() else Header(value, "utf-8").encode()


def _domain() -> str:
    return getattr(settings, "NEWSLETTER_MESSAGE_ID_DOMAIN", "") or "terreau.localhost"
