"""Every page type, as every role, at 360x740 and 1280x800, in French: no
sideways scroll, no serious or critical axe-core violation, no English
message of the catalogue on the page, nothing blocked by the
Content-Security-Policy (docs/design.md, "The crawl").

The page types and the roles are the access matrix's (tests/browser/crawl.py
reads tests/access/matrix.py), in its world (tests/access/world.py): one
community with a person per role, another community and its gardener, and an
object of every kind a page shows. One test, one browser, one context per
role signed in by its session cookie (the second factor passed, as the
access matrix's clients are); each page is loaded once, at 360 px, checked
for overflow, then widened to 1280 px and checked again. axe-core runs once
per page type and role, at 1280 px for half the roles and 360 px for the
other half, and not again on a page whose main content has a structure it
has already checked (the same elements, classes and attributes: another
role's view of the same page, with the same buttons). Budget: 90 s on the
CI machine (docs/design.md, "The crawl").
"""

from __future__ import annotations

import hashlib
import time

import pytest
from django.conf import settings
from django.test import Client
from django.utils.translation import trans_real

from accounts.second_factor import session_mark
from tests.access.table import ROLES
from tests.access.world import build

from .conftest import AXE
from .crawl import (
    AXE_RUN,
    LAPTOP,
    OVERFLOWING,
    PHONE,
    SIDEWAYS,
    TEXTS,
    english_messages,
    page_types,
    serious,
    untranslated,
)

pytestmark = pytest.mark.browser

# What the page shows at a glance, in one call: how wide it is, every text it
# says (crawl.TEXTS), and the structure of its main content without its words
# (elements, classes, attributes' names, whether they hold text): what
# axe-core's result depends on, besides the stylesheet and the header.
LOOK = """() => {
  const main = document.querySelector('main') || document.body;
  const parts = [];
  for (const el of main.querySelectorAll('*')) {
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    parts.push(el.tagName + '.' + (typeof el.className === 'string' ? el.className : '')
      + '|' + [...el.attributes].map(a => a.name).sort().join(',') + '|' + (text ? 't' : ''));
  }
  return {sideways: (SIDEWAYS)(), texts: (TEXTS)(), structure: parts.join('\\n')};
}""".replace("SIDEWAYS", SIDEWAYS).replace("TEXTS", TEXTS)


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    session = client.session
    session_mark(session, user)
    session.save()
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_every_page_as_every_role_fits_passes_axe_and_speaks_french(browser, live_server,
                                                                      transactional_db):
    started = time.monotonic()
    world = build()
    english = english_messages(trans_real.translation("fr")._catalog)
    axe_source = AXE.read_text(encoding="utf-8") + "\n;undefined"
    problems: list[str] = []
    checked: set[str] = set()
    counts = {"pages": 0, "axe": 0}

    for n, role in enumerate(ROLES):
        context = browser.new_context(
            viewport=PHONE, locale="fr-FR", base_url=live_server.url,
            extra_http_headers={"Accept-Language": "fr-FR,fr;q=0.9"},
        )
        context.set_default_timeout(10_000)
        user = world.people[role]
        if user.is_authenticated:
            context.add_cookies([{
                "name": settings.SESSION_COOKIE_NAME, "value": _session_cookie(user),
                "url": live_server.url,
            }])
        page = context.new_page()
        blocked: list[str] = []
        page.on("console", lambda message, blocked=blocked: blocked.append(message.text)
                if "Content Security Policy" in message.text else None)
        axe_at = LAPTOP if n % 2 == 0 else PHONE

        for route, template in page_types(role):
            path = world.path(template)
            where = f"{role} {path}"
            page.set_viewport_size(PHONE)
            response = page.goto(path, wait_until="load")
            counts["pages"] += 1
            if response is None or response.status != 200:
                problems.append(f"{where}: answered {response and response.status}, not the page")
                continue
            look = page.evaluate(LOOK)
            problems += [f"{where}: English on a French page: {text!r}"
                         for text in untranslated(look["texts"], english)]
            structure = hashlib.sha1(f"{route}\n{look['structure']}".encode()).hexdigest()
            for size in (PHONE, LAPTOP):
                if size is LAPTOP:
                    page.set_viewport_size(LAPTOP)
                if (look["sideways"] if size is PHONE else page.evaluate(SIDEWAYS)) > 0:
                    problems.append(f"{where} at {size['width']} px: too wide, "
                                    + ", ".join(page.evaluate(OVERFLOWING)))
                if size is axe_at and structure not in checked:
                    checked.add(structure)
                    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
                        page.evaluate(axe_source)
                    counts["axe"] += 1
                    problems += [f"{where} at {size['width']} px: {line}"
                                 for line in serious(page.evaluate(AXE_RUN))]
        context.close()
        problems += [f"{role}: blocked by the Content-Security-Policy: {text}" for text in blocked]

    print(f"crawl: {counts['pages']} pages at 2 widths, axe on {counts['axe']}, "
          f"{time.monotonic() - started:.0f} s")
    assert counts["pages"] > 300, counts  # every role's page types, not a handful
    assert problems == [], "\n".join(problems)
