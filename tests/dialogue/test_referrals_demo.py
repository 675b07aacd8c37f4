"""demo.referrals.seed(): a relay answered by an agent of the direction, one
waiting for its answer, a need referred to the open process with an answer;
idempotent."""

import pytest

from demo import coaching as coaching_demo
from demo import communities as communities_demo
from demo import needs as needs_demo
from demo import processes as processes_demo
from demo import referrals as referrals_demo
from needs.models import Relay
from processes.models import Referral

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_direction_answering_and_a_referral(settings):
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    communities_demo.seed()
    needs_demo.seed()
    processes_demo.seed()
    coaching_demo.seed()
    assert referrals_demo.seed() == {"relays": 2, "referrals": 1}
    agent_answer = Relay.objects.get(answer_recorded_by__email=referrals_demo.AGENT_EMAIL)
    assert agent_answer.answer_status == "yes"
    assert agent_answer.direction.staff.filter(email=referrals_demo.AGENT_EMAIL).exists()
    assert Relay.objects.filter(answered_at__isnull=True).count() == 1
    referral = Referral.objects.get()
    assert referral.process.title == referrals_demo.OPEN_PROCESS
    assert (referral.status, referral.need.community.slug) == ("under_study", "biodiversite")
    assert referrals_demo.seed() == {"relays": 0, "referrals": 0}
