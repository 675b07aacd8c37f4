"""Fixtures of the API tests: a small public world with people whose e-mail
addresses must never come out, and a fresh throttle for each test."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from communities.models import Circle
from events.models import Event
from tests.events.factories import EventFactory
from tests.factories import CommunityFactory, MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def _english(in_english):
    pass


@pytest.fixture(autouse=True)
def _fresh_throttle(settings):
    """Generous limits and empty counters: only the throttling tests hit them."""
    settings.API_THROTTLE_RATES = {"anonymous": "10000/min", "account": "10000/min"}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def seed_public_world(size: int = 2):
    """`size` communities, each with members in every circle, a public event,
    an institution-wide event, a circles-only event and a draft (never shown)."""
    made = []
    for n in range(size):
        community = CommunityFactory()
        community.themes.add("biodiversité", "eau")
        for circle in (Circle.CITIZENS, Circle.INFORMED, Circle.ENGAGED):
            MembershipFactory(community=community, circle=circle)
        organiser = UserFactory()
        EventFactory(community=community, organiser=organiser, title=f"Public {community.slug}")
        EventFactory(
            community=community,
            organiser=organiser,
            title=f"Engaged only {community.slug}",
            audience=Event.Audience.CIRCLES,
            for_engaged=True,
        )
        EventFactory(
            community=community,
            organiser=organiser,
            title=f"Draft {community.slug}",
            state=Event.State.DRAFT,
            published_at=None,
        )
        made.append(community)
    EventFactory(community=None, title="Institution-wide", format=Event.Format.ONLINE, address="")
    return made


@pytest.fixture
def world(db):
    return seed_public_world()
