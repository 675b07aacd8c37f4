"""What a crawl of the site visits and what it looks for on each page, shared
by the crawl test (tests/browser/test_crawl.py, on the access matrix's world)
and `make screens` (scripts/screens.py, on the seeded demo).

The page types are the access matrix's (tests/access/matrix.py): every URL
pattern of the project has a row there, with each role's answer. A page
type is a row whose answer is a page (200) for the role and whose address
gives HTML (not a calendar, a feed, a CSV, a ZIP, an admin). A new URL
pattern gets its row, and so is crawled, without anything else to write.

Plain Python (no Django at import time), like the matrix.
"""

from __future__ import annotations

import re

from tests.access.matrix import ROUTES
from tests.access.table import ROLES

# Not an HTML page of the site: files, feeds, the admins (Wagtail's and
# Django's, themed and tested by their makers), the development outbox.
NOT_A_PAGE = re.compile(
    r"(\.ics|\.csv|\.xlsx|\.ods|\.rss|\.atom|\.xml|\.txt|\.zip|\.json|/email\.html|^/healthz"
    r"|^/cms/|^/django-admin/|^/dev/"
    # The API answers JSON (and its docs are Swagger UI's, tests/browser/test_api_docs.py);
    # a call's documents, a funded project's report attachments and coaching
    # attachments are downloads. A process's published documents and its
    # citizen opinion's PDF too.
    r"|^/api/|^/calls/applications/[^/]+/documents/[^/]+/$|/coaching/[^/]+/attachment/$"
    r"|^/calls/applications/[^/]+/reports/[^/]+/file/$"
    r"|^/processes/[^/]+/documents/(?!new/)[^/]+/$|^/processes/[^/]+/opinion/pdf/$)"
)

PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}


def page_types(role: str) -> list[tuple[str, str]]:
    """(route, address template) of every HTML page the role may open: the
    first case of each route whose answer for the role is 200."""
    column = ROLES.index(role)
    result = []
    for route, cases in ROUTES.items():
        for case in cases:
            if case.expect[column] == "200" and not NOT_A_PAGE.search(case.path):
                result.append((route, case.path))
                break
    return result


# --- In the page ----------------------------------------------------------------------

# How many pixels the page is wider than the window (sideways scroll).
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"

# The elements that stick out on the right, to say where the overflow comes from.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      let inside = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (style.overflowX !== 'visible' || p.getBoundingClientRect().right > width + 1) {
          inside = true; break;
        }
      }
      if (!inside) out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
        + ' (' + Math.round(box.right - width) + ' px)');
    }
    if (out.length >= 3) break;
  }
  return out;
}"""

# Every text a person reads or hears on the page, in the page's language:
# text nodes (hidden ones too: a closed menu is read once opened), and the
# attributes screen readers say or browsers show. Parts marked in another
# language (the language switch's "English") and code (the style guide's
# token and icon names) are left out.
TEXTS = """() => {
  const texts = new Set();
  const french = (el) => {
    const marked = el && el.closest('[lang]');
    return !marked || marked.lang.toLowerCase().startsWith('fr');
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(parent.tagName)) continue;
    if (!french(parent) || parent.closest('code, kbd, samp, pre')) continue;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (text) texts.add(text);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt], input[type=submit][value], input[type=button][value]')) {
    if (!french(el)) continue;
    for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'value']) {
      const value = el.getAttribute(name);
      if (value && (name !== 'value' || ['submit', 'button'].includes(el.type))) {
        texts.add(value.replace(/\\s+/g, ' ').trim());
      }
    }
  }
  texts.add(document.title.replace(/\\s+/g, ' ').trim());
  return [...texts];
}"""


def english_messages(catalogue: dict) -> set[str]:
    """The English texts that a French page must never show: every message of
    the French catalogue (gettext's, Django's merged one: ours and the
    libraries') whose French differs, without placeholders or context."""
    english = set()
    for msgid, msgstr in catalogue.items():
        if not isinstance(msgid, str) or "\x04" in msgid or not msgstr:
            continue
        if msgid == msgstr or "%" in msgid or "{" in msgid or len(msgid) < 3:
            continue
        if not re.search(r"[A-Za-z]{2}", msgid):
            continue
        english.add(" ".join(msgid.split()))
    return english


def untranslated(texts: list[str], english: set[str]) -> list[str]:
    """The page's texts that are, whole, an English message."""
    return sorted(text for text in texts if text in english)


def serious(results: dict) -> list[str]:
    """axe-core's serious and critical violations, one line each."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        for v in results["violations"]
        if v.get("impact") in {"serious", "critical"}
    ]


# Only violations are collected (not passes nor incomplete ones): the same
# rules, about three times faster.
AXE_RUN = "() => axe.run(document, {resultTypes: ['violations']})"
