"""Helpers for the accounts tests."""

import re

from django.utils import translation
from django.utils.html import escape

STRONG_PASSWORD = "Jardin-partage-2024"


def link_in(message) -> str:
    """The one link of an e-mail from the site."""
    links = re.findall(r"https?://\S+", message.body)
    assert links, f"no link in {message.subject!r}"
    return links[0]


def html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert match, "the page has no html lang"
    return match.group(1)


def in_french(message: str) -> str:
    """How one of our own strings reads on a French page, escaped as in HTML.

    Our strings are translated after they are written: asserting the French
    catalogue's answer keeps the test true before and after translation.
    """
    with translation.override("fr"):
        return escape(translation.gettext(message))


def waiting_in(language: str, message: str, minutes: int) -> str:
    """A lockout message ("... Wait %(wait)s ...") as a page in `language`
    shows it for a window of `minutes`, from the catalogue alone (escaped)."""
    with translation.override(language):
        wait = translation.ngettext("%(count)d minute", "%(count)d minutes", minutes) % {
            "count": minutes
        }
        return escape(translation.gettext(message) % {"wait": wait})
