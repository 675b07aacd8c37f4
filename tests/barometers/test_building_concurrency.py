"""Two agents on one wave at once, on PostgreSQL: a launch or a publication
happens once, the other agent is told, and the audit log has one line.

wave_launch and results_publish lock the wave's row and read it again;
without the lock, both would read "not yet" and both would write (and log)."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from audit.models import AuditEntry
from barometers import services
from barometers.models import Wave

from .conftest import add_questions

ROUNDS = 10


def together(*actions) -> tuple[list, list]:
    barrier = threading.Barrier(len(actions))
    codes, errors = [], []

    def run(action):
        try:
            barrier.wait()
            try:
                action()
            finally:
                connection.close()
        except ValidationError as error:
            codes.append(error.code)
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes, errors


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

        codes, errors = together(launch, launch)
        assert errors == [] and codes == ["launched"]
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

        codes, errors = together(publish, publish)
        assert errors == [] and codes == ["published"]
    assert AuditEntry.objects.filter(action="barometer.results_published").count() == ROUNDS
