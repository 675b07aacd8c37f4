"""Where the current action comes from: the request's address, user agent and
user, kept in a context variable by `AuditOriginMiddleware`.

A context variable (not a thread-local) because the site runs under ASGI:
asgiref copies the context into the thread that runs a synchronous view, and
each request (or WebSocket message) has its own. Services never receive the
request; `audit.record()` reads the origin from here.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

USER_AGENT_MAX = 300


@dataclass(frozen=True)
class Origin:
    ip_address: str | None
    user_agent: str
    request: Any = None  # its user is read lazily, only when an entry needs it

    @property
    def user(self):
        user = getattr(self.request, "user", None)
        return user if user is not None and user.is_authenticated else None


_origin: ContextVar[Origin | None] = ContextVar("audit_origin", default=None)


def _address(value: str | None) -> str | None:
    """The address when it is one: a server behind a misconfigured proxy can
    pass on a header's text, which the log's address column refuses."""
    try:
        return str(ipaddress.ip_address(value)) if value else None
    except ValueError:
        return None


def origin_from_request(request) -> Origin:
    # REMOTE_ADDR: behind the production proxy it is set from the proxy's
    # header by the server (uvicorn --proxy-headers), as the throttle reads it.
    ip = _address(request.META.get("REMOTE_ADDR"))
    agent = (request.META.get("HTTP_USER_AGENT") or "")[:USER_AGENT_MAX]
    return Origin(ip_address=ip, user_agent=agent, request=request)


def current() -> Origin | None:
    return _origin.get()


@contextmanager
def bound(origin: Origin | None) -> Iterator[None]:
    token = _origin.set(origin)
    try:
        yield
    finally:
        _origin.reset(token)


class AuditOriginMiddleware:
    """Keeps the request's origin for `audit.record()` while it is answered."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self._acall(request)
        with bound(origin_from_request(request)):
            return self.get_response(request)

    async def _acall(self, request):
        with bound(origin_from_request(request)):
            return await self.get_response(request)
