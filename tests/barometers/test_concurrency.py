"""Two submissions from one account at the same moment count once: the
unique (wave, account) participation is the guard. Real threads, each with
its own PostgreSQL connection, released together."""

from collections import Counter

import pytest

from barometers import services
from barometers.models import Answer, Participation, Response
from tests.concurrency import race
from tests.factories import UserFactory

from .conftest import answers


def _submit(**kwargs):
    services.response_submit(**kwargs)
    return "submitted"


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_from_one_account_count_once(postgres, public_wave):
    person = UserFactory()
    data = answers(public_wave)
    outcomes = race(*[
        lambda: _submit(wave=public_wave, data=data, user=person)
        for _ in range(4)
    ])
    assert Counter(outcomes) == {"submitted": 1, "already_answered": 3}
    assert Participation.objects.count() == 1
    assert Response.objects.count() == 1
    assert Answer.objects.filter(question__code="cadre-de-vie").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_from_one_browser_count_once(postgres, public_wave):
    from django.contrib.auth.models import AnonymousUser

    token = services.new_device_token()
    data = answers(public_wave)
    outcomes = race(*[
        lambda: _submit(wave=public_wave, data=data, user=AnonymousUser(), device_token=token)
        for _ in range(3)
    ])
    assert Counter(outcomes) == {"submitted": 1, "already_answered": 2}
    assert Response.objects.count() == 1
