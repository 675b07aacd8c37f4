"""Every URL pattern of the project answers each role as tests/access/matrix.py
declares (issue 13: an access matrix that cannot drift).

The patterns come from the resolver, Wagtail's and the admins' included: a
pattern added without its row fails here with its route, and a row whose
pattern is gone fails too. The table is what docs/permissions.md shows.
"""

import pytest

from . import matrix
from .conftest import all_cases, entry_for, is_moved, moved_path, walk

pytestmark = pytest.mark.django_db

ROUTES = sorted({route for route, _pattern in walk()})
CASES = list(all_cases())


def missing_rows(routes_and_patterns) -> list[str]:
    """The routes the table says nothing about (former addresses aside)."""
    return sorted(
        {
            route
            for route, pattern in routes_and_patterns
            if entry_for(route) is None and not is_moved(pattern)
        }
    )


def test_every_url_pattern_has_a_row():
    missing = missing_rows(walk())

    assert not missing, (
        "URL patterns without a row in tests/access/matrix.py (add what each role "
        "must get, then run `python -m tests.access.matrix`):\n  " + "\n  ".join(missing)
    )


def test_a_pattern_added_without_a_row_is_named():
    from django.urls import path

    from events.views.public import EventListView

    added = path("events/secret-list/", EventListView.as_view())
    routes = [*walk(), ("events/secret-list/", added)]

    assert missing_rows(routes) == ["events/secret-list/"]


def test_every_row_names_a_pattern_of_the_project():
    known = set(ROUTES)
    stale = [key for key in matrix.ROUTES if key not in known]
    stale += [key for key in matrix.PREFIXES if not any(r.startswith(key) for r in known)]

    assert not stale, f"rows of tests/access/matrix.py without a URL pattern: {stale}"


def test_every_declared_address_resolves_to_its_own_pattern(crawl):
    from django.urls import resolve

    wrong = []
    for key, item in CASES:
        path = crawl.world.path(item.path).split("?")[0]
        match = resolve(path)
        # A regex pattern's route loses its "^" once included under a prefix.
        route, key_route = match.route.replace("^", ""), key.replace("^", "")
        own = route.startswith(key_route) if key in matrix.PREFIXES else route == key_route
        if not own:
            wrong.append(f"{item.path} resolves to {match.route!r}, not {key!r}")

    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("key", "item"), CASES, ids=[item.path for _k, item in CASES])
def test_each_role_gets_the_declared_answer(crawl, key, item):
    path = crawl.world.path(item.path)
    got = tuple(crawl.fetch(path, role) for role in matrix.ROLES)

    wrong = [
        f"{role}: declared {want}, got {have}"
        for role, want, have in zip(matrix.ROLES, item.expect, got, strict=True)
        if want != have
    ]
    assert not wrong, f"GET {path} ({key}):\n  " + "\n  ".join(wrong)


def test_former_addresses_answer_301_to_everyone(crawl):
    wrong = []
    for route, pattern in walk():
        if not is_moved(pattern):
            continue
        path = moved_path(route, crawl.world)
        got = {crawl.fetch(path, role) for role in matrix.ROLES}
        if got != {"301"}:
            wrong.append(f"{path}: {got}")

    assert not wrong


def test_the_table_is_in_docs_permissions():
    shown = matrix.docs_section(matrix.DOCS.read_text())

    assert shown == matrix.render(), (
        "docs/permissions.md does not show tests/access/matrix.py: run "
        "`.venv/bin/python -m tests.access.matrix`"
    )
