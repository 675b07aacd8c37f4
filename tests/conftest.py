"""Fixtures shared by the whole suite.

Services: a test that needs PostgreSQL or Redis asks for the `postgres` or
`redis_url` fixture. Under CI=true a missing service fails the test; on a
laptop without the service the test is skipped with the reason printed.
"""

import os
import socket
from urllib.parse import urlparse

import pytest
from django.db import connection
from hypothesis import settings as hypothesis_settings

from communities.models import Circle
from tests import db_sessions
from tests.factories import (
    CommunityFactory,
    DirectionFactory,
    GardenerPairFactory,
    MembershipFactory,
    UserFactory,
)

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# Hypothesis keeps no example database in the tree (.hypothesis/), and in CI
# draws the same examples on every run, so a red run can be replayed
# (docs/security.md, the property tests).
hypothesis_settings.register_profile("terreau", database=None, deadline=None)
hypothesis_settings.register_profile("ci", database=None, deadline=None, derandomize=True)
hypothesis_settings.load_profile("ci" if IN_CI else "terreau")
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """pytest-django's, which drops the test database at the end; before it
    does, any other session still on the database is named and ended
    (tests/db_sessions.py), so that the drop does not fail."""
    yield
    with django_db_blocker.unblock():
        for session in db_sessions.release_the_test_database():
            request.node.warn(pytest.PytestWarning(
                f"A session outlived the tests on the test database: {session}"))


def pytest_runtest_setup(item):
    db_sessions.running(item.nodeid)


def service_missing(reason: str):
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a required service must be running)")
    pytest.skip(reason)


def _answers(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_url():
    """A Redis that answers, or a failure under CI."""
    if not _answers(REDIS_URL):
        service_missing(f"Redis is not answering at {REDIS_URL}")
    return REDIS_URL


@pytest.fixture(autouse=True)
def _an_empty_local_cache():
    """Without REDIS_URL the cache is in memory, shared by every test of a
    process: it starts empty for each one. On SQLite a rolled-back test's
    primary keys come back, and what the cache keeps under them (a used
    second-factor code, a throttle's count) would meet the next test's
    people. (A shared Redis is never cleared: its keys carry the run's
    prefix, and the tests that write them delete them.)"""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()


@pytest.fixture
def postgres(db):
    """The test database must be PostgreSQL (concurrency, row locks)."""
    if connection.vendor != "postgresql":
        service_missing("this test needs PostgreSQL: set DATABASE_URL")
    return connection


@pytest.fixture(autouse=True)
def _force_login_includes_the_second_factor(monkeypatch):
    """`force_login` stands for a log-in completed the way the site asks,
    second factor included: its session is marked as allauth's code step
    marks it (accounts/second_factor.py), so the staff, cultivators and
    gardeners that tests log in this way are not sent to the authenticator
    set-up. Tests of the second factor itself log in through the forms, or
    with `client.login()`, which does not mark the session."""
    from django.test.client import ClientMixin

    from accounts.second_factor import SESSION_KEY, session_mark

    force_login, aforce_login = ClientMixin.force_login, ClientMixin.aforce_login

    def marked_force_login(self, user, backend=None):
        force_login(self, user, backend)
        session = self.session
        session_mark(session, user)
        session.save()

    async def marked_aforce_login(self, user, backend=None):
        await aforce_login(self, user, backend)
        session = await self.asession()
        await session.aset(SESSION_KEY, str(user.pk))  # session_mark, without blocking
        await session.asave()

    monkeypatch.setattr(ClientMixin, "force_login", marked_force_login)
    monkeypatch.setattr(ClientMixin, "aforce_login", marked_aforce_login)


@pytest.fixture(autouse=True)
def _empty_footer():
    """Every test starts with an empty footer in the cache (no query): the
    footer of base.html never shows in another app's query counts, and a
    previous test's links never leak. The cms tests fill it when they need it."""
    from cms.footer import footer_links_preset

    footer_links_preset([])


@pytest.fixture(autouse=True)
def _no_overview_snapshot():
    """Every test reads the cultivator overview from its own data: the snapshot
    a previous test left in the worker's cache is forgotten."""
    from insights.snapshots import overview_forget

    overview_forget()


@pytest.fixture(autouse=True)
def _wagtail_home_page(request):
    """Give "/" its HomePage back in tests whose database is flushed.

    Transactional tests (the browser ones) empty every table after they run,
    Wagtail's page tree included, so the HomePage created by the cms data
    migration is gone for the next one. pytest-django runs them after every
    other test; with pytest-xdist, `--dist load` keeps that order per worker
    (docs/testing.md). A transactional test is one that asks for the
    fixture or is marked `django_db(transaction=True)`.
    """
    marker = request.node.get_closest_marker("django_db")
    marked = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    if "transactional_db" not in request.fixturenames and not marked:
        return
    request.getfixturevalue("transactional_db")
    from cms.services import site_tree_ensure

    site_tree_ensure()


# --- The role matrix ------------------------------------------------------------

ROLES = (
    "anonymous",
    "citizen",
    "informed",
    "engaged",
    "gardener",
    "other_gardener",
    "cultivator",
    "staff",
)


@pytest.fixture
def community(db):
    return CommunityFactory(name="Biodiversité", slug="biodiversite")


@pytest.fixture
def other_community(db):
    return CommunityFactory(name="Alimentation durable", slug="alimentation")


@pytest.fixture
def member_elsewhere(community, other_community):
    """Engaged in the other community, a citizen in `community`: what each
    community shows them follows their circle there, never the other's."""
    person = MembershipFactory(community=other_community, circle=Circle.ENGAGED).user
    MembershipFactory(community=community, circle=Circle.CITIZENS, user=person)
    return person


@pytest.fixture
def pair(community):
    return GardenerPairFactory(community=community)


@pytest.fixture
def cultivator_direction(db):
    return DirectionFactory(name="Cultivateur", slug="cultivateur", is_coordinating=True)


@pytest.fixture
def people(community, other_community, pair, cultivator_direction):
    """One user per role of the matrix, relative to `community`."""
    from django.contrib.auth.models import AnonymousUser

    users = {"anonymous": AnonymousUser()}
    for role, circle in (
        ("citizen", Circle.CITIZENS),
        ("informed", Circle.INFORMED),
        ("engaged", Circle.ENGAGED),
    ):
        users[role] = MembershipFactory(
            community=community, circle=circle, user=UserFactory(email=f"{role}@example.org")
        ).user
    users["gardener"] = pair.territory_gardener
    users["institution_gardener"] = pair.institution_gardener
    users["other_gardener"] = GardenerPairFactory(community=other_community).territory_gardener
    cultivator = UserFactory(email="cultivator@example.org")
    cultivator_direction.staff.add(cultivator)
    users["cultivator"] = cultivator
    users["staff"] = UserFactory(email="staff@example.org", is_staff=True)
    return users


@pytest.fixture
def login(client):
    """Log a user in on the test client and return the client."""

    def _login(user):
        if user.is_authenticated:
            client.force_login(user)
        return client

    return _login


@pytest.fixture
def lifecycle_hooks(monkeypatch):
    """A copy of the membership lifecycle's registry (communities/lifecycle.py)
    in place of the project's: the hooks the apps registered still run, and
    the hooks a test registers are gone after it."""
    from communities import lifecycle

    registry = lifecycle.hooks.copy()
    monkeypatch.setattr(lifecycle, "hooks", registry)
    return registry


@pytest.fixture
def in_english(settings):
    """Assertions read the English source strings, whatever the French catalogue
    says: pages, messages and e-mails are rendered in English. Every person saved
    meanwhile prefers English, since a page follows its reader's language."""
    from django.db.models.signals import pre_save
    from django.utils import translation

    from accounts.models import User

    def english(sender, instance, **kwargs):
        instance.preferred_language = "en"

    settings.LANGUAGE_CODE = "en"
    pre_save.connect(english, sender=User, dispatch_uid="tests-in-english")
    with translation.override("en"):
        yield
    pre_save.disconnect(sender=User, dispatch_uid="tests-in-english")


@pytest.fixture
def from_noon_in_paris(monkeypatch):
    """Time flows from noon in Paris today, so a test that reads "today" when
    it writes and again when it reads never straddles midnight (a suite run at
    23:59 in Paris once saw a call due "today" closed by the time its list was
    read). Only in this process: a server in a subprocess keeps the real clock."""
    import datetime as dt

    from django.utils import timezone

    real_now = timezone.now
    start = real_now()
    noon = timezone.localtime(start).replace(hour=12, minute=0, second=0, microsecond=0)
    noon = noon.astimezone(dt.timezone.utc)
    monkeypatch.setattr(timezone, "now", lambda: noon + (real_now() - start))
    return noon
