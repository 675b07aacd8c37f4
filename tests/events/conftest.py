import pytest
from django.core import mail

from events import services
from tests.factories import UserFactory

from .factories import EventFactory


@pytest.fixture
def event(community, pair):
    """A published public event of `community`, organised by its territory gardener."""
    return EventFactory(community=community, organiser=pair.territory_gardener)


@pytest.fixture
def register(django_capture_on_commit_callbacks):
    """Register a new signed-in person (e-mails sent as after a real commit)."""

    def _register(event, user=None):
        user = user or UserFactory()
        with django_capture_on_commit_callbacks(execute=True):
            return services.registration_create(event=event, user=user)

    return _register


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a callable as if its transaction committed (so e-mails leave)."""

    def _commit(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return _commit


@pytest.fixture(autouse=True)
def _english(in_english):
    """Pages, messages and e-mails are read in English here (tests/conftest.py)."""


@pytest.fixture
def stale_room_read(monkeypatch):
    """From now on, registration_create's unlocked read says "there is room",
    as a read made just before the last seat went would: the booking must
    decide on the locked row, never on that read."""
    from events.services import registrations

    def make_stale():
        monkeypatch.setattr(registrations, "has_room", lambda *args: True)

    return make_stale
