"""One world and one crawl for the whole access package.

The world (tests/access/world.py) is built once, inside a transaction rolled
back after the package's last test; each test still runs in its own savepoint
(pytest-django's `db`). The crawl GETs every address of the matrix as every
role once, each request in a savepoint rolled back at once (a GET that
marks a notification read changes nothing for the next role), and keeps
each answer and each 200's text: the matrix test reads the answers, the
secret-marker test the texts.

Production's switches hold here: the development outbox page is off.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.generic import RedirectView

from .matrix import PREFIXES, ROLES, ROUTES
from .world import World, build, clients

LOGIN_FORMS = frozenset({"/accounts/login/", "/django-admin/login/", "/cms/login/", "/_util/login/"})


def answer_of(response) -> str:
    """The matrix's word for a response (matrix.ANSWERS)."""
    if response.status_code in (301, 302, 303, 307, 308):
        if urlsplit(response["Location"]).path in LOGIN_FORMS:
            return "login"
        return str(response.status_code)
    return str(response.status_code)


def text_of(response) -> str:
    """What a reader of the answer gets, as text: the body, each file of a ZIP,
    an iCalendar with its folded lines joined again."""
    raw = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    if response.get("Content-Type", "").startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            raw = b"\n".join(archive.read(name) for name in archive.namelist())
    text = raw.decode("utf-8", errors="replace")
    return text.replace("\r\n ", "").replace("\n ", "").replace("\r\n\t", "")


def get(client, path: str):
    """GET without leaving a trace: the request's writes are rolled back."""
    savepoint = transaction.savepoint()
    try:
        return client.get(path)
    finally:
        transaction.savepoint_rollback(savepoint)


# --- The URL configuration --------------------------------------------------------------


def walk(patterns=None, prefix: str = ""):
    """(route, pattern) for every URL pattern of the project, admins included."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def is_moved(pattern: URLPattern) -> bool:
    """A former address (terreau/moved.py, insights/redirects.py): a
    permanent RedirectView to a named pattern, tested by test_moved.py."""
    view_class = getattr(pattern.callback, "view_class", None)
    initkwargs = getattr(pattern.callback, "view_initkwargs", {})
    if view_class is None or not issubclass(view_class, RedirectView):
        return False
    permanent = initkwargs.get("permanent", view_class.permanent)
    return bool(permanent and initkwargs.get("pattern_name", view_class.pattern_name))


def entry_for(route: str) -> str | None:
    """The table's key that answers for `route`: its own, or its admin's prefix."""
    if route in ROUTES:
        return route
    for prefix in PREFIXES:
        if route.startswith(prefix):
            return prefix
    return None


def moved_path(route: str, world: World) -> str:
    """A former address filled with the world's community (every former
    address is a community's or a fixed path)."""
    import re

    def sample(match):
        return {"slug": world.ids["community"], "community": world.ids["community"]}.get(
            match.group(2), "x"
        )

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", sample, route)


def all_cases():
    """(key, case) for every declared address, routes then prefixes."""
    for key, cases in ROUTES.items():
        for item in cases:
            yield key, item
    for key, cases in PREFIXES.items():
        for item in cases:
            yield key, item


# --- The fixtures -----------------------------------------------------------------------


@dataclass
class Crawl:
    world: World
    clients: dict
    answers: dict = field(default_factory=dict)  # (path, role) -> answer
    texts: dict = field(default_factory=dict)  # (path, role) -> text of a 200

    def fetch(self, path: str, role: str) -> str:
        if (path, role) not in self.answers:
            response = get(self.clients[role], path)
            self.answers[path, role] = answer_of(response)
            if response.status_code == 200:
                self.texts[path, role] = text_of(response)
        return self.answers[path, role]


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(OUTBOX_PAGE_ENABLED=False),
        transaction.atomic(),
    ):
        built = build()
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="package")
def crawl(world):
    """Every declared address and every former one, fetched as every role."""
    result = Crawl(world=world, clients=clients(world))
    paths = [world.path(item.path) for _key, item in all_cases()]
    paths += [moved_path(route, world) for route, pattern in walk() if is_moved(pattern)]
    for path in paths:
        for role in ROLES:
            result.fetch(path, role)
    return result
