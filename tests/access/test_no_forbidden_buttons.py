"""No button that leads to 403 or 405 (issue 16, item 8).

A link or a button is shown only to those allowed to use it. Over every page
each role of the matrix gets (the access crawl, tests/access/conftest.py),
every link to this site is followed as that role, and every form that posts
is sent as that role with the values the page gives it: neither may answer
403 (forbidden) or 405 (a link to an address that only takes a POST).

The pages of issue 16 are in the matrix, and so in the walk: event proposals
and their date polls, an event's team, the coaching thread and contributor
invitations, topics, elsewhere; the test checks that they were walked.

Each request runs in a savepoint rolled back at once (a form that deletes,
decides or logs out changes nothing for the next one), posts from a fresh
client on the role's session.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from accounts import throttle

from . import matrix
from .conftest import LOGIN_FORMS, all_cases
from .forms import encode, forms_in

pytestmark = pytest.mark.django_db

ADMINS = ("/cms/", "/django-admin/", "/documents/")
ADDRESS = "192.0.2.251"
FORBIDDING = {"403", "405"}
# Forms that change the session itself, whose answer is no permission's.
SESSION_FORMS = ("/accounts/logout/", "/i18n/setlang/", *LOGIN_FORMS)
# The addresses of issue 16's new pages, as the walk must reach them.
# Known links that still lead to a refusal: (page prefix, link part) -> why.
# Each must still be found, or the test says the entry is stale (except
# those of work in progress, in OPTIONAL).
KNOWN: dict[tuple[str, str], str] = {}
OPTIONAL: set[tuple[str, str]] = set()
ORGANISING = ("/events/propose/", "/events/proposals/", "/team/", "/coaching/", "/topics/",
              "/elsewhere/", "/contributors/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_in(html: str, page: str) -> list[str]:
    """The addresses of this site a page links to, without their fragment."""
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        parts = urlsplit(urljoin(page, href))
        if parts.scheme not in {"http", "https", ""} or parts.netloc not in {"", "testserver"}:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(ADMINS):
            continue
        found.append(path)
    return list(dict.fromkeys(found))


def walked_pages(crawl):
    """(path, role, text) of every page of the matrix a role gets."""
    paths = dict.fromkeys(crawl.world.path(item.path) for _key, item in all_cases())
    for path in paths:
        if path.startswith(ADMINS):
            continue
        for role in matrix.ROLES:
            if crawl.fetch(path, role) == "200" and (path, role) in crawl.texts:
                yield path, role, crawl.texts[path, role]


def session_cookies(world) -> dict[str, str]:
    from .world import clients

    return {role: client.cookies["sessionid"].value
            for role, client in clients(world).items() if "sessionid" in client.cookies}


def post(sessions, role: str, action: str, fields: dict[str, list[str]]) -> int:
    client = Client(REMOTE_ADDR=ADDRESS)
    if role in sessions:
        client.cookies["sessionid"] = sessions[role]
    body = encode([(name, values[0] if values else "") for name, values in fields.items()])
    savepoint = transaction.savepoint()
    try:
        return client.post(action, body,
                           content_type="application/x-www-form-urlencoded").status_code
    finally:
        transaction.savepoint_rollback(savepoint)


@pytest.fixture(scope="module")
def walk(crawl):
    return list(walked_pages(crawl))


def _known(page: str, link: str):
    for key in KNOWN:
        if page.startswith(key[0]) and key[1] in link:
            return key
    return None


def test_no_link_shown_to_a_role_answers_403_or_405(crawl, walk):
    wrong, known = [], set()
    for page, role, text in walk:
        for link in links_in(text, page):
            answer = crawl.fetch(link, role)
            if answer in FORBIDDING:
                key = _known(page, link)
                if key is not None:
                    known.add(key)
                else:
                    wrong.append(f"{role} on {page}: {link} answers {answer}")
    assert not wrong, "\n".join(sorted(set(wrong)))
    stale = set(KNOWN) - known - OPTIONAL
    assert not stale, f"fixed: remove from KNOWN {sorted(stale)}"


def test_no_form_shown_to_a_role_is_refused_to_it(world, walk):
    sessions = session_cookies(world)
    wrong, seen = [], set()
    try:
        for page, role, text in walk:
            if "<form" not in text:
                continue
            for form in forms_in(text, page=page, role=role):
                if form.method != "post" or form.action.startswith((*ADMINS, *SESSION_FORMS)):
                    continue
                key = (role, form.action, tuple(sorted(form.fields)))
                if key in seen:
                    continue
                seen.add(key)
                status = post(sessions, role, form.action, form.fields)
                if str(status) in FORBIDDING:
                    wrong.append(f"{role} on {page}: POST {form.action} answers {status}")
    finally:
        cache.delete(throttle._key("address", ADDRESS))
    assert seen, "no form was found"
    assert not wrong, "\n".join(sorted(set(wrong)))


def test_the_walk_covers_the_organising_pages_of_issue_16(walk):
    walked = {page for page, _role, _text in walk}
    for part in ORGANISING:
        assert any(part in page for page in walked), f"no page with {part} was walked"
