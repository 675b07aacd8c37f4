"""Random text to every form of the site: never a server error (issue 13).

The forms are not listed by hand. The access crawl (tests/access/conftest.py)
fetched every address of the matrix as every role; each form of each page it
got (tests/access/forms.py) is fuzzed as the first role that sees it, with
the field names read from the page. Hypothesis draws each field's value from
the values the page gives it (so the other fields get past validation) or
from any text: every Unicode character, lone surrogates (sent as the bytes a
careless client sends, the only way HTTP carries them), control characters,
NUL, right-to-left marks, markup, numbers out of range, very long strings,
the empty string, and fields left out. Every answer must be below 500.

No form may escape: every address of the matrix that takes a POST (an empty
POST as the role the matrix lets in does not answer 405) must be the target
of a form found on some page, or the test names it. The admins' forms
(/cms/, /django-admin/) are Wagtail's and Django's and are left out.

Each request runs in a savepoint rolled back at once, from a fresh client on
the role's session: a form that logs out, deletes an account or changes a
password changes nothing for the next one. The log-in forms post from their
own address, whose throttle counter is cleared afterwards.

Budget: TERREAU_FUZZ_EXAMPLES examples per form (4 by default), derandomized
so that CI draws the same examples each run (docs/security.md).
"""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from accounts import throttle

from . import matrix
from .conftest import all_cases
from .forms import Form, encode, forms_in, route_of
from .test_secret_markers import SEARCHES

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("TERREAU_FUZZ_EXAMPLES", "4"))
# The log-in forms' posts come from this address (a documentation range).
FUZZ_ADDRESS = "192.0.2.250"
ADMINS = tuple(matrix.PREFIXES)

ANY_CHAR = st.characters(codec=None, exclude_categories=())  # Cs (lone surrogates) included
HOSTILE = [
    "", " ", "\x00", "a\x00b", "\ud800", "a\udfffb", "\u202e", "\ufeff", "\r\n", "\x1b[31m",
    "<script>alert(1)</script>", "=1+1", "-1", "0", "99999999999999999999", "1e400", "NaN",
    "2025-02-30", "../../etc/passwd", "%00", "' OR 1=1 --", "@", "a" * 64 + "@example.org",
]
TEXT = st.one_of(
    st.text(ANY_CHAR, max_size=30),
    st.sampled_from(HOSTILE),
    # Very long: past every field's limit, and a body of a few hundred kilobytes.
    st.builds(lambda c, n: c * n, ANY_CHAR, st.sampled_from([300, 5_001, 100_000])),
)
LEFT_OUT = None

# Pages that show a form only for a query: the check-in's search for a registrant.
QUERIED_PAGES = ("/events/{event}/check-in/?q=informed",)

# Addresses that take a POST whose form shows only in a state the world does
# not hold (route -> why). Each must still take a POST and still be unreached,
# or the test says the entry is stale.
UNREACHED = {
    r"accounts/^confirm-email/(?P<key>[-:\w]+)/$":
        "allauth's confirmation: the world's key is a wrong one, whose page has no form",
    "events/r/confirm/<str:token>/": "shown for a registration not yet confirmed; the world's is",
    "communities/<slug:slug>/directory/me/location/remove/":
        "shown to a member with a map position; the world places nobody on the map",
    "communities/<slug:slug>/needs/<int:pk>/connect/":
        "shown once a need is at the connection step; the world's are not",
    "communities/<slug:slug>/needs/<int:pk>/support/remove/":
        "shown to a supporter of the need; nobody supports the world's",
    "newsletters/<int:pk>/unschedule/": "shown for a scheduled letter; the world schedules none",
    "newsletters/sections/<int:pk>/move/":
        "shown beside the accepted sections of a letter being edited; the world's has none",
    "communities/<slug:slug>/unfollow/":
        "shown to a person who follows the community; nobody in the world follows one (a "
        "follower would be one more role)",
    "privacy/delete-my-account/cancel/":
        "shown to a person whose deletion is pending; the world deletes nobody",
    "councils/<slug:slug>/draws/<int:pk>/run/":
        "shown once an announced draw's seed is fixed; the world's draw has none yet",
    "councils/<slug:slug>/members/<int:pk>/replace/":
        "shown beside a drawn member who left; the world's members have not",
    "communities/<slug:slug>/contributors/<int:invitation_id>/revoke/":
        "shown beside an active invitation of the cultivator; the world's is revoked (an "
        "active one would change every answer of the cultivator's column)",
    "barometers/<slug:slug>/waves/<int:pk>/launch/":
        "shown on a wave not yet launched; the world's waves are launched (its answers and "
        "published results need them)",
    "barometers/<slug:slug>/waves/<int:pk>/questions/":
        "the form to add a question is shown while a wave is a draft; the world's are launched",
    "barometers/<slug:slug>/waves/<int:pk>/questions/<int:question>/edit/":
        "the form to edit a question is shown while a wave is a draft; the world's are launched",
    "barometers/<slug:slug>/waves/<int:pk>/questions/<int:question>/remove/":
        "shown beside a draft wave's questions; the world's waves are launched",
    "barometers/<slug:slug>/waves/<int:pk>/questions/<int:question>/move/":
        "shown beside a draft wave's questions; the world's waves are launched",
    "councils/<slug:slug>/channel/":
        "the form to open a council's channel is shown until it is open; the world's council "
        "has its channel (the socket matrix reads it)",
}


def value_of(values: list[str]):
    """A field's value: one the page offers, any text, or the field left out."""
    offered = [value for value in values if value]
    choices = [st.sampled_from(offered)] if offered else []
    return st.one_of(*choices, TEXT, st.just(LEFT_OUT))


def submissions(form: Form):
    return st.fixed_dictionaries({name: value_of(values) for name, values in form.fields.items()})


def pages(crawl):
    """(path, role, text) of every page some role gets: the matrix's addresses,
    the secret-marker crawl's searches, and the pages above."""
    paths = [crawl.world.path(item.path) for _key, item in all_cases()]
    paths += [crawl.world.path(template) for template in (*SEARCHES, *QUERIED_PAGES)]
    for path in dict.fromkeys(paths):
        if path.lstrip("/").startswith(ADMINS):
            continue
        for role in matrix.ROLES:
            if crawl.fetch(path, role) == "200":
                yield path, role, crawl.texts[path, role]


def site_forms(crawl) -> dict[tuple, Form]:
    """Every distinct form of the site's pages (admins aside), with the first
    role of the matrix that sees it."""
    found: dict[tuple, Form] = {}
    order = {role: index for index, role in enumerate(matrix.ROLES)}
    for path, role, text in pages(crawl):
        if "<form" not in text:
            continue
        for form in forms_in(text, page=path, role=role):
            if form.route.lstrip("^").startswith(ADMINS):
                continue
            known = found.get(form.key)
            if known is None or order[role] < order[known.role]:
                found[form.key] = form
    return found


def session_cookies(world) -> dict[str, str]:
    """Each signed-in role's session key, for fresh clients on it."""
    from .world import clients

    return {
        role: client.cookies["sessionid"].value
        for role, client in clients(world).items()
        if "sessionid" in client.cookies
    }


def fresh_client(sessions: dict[str, str], role: str) -> Client:
    client = Client(REMOTE_ADDR=FUZZ_ADDRESS)
    if role in sessions:
        client.cookies["sessionid"] = sessions[role]
    return client


def submit(client: Client, method: str, action: str, pairs: list[tuple[str, str]]):
    """Send a form's fields, the request's writes rolled back at once."""
    body = encode(pairs)
    savepoint = transaction.savepoint()
    try:
        if method == "post":
            return client.post(action, body, content_type="application/x-www-form-urlencoded")
        path, _, query = action.partition("?")
        return client.get(f"{path}?{'&'.join(part for part in (query, body) if part)}")
    finally:
        transaction.savepoint_rollback(savepoint)


def post_routes(crawl, sessions) -> dict[str, tuple[str, str, int]]:
    """route -> (address, role, status) for every address of the matrix that
    takes a POST: an empty POST, as the first role the matrix lets in (a 200
    or a 405 to GET), answers neither 405 nor what a GET answers (a feed or a
    page that reads a POST as a GET takes no form)."""
    taking = {}
    for key, item in all_cases():
        if key in matrix.PREFIXES or key in taking:
            continue
        roles = [role for role, want in zip(matrix.ROLES, item.expect, strict=True)
                 if want in {"200", "405"}]
        if not roles:
            continue
        path = crawl.world.path(item.path)
        response = submit(fresh_client(sessions, roles[0]), "post", path, [])
        assert response.status_code < 500, f"empty POST {path} as {roles[0]}"
        if response.status_code != 405 and str(response.status_code) != crawl.fetch(path, roles[0]):
            taking[key] = (path, roles[0], response.status_code)
    return taking


@pytest.fixture(scope="module")
def forms(crawl):
    return site_forms(crawl)


@pytest.fixture
def sessions(world):
    yield session_cookies(world)
    cache.delete(throttle._key("address", FUZZ_ADDRESS))


def test_every_address_that_takes_a_post_is_reached_by_a_form(crawl, forms, sessions):
    reached = {form.route.replace("^", "") for form in forms.values() if form.method == "post"}
    taking = post_routes(crawl, sessions)

    unreached = sorted(
        f"{path} ({key}) as {role}: answered {status} to an empty POST"
        for key, (path, role, status) in taking.items()
        if key.replace("^", "") not in reached and key not in UNREACHED
    )
    stale = sorted(
        key for key in UNREACHED if key not in taking or key.replace("^", "") in reached
    )
    assert not unreached, (
        "addresses that take a POST but no page the roles see has a form for them "
        "(the fuzz cannot reach them: show the form in the world, or add the route to "
        "UNREACHED saying why):\n  " + "\n  ".join(unreached)
    )
    assert not stale, f"UNREACHED entries now reached, or taking no POST: {stale}"


def test_the_forms_are_found_with_their_fields_and_their_role(forms):
    by_route = {}
    for form in forms.values():
        by_route.setdefault(form.route, []).append(form)

    (login,) = by_route["accounts/login/"]
    assert login.role == "anonymous" and {"login", "password"} <= set(login.fields)
    assert any(form.role == "gardener" and "title" in form.fields
               for form in by_route["events/<int:pk>/edit/"])
    assert by_route[route_of("/i18n/setlang/")][0].role == "anonymous"


def test_random_text_to_every_form_never_answers_a_server_error(forms, sessions):
    failures = []
    for form in sorted(forms.values(), key=lambda f: f.key):
        fuzz = fuzzer(form, sessions)
        try:
            fuzz()
        except Exception as error:  # noqa: BLE001 - every form is tried, then all are named
            notes = "\n    ".join(getattr(error, "__notes__", []))
            failures.append(f"{form.label()}: {type(error).__name__}: {error}\n    {notes}")

    assert not failures, f"{len(failures)} of {len(forms)} forms failed:\n" + "\n".join(failures)


def fuzzer(form: Form, sessions):
    """A Hypothesis test of one form."""

    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
    )
    @given(values=submissions(form))
    def fuzz(values):
        pairs = [(name, value) for name, value in values.items() if value is not LEFT_OUT]
        response = submit(fresh_client(sessions, form.role), form.method, form.action, pairs)
        assert response.status_code < 500, (form.label(), response.status_code)

    return fuzz
