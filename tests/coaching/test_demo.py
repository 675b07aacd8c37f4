"""demo.coaching.seed(): a coaching thread with notes, a need relayed with its
answer, a contributor invitation and an elected official; idempotent."""

import pytest

from demo import coaching as coaching_demo
from demo import communities as communities_demo
from demo import needs as needs_demo
from gardeners.models import CoachingNote
from needs.models import Relay
from roles.models import ContributorInvitation, ElectedOfficial

pytestmark = pytest.mark.django_db


def test_the_demo_shows_the_coach_the_relay_and_the_elected_official(settings):
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    communities_demo.seed()
    needs_demo.seed()
    assert coaching_demo.seed() == {"notes": 3, "relays": 1, "invitations": 1, "elected": 1}
    assert CoachingNote.objects.filter(community__slug="biodiversite").count() == 3
    assert CoachingNote.objects.exclude(attachment="").count() == 1
    assert Relay.objects.get().is_answered
    assert ContributorInvitation.objects.active().count() == 1
    official = ElectedOfficial.objects.get()
    assert official.communities.filter(slug="biodiversite").exists()
    assert coaching_demo.seed() == {"notes": 0, "relays": 0, "invitations": 0, "elected": 0}
