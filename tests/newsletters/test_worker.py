"""Exactly one copy per recipient with a real Celery worker, a real Redis and
a real SMTP server, through a kill -9 of the worker and a Redis restart.

The worker (prefork, 2 processes, embedded beat) reads the test database
(PostgreSQL, committed data: transaction=True) and sends to an aiosmtpd
sink in this process. The sink freezes after a number of messages: every
DATA then waits for its answer, so at the moment of the kill each worker
process is blocked waiting for the server's "250 OK" and the message in
flight was never accepted. This is the place a worker dies in practice (the
network, the server); the one place where a kill could still duplicate a
copy, between the server's "250 OK" and the row being marked sent, lasts
one UPDATE and is documented in docs/newsletters.md.
"""

import pytest
from django.db import connection
from django.db.models import Count

from communities.models import Circle
from newsletters import services, tasks
from newsletters.models import Delivery, Letter
from tests.factories import MembershipFactory, UserFactory
from tests.processes import RedisServer, celery_producer, wait_until

from .factories import LetterFactory, SectionFactory, subscribe
from .processes import CeleryWorker, SmtpSink

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

RECIPIENTS = 120


def _database_url() -> str:
    s = connection.settings_dict
    return (f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
            f"/{s['NAME']}")


@pytest.fixture
def sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def redis_server(redis_url):  # redis_url: skip (or fail under CI) without redis-server
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def worker(postgres, redis_server, sink, tmp_path):
    worker = CeleryWorker(log_path=tmp_path / "worker.log", env={
        "DJANGO_SETTINGS_MODULE": "terreau.settings.local",
        "DEBUG": "false",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_server.url,
        "EMAIL_URL": sink.url,
        "SITE_URL": "https://terreau.example",
        "NEWSLETTER_BATCH_SIZE": "10",
        "NEWSLETTER_LEASE_SECONDS": "4",
        "NEWSLETTER_SWEEP_SECONDS": "1",
        "LOG_LEVEL": "WARNING",
    })
    yield worker
    worker.stop()


def _pending() -> int:
    return Delivery.objects.filter(state=Delivery.State.PENDING).count()


def test_kill_9_and_a_redis_restart_still_deliver_exactly_one_copy(
        community, pair, sink, redis_server, worker, monkeypatch):
    # Given a letter and its subscribers, committed for the worker to see.
    letter = LetterFactory(community=community)
    SectionFactory(letter=letter, state="accepted", title="Fête des semences")
    emails = []
    for n in range(RECIPIENTS):
        user = MembershipFactory(community=community, circle=Circle.ENGAGED,
                                 user=UserFactory(email=f"reader{n}@example.org")).user
        subscribe(user, community)
        emails.append(user.email)
    # The web process publishes the task to the private Redis, as in production.
    producer = celery_producer(redis_server.url)
    monkeypatch.setattr(tasks.send_letter, "delay", lambda letter_id: producer.send_task(
        "newsletters.tasks.send_letter", args=[letter_id]))

    sink.freeze_at(35)
    worker.start()
    services.letter_send_now(letter=letter, actor=pair.territory_gardener)

    # When the worker is killed -9 in the middle of sending...
    wait_until(lambda: sink.frozen and sink.held >= 1, timeout=60, what="35 messages")
    # Every pool process is blocked at the frozen server before the kill.
    wait_until(lambda: sink.held >= worker.concurrency, timeout=30,
               what="every pool process to reach the frozen server")
    worker.kill()
    wait_until(lambda: sink.held == 0, timeout=10, what="the dead connections to drop")
    sent_before_restart = sink.count
    assert sent_before_restart == 35
    assert Delivery.objects.filter(state="sent").count() == 35
    assert _pending() == RECIPIENTS - 35
    sink.thaw()

    # ...restarted, and Redis restarted (its queue lost) while it sends...
    sink.freeze_at(80)
    worker.start()
    wait_until(lambda: sink.frozen and sink.held >= 1, timeout=60, what="80 messages")
    redis_server.stop()
    redis_server.start()
    sink.thaw()

    # ...then every recipient receives exactly one copy. (Celery's Redis
    # transport sometimes gives up on a broker restart and the worker exits:
    # its supervisor starts it again, as systemd's Restart=always would.)
    def sent():
        worker.restart_if_exited()
        return Letter.objects.get(pk=letter.pk).state == Letter.State.SENT

    try:
        wait_until(sent, timeout=90, interval=0.3, what="the letter to be sent")
    except TimeoutError:
        states = dict(Delivery.objects.values_list("state").annotate(n=Count("pk")))
        pytest.fail(f"not sent: deliveries {states}, sink {sink.count}\n{worker.tail(80)}")
    per_recipient = sink.per_recipient()
    assert sorted(per_recipient) == sorted(emails)
    assert set(per_recipient.values()) == {1}, {r: n for r, n in per_recipient.items() if n > 1}
    assert len(set(sink.message_ids())) == RECIPIENTS
    assert Delivery.objects.filter(state="sent").count() == RECIPIENTS
    # Copies held by the killed worker were sent again after their lease.
    assert Delivery.objects.filter(attempts__gt=1).exists()
