"""Absolute links: from SITE_URL, or in development from the address served.

An e-mail, a feed or a calendar file is read away from the request that made
it, so its links must point at the public address the institution configured
(SITE_URL), never at the Host header of whoever triggered it nor at the
domain stored in django.contrib.sites when the database was migrated.

In development (`SITE_URL_FROM_REQUEST`, on in the local settings only) the
site is often reached elsewhere than SITE_URL says: another port, a
container's forwarded address. There, `ServedAtMiddleware` remembers the
address each request came to, and links built while answering it (an
e-mail sent after the write commits, a feed) use that address; the e-mail
task carries it to a worker (`served_at`, terreau/tasks.py). Production
never reads the Host header for a link: the setting is off and `serving()`
ignores any address it is given.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

_served_at = contextvars.ContextVar("terreau_served_at", default="")


def _from_request_allowed() -> bool:
    return bool(getattr(settings, "SITE_URL_FROM_REQUEST", False))


def served_at() -> str:
    """The address the current request came to, when development asks for it ("" else)."""
    return _served_at.get() if _from_request_allowed() else ""


@contextmanager
def serving(url: str):
    """Build links on `url` ("scheme://host[:port]") inside the block, in development only."""
    if not url or not _from_request_allowed():
        yield
        return
    token = _served_at.set(url.rstrip("/"))
    try:
        yield
    finally:
        _served_at.reset(token)


def site_url() -> str:
    return served_at() or settings.SITE_URL.rstrip("/")


def site_domain() -> str:
    return urlsplit(site_url()).netloc


def absolute(path_or_url: str) -> str:
    """`path_or_url` on the public site: a path is prefixed with the site's
    address; an absolute URL has its scheme and host replaced by it."""
    bits = urlsplit(path_or_url)
    base = urlsplit(site_url())
    path = bits.path
    if base.path and not path.startswith(base.path + "/"):
        path = base.path + path
    return urlunsplit((base.scheme, base.netloc, path, bits.query, bits.fragment))


class ServedAtMiddleware:
    """Development only: links built while answering a request use its address.

    Listed by the local settings, never by production's (whose links come
    from SITE_URL alone); `request.get_host()` is checked against
    ALLOWED_HOSTS first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _from_request_allowed():
            return self.get_response(request)
        token = _served_at.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            _served_at.reset(token)


def safe_next(request, target: str | None, fallback: str) -> str:
    """Where a form's or a link's `next` may send the person: `target` when it
    is an address of this site (a path from the root, or a URL of the
    request's own host and scheme), else `fallback`.

    A bare word ("0", "home", "accounts:profile") is refused: Django's
    `redirect()` would read it as the name of a view, and a name that is not
    one is a server error.
    """
    from django.utils.http import url_has_allowed_host_and_scheme

    if not target or not isinstance(target, str):
        return fallback
    parts = urlsplit(target)
    if not (parts.netloc or target.startswith("/")):
        return fallback
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return fallback
    return target
