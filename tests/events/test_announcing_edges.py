"""Announcing an event at its edges (events/services/announcing.py): who is
told of what, by whom and where; an event not published or of no community
tells nobody; followers alone are told; the person who publishes never; and
the cost, the same for three people or thirty."""

import pytest

from communities import services as communities
from communities.models import Circle
from events.models import Event, EventInvitation
from events.services.announcing import announce
from notifications.models import Notification
from tests.factories import MembershipFactory, UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db

KIND = "event_announced"


def follower_of(community):
    person = UserFactory()
    communities.community_follow(community=community, user=person)
    return person


def told() -> list[tuple]:
    """(recipient, actor, community, link, data) of each announcement."""
    return sorted(Notification.objects.filter(kind=KIND).values_list(
        "recipient_id", "actor_id", "community_id", "url", "data"))


def invited() -> list[tuple]:
    return sorted(EventInvitation.objects.values_list("user_id", "circle"))


@pytest.mark.parametrize("state", [Event.State.DRAFT, Event.State.CANCELLED])
def test_an_event_not_published_tells_nobody(community, state):
    MembershipFactory(community=community)
    follower_of(community)
    event = EventFactory(community=community, state=state)
    assert announce(event) == []
    assert (told(), invited()) == ([], [])


def test_an_event_of_no_community_tells_nobody(community):
    MembershipFactory(community=community)
    assert announce(EventFactory(community=None)) == []
    assert (told(), invited()) == ([], [])


def test_the_announcement_comes_from_who_published_it_in_the_community(community):
    organiser = UserFactory()
    member = MembershipFactory(community=community, circle=Circle.INFORMED).user
    event = EventFactory(community=community, organiser=organiser, title="Nuit de la chouette")
    rows = announce(event, actor=organiser)
    assert [(row.user_id, row.circle) for row in rows] == [(member.pk, Circle.INFORMED)]
    assert told() == [(member.pk, organiser.pk, community.pk, event.get_absolute_url(),
                       {"event": "Nuit de la chouette"})]


def test_followers_alone_are_told_of_a_public_event(community):
    """No member to tell (the organiser is the only one): the followers
    still are, each with an invitation of no circle."""
    organiser = MembershipFactory(community=community).user
    first, second = follower_of(community), follower_of(community)
    event = EventFactory(community=community, organiser=organiser)
    assert len(announce(event, actor=organiser)) == 2
    assert invited() == sorted([(first.pk, None), (second.pk, None)])
    assert [row[0] for row in told()] == sorted([first.pk, second.pk])


def test_a_follower_who_publishes_is_not_told(community):
    """A follower who is no member (an agent of the direction, say) publishes:
    the others are told, not them."""
    publisher, other = follower_of(community), follower_of(community)
    event = EventFactory(community=community)
    announce(event, actor=publisher)
    assert [row[0] for row in told()] == [other.pk]
    assert invited() == [(other.pk, None)]


def test_a_restricted_event_tells_its_circles_only_and_no_follower(community):
    engaged = MembershipFactory(community=community, circle=Circle.ENGAGED).user
    MembershipFactory(community=community, circle=Circle.CITIZENS)
    follower_of(community)
    event = EventFactory(community=community, audience=Event.Audience.CIRCLES,
                         for_engaged=True)
    announce(event)
    assert invited() == [(engaged.pk, Circle.ENGAGED)]


def test_nobody_left_to_tell_writes_nothing(community, django_assert_num_queries):
    organiser = MembershipFactory(community=community).user
    event = EventFactory(community=community)
    with django_assert_num_queries(2):  # the members, the followers not told yet
        assert announce(event, actor=organiser) == []
    assert (told(), invited()) == ([], [])


@pytest.mark.parametrize("size", [3, 30])
def test_the_cost_is_the_same_for_three_people_or_thirty(community, size,
                                                          django_assert_num_queries):
    """Members (1), followers (1), invitations (1 INSERT), then notify():
    preferences (1), notifications (1 INSERT). Each person's account comes
    with their membership, not by a query of its own."""
    for _n in range(size):
        MembershipFactory(community=community)
    follower_of(community)
    event = EventFactory(community=community)
    with django_assert_num_queries(5):
        assert len(announce(event)) == size + 1
