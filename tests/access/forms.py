"""The site's forms, read from the pages the access crawl fetched
(tests/access/conftest.py), for the form fuzz (test_form_fuzz.py).

A form is found where a person finds it: in the HTML of a page some role of
the matrix gets. Its fields are read from that HTML (inputs, text areas,
selects with their options, named buttons), with the values the page gives
them, so the fuzz posts the field names the view really reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote_from_bytes, urljoin, urlsplit

from django.urls import Resolver404, resolve

# Fields the fuzz leaves alone: the test client does not check CSRF tokens.
SKIPPED_FIELDS = frozenset({"csrfmiddlewaretoken"})


@dataclass
class Form:
    page: str  # the address of the page it was found on
    role: str  # the first role of the matrix that sees it
    method: str  # "get" or "post"
    action: str  # path and query string it sends to
    route: str = ""  # the URL pattern of `action`, as the matrix keys it
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> values on the page

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return self.route, self.method, tuple(sorted(self.fields))

    def label(self) -> str:
        return f"{self.method.upper()} {self.action} as {self.role} (from {self.page})"


class _FormParser(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[tuple[dict, dict[str, list[str]]]] = []
        self._current: dict[str, list[str]] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def _add(self, name: str | None, value: str | None) -> None:
        if self._current is None or not name or name in SKIPPED_FIELDS:
            return
        values = self._current.setdefault(name, [])
        if value is not None and value not in values:
            values.append(value)

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._current = {}
            self.forms.append((attrs, self._current))
        elif tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in {"file", "image", "reset"}:
                return
            self._add(attrs.get("name"), attrs.get("value", "" if kind != "checkbox" else "on"))
        elif tag == "button" and attrs.get("type", "submit").lower() == "submit":
            self._add(attrs.get("name"), attrs.get("value", ""))
        elif tag == "select":
            self._select = attrs.get("name")
            self._add(self._select, None)
        elif tag == "option" and self._select:
            self._add(self._select, attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self._add(self._textarea, None)

    def handle_data(self, data):
        if self._textarea and self._current is not None and data.strip():
            self._add(self._textarea, data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def route_of(path: str) -> str | None:
    """The URL pattern that answers `path`, written as the matrix keys it."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.route


def forms_in(html: str, *, page: str, role: str) -> list[Form]:
    """Every form of a page that sends to this site."""
    parser = _FormParser(page)
    parser.feed(html)
    found = []
    for attrs, fields in parser.forms:
        method = (attrs.get("method") or "get").lower()
        action = urljoin(page, attrs.get("action") or page)
        parts = urlsplit(action)
        if parts.netloc and parts.netloc not in {"testserver", "localhost"}:
            continue  # another site's form (none today)
        action = parts.path + (f"?{parts.query}" if parts.query else "")
        route = route_of(action)
        if route is None:
            continue
        found.append(Form(page=page, role=role, method=method, action=action, route=route,
                          fields={name: list(values) for name, values in fields.items()}))
    return found


def encode(pairs: list[tuple[str, str]]) -> str:
    """An application/x-www-form-urlencoded body of any text, lone surrogates
    included: they travel as the bytes a careless client would send
    (surrogatepass), which is all HTTP lets them be."""
    return "&".join(
        quote_from_bytes(name.encode("utf-8", "surrogatepass"), safe="")
        + "="
        + quote_from_bytes(value.encode("utf-8", "surrogatepass"), safe="")
        for name, value in pairs
    )
