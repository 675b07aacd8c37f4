"""Fixtures of the notification tests: people with or without a verified
address, and a helper that notifies through the service, as other apps do."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications import services
from notifications.models import Notification
from tests.factories import UserFactory


@pytest.fixture
def notify(django_capture_on_commit_callbacks):
    """Call notify() the way apps do (inside their transaction), then run what
    waits for the commit (the e-mails)."""

    def _notify(recipients, kind="mention", **kwargs):
        kwargs.setdefault("data", {"channel": "général", "excerpt": "On se voit samedi ?"})
        with django_capture_on_commit_callbacks(execute=True):
            return services.notify(recipients, kind, **kwargs)

    return _notify


@pytest.fixture
def anna(db):
    """A member reading in French, with a verified address."""
    return UserFactory(email="anna@example.org", display_name="Anna Lefèvre")


@pytest.fixture
def ben(db):
    """A member reading in English, with a verified address."""
    return UserFactory(
        email="ben@example.org", display_name="Ben Smith", preferred_language="en"
    )


@pytest.fixture
def unverified(db):
    return UserFactory(email="new@example.org", display_name="Nouveau", verified=False)


@pytest.fixture
def author(db):
    return UserFactory(email="author@example.org", display_name="Camille Roux")


def make_notifications(recipient, count, *, kind="mention", community=None, read=False,
                       age=timedelta(0), **extra):
    """`count` stored notifications, as notify() leaves them (no e-mail)."""
    now = timezone.now()
    rows = Notification.objects.bulk_create(
        Notification(
            recipient=recipient, kind=kind, community=community,
            data={"channel": f"canal-{i}", "excerpt": f"message {i}"},
            url=f"/communities/x/channels/1/?around={i}",
            read_at=now if read else None, **extra,
        )
        for i in range(count)
    )
    if age:
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(created_at=now - age)
    return rows
