"""Two beats running at the same moment send each digest once (PostgreSQL, real threads)."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection

from notifications import services
from notifications.models import Digest, Notification
from tests.factories import UserFactory

PEOPLE = 20
BEATS = 4
MORNING = datetime(2026, 11, 23, 7, 20, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_simultaneous_beats_send_one_digest_per_person(postgres):
    # given 20 people with three daily notifications each
    people = [UserFactory(email=f"p{i}@example.org", preferred_language="en") for i in range(PEOPLE)]
    for person in people:
        for title in ("a", "b", "c"):
            services.notify([person], "need_new", data={"title": title})
    Notification.objects.update(created_at=MORNING - timedelta(hours=5))
    mail.outbox = []

    # when four beats run the digests at the same moment
    barrier = threading.Barrier(BEATS)
    results, errors = [], []

    def beat():
        try:
            barrier.wait()
            try:
                results.append(services.digests_send_due(now=MORNING))
            finally:
                connection.close()
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=beat) for _ in range(BEATS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then each person got exactly one digest with their three notifications
    assert errors == []
    assert sum(results) == PEOPLE
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"{p} <{p.email}>" for p in people)
    assert all("3 notifications" in m.subject for m in mail.outbox)
    assert Digest.objects.count() == PEOPLE
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
