"""Two agents on one wave at once, on PostgreSQL: a launch or a publication
happens once, the other agent is told, and the audit log has one line.

wave_launch and results_publish lock the wave's row and read it again;
without the lock, both would read "not yet" and both would write (and log)."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from audit.models import AuditEntry
from barometers import services
from barometers.models import Wave
from tests.concurrency import race

from .conftest import add_questions

ROUNDS = 10


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_launches_at_once_launch_once(postgres, barometer):
    now = timezone.now()
    for n in range(ROUNDS):
        wave = add_questions(services.wave_create(
            barometer=barometer, title=f"W{n}", opens_at=now + dt.timedelta(days=1),
            closes_at=now + dt.timedelta(days=8)))
        launches = []

        def launch(pk=wave.pk):
            launches.append(services.wave_launch(wave=Wave.objects.get(pk=pk)).launched_at)

        assert sorted(race(launch, launch), key=str) == [None, "launched"]
        assert Wave.objects.get(pk=wave.pk).launched_at == launches[0]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_publications_at_once_publish_and_log_once(postgres, barometer, agent):
    now = timezone.now()
    for n in range(ROUNDS):
        wave = add_questions(services.wave_create(
            barometer=barometer, title=f"W{n}", opens_at=now - dt.timedelta(days=8),
            closes_at=now - dt.timedelta(days=1)))

        def publish(pk=wave.pk):
            services.results_publish(wave=Wave.objects.get(pk=pk), actor=agent)

        assert sorted(race(publish, publish), key=str) == [None, "published"]
    assert AuditEntry.objects.filter(action="barometer.results_published").count() == ROUNDS


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_wave_being_announced_elsewhere_is_skipped_not_waited_for(postgres, barometer):
    """Two beat runs at once: the second skips the wave the first holds and
    goes on with the next, instead of waiting (and announcing it twice)."""
    from django.db import transaction

    now = timezone.now()
    waves = [add_questions(services.wave_create(
        barometer=barometer, title=f"W{n}", opens_at=now + dt.timedelta(days=1, minutes=n),
        closes_at=now + dt.timedelta(days=8))) for n in range(2)]
    for wave in waves:
        services.wave_launch(wave=wave)
    held, release = threading.Event(), threading.Event()

    def hold_the_first():
        try:
            with transaction.atomic():
                Wave.objects.select_for_update().get(pk=waves[0].pk)
                held.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_first)
    holder.start()
    try:
        held.wait(timeout=10)
        # A public wave tells no one: 0 counted, but each one reached is marked.
        assert services.waves_announce_due(now=waves[1].opens_at) == 0
        announced = dict(Wave.objects.values_list("pk", "announced_at"))
        assert (announced[waves[0].pk], announced[waves[1].pk]) == (None, waves[1].opens_at)
    finally:
        release.set()
        holder.join()
