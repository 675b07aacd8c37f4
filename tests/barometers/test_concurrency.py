"""Two submissions from one account at the same moment count once: the
unique (wave, account) participation is the guard. Real threads, each with
its own PostgreSQL connection, released together."""

import threading

import pytest
from django.db import connection

from barometers import services
from barometers.models import Answer, Participation, Response
from tests.factories import UserFactory

from .conftest import answers


def _together(calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            try:
                call()
            finally:
                connection.close()
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_from_one_account_count_once(postgres, public_wave):
    person = UserFactory()
    data = answers(public_wave)
    errors = _together([
        lambda: services.response_submit(wave=public_wave, data=data, user=person)
        for _ in range(4)
    ])
    assert len(errors) == 3
    assert all(isinstance(e, services.AlreadyAnswered) for e in errors)
    assert Participation.objects.count() == 1
    assert Response.objects.count() == 1
    assert Answer.objects.filter(question__code="cadre-de-vie").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_from_one_browser_count_once(postgres, public_wave):
    from django.contrib.auth.models import AnonymousUser

    token = services.new_device_token()
    data = answers(public_wave)
    errors = _together([
        lambda: services.response_submit(wave=public_wave, data=data, user=AnonymousUser(),
                                         device_token=token)
        for _ in range(3)
    ])
    assert len(errors) == 2
    assert Response.objects.count() == 1
