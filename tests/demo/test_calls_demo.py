"""demo.calls.seed(): an open call with a draft and a submission, a past call
with a funded project; idempotent."""

import pytest

from calls.models import Application, Call
from demo import calls as calls_demo
from demo import communities as demo

pytestmark = pytest.mark.django_db


def test_seed_shows_an_open_and_a_past_call_and_is_idempotent(settings, tmp_path):
    settings.CALLS_PRIVATE_ROOT = tmp_path
    demo.seed()
    assert calls_demo.seed() == {"calls": 2}
    assert calls_demo.seed() == {"calls": 0}
    open_call = Call.objects.get(slug=calls_demo.OPEN)
    statuses = sorted(open_call.applications.values_list("status", flat=True))
    assert statuses == [Application.Status.DRAFT, Application.Status.SUBMITTED]
    funded = Application.objects.get(call__slug=calls_demo.PAST)
    assert funded.decision == Application.Decision.FUNDED and funded.scores.count() == 6
    assert open_call.applications.get(status="draft").carriers.count() == 1
