"""An event open to everyone is announced to the community's followers who are
not members too (issue #16, item 1): same kind, same preferences, once per
person and event; an event for chosen circles is not for them; a follower who
joins is not told again; the pair reads them as their own row of the
conversion."""

import datetime as dt
from email.utils import parseaddr

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import services as communities
from communities.models import Circle
from events import services
from events.models import Event, EventInvitation
from notifications import services as notifications
from notifications.kinds import Frequency
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ANNOUNCED = "event_announced"


def _draft(community, organiser, **fields):
    start = timezone.now() + dt.timedelta(days=10)
    return services.event_create(
        organiser=organiser, community=community, title="Nuit de la chouette",
        description="On écoute.", starts_at=start,
        ends_at=start + dt.timedelta(hours=2), address="Lavoir", **fields,
    )


def _told():
    return sorted(Notification.objects.filter(kind=ANNOUNCED)
                  .values_list("recipient__email", flat=True))


@pytest.fixture
def follower(community):
    person = UserFactory(email="follower@example.org")
    communities.community_follow(community=community, user=person)
    return person


def test_a_public_event_reaches_the_followers_once_also_when_edited(
    people, community, follower, commit, outbox
):
    event = _draft(community, people["gardener"])
    commit(services.event_publish, event=event, actor=people["gardener"])

    members = [people["citizen"].email, people["informed"].email, people["engaged"].email]
    assert _told() == sorted([*members, follower.email])
    assert follower.email in [parseaddr(m.to[0])[1] for m in outbox]
    assert EventInvitation.objects.get(user=follower).circle is None

    # edited (new title, circles chosen then everyone again): nobody twice
    outbox.clear()
    commit(services.event_update, event=event, actor=people["gardener"], title="Chouettes",
           audience=Event.Audience.CIRCLES, circles=[Circle.ENGAGED])
    commit(services.event_update, event=event, actor=people["gardener"],
           audience=Event.Audience.PUBLIC)
    assert _told() == sorted([*members, follower.email])
    assert outbox == []
    assert services.announce(Event.objects.get(pk=event.pk)) == []


def test_a_follower_of_another_community_is_not_told(
    people, community, other_community, commit
):
    elsewhere = UserFactory(email="elsewhere@example.org")
    communities.community_follow(community=other_community, user=elsewhere)
    commit(services.event_publish, event=_draft(community, people["gardener"]),
           actor=people["gardener"])
    assert elsewhere.email not in _told()


def test_an_event_for_chosen_circles_does_not_reach_the_followers(
    people, community, follower, commit
):
    event = _draft(community, people["gardener"], audience=Event.Audience.CIRCLES,
                   circles=[Circle.CITIZENS, Circle.INFORMED, Circle.ENGAGED])
    commit(services.event_publish, event=event, actor=people["gardener"])
    assert follower.email not in _told()
    assert not EventInvitation.objects.filter(user=follower).exists()
    assert len(_told()) == 3  # every member, still


def test_a_follower_who_joins_is_not_told_twice(people, community, follower, commit):
    event = _draft(community, people["gardener"])
    commit(services.event_publish, event=event, actor=people["gardener"])
    communities.membership_join(community=community, user=follower)

    commit(services.event_update, event=event, actor=people["gardener"],
           audience=Event.Audience.CIRCLES, circles=[Circle.CITIZENS])
    commit(services.event_update, event=event, actor=people["gardener"],
           audience=Event.Audience.PUBLIC)
    assert _told().count(follower.email) == 1


def test_a_follower_who_joined_before_the_event_is_told_as_a_member(
    people, community, follower, commit
):
    communities.membership_join(community=community, user=follower)
    commit(services.event_publish, event=_draft(community, people["gardener"]),
           actor=people["gardener"])
    assert _told().count(follower.email) == 1
    assert EventInvitation.objects.get(user=follower).circle == Circle.CITIZENS


def test_the_follower_who_publishes_is_not_told(people, community, follower, commit):
    commit(services.event_publish, event=_draft(community, people["gardener"]),
           actor=follower)
    assert follower.email not in _told()


def test_the_followers_preferences_apply(people, community, follower, commit, outbox):
    notifications.preferences_set(user=follower, frequencies={ANNOUNCED: "daily"})
    commit(services.event_publish, event=_draft(community, people["gardener"]),
           actor=people["gardener"])
    assert follower.email not in [parseaddr(m.to[0])[1] for m in outbox]
    assert Notification.objects.get(recipient=follower, kind=ANNOUNCED).delivery == Frequency.DAILY


def test_the_pair_reads_the_followers_as_their_own_row(
    people, community, follower, login, commit, register
):
    event = _draft(community, people["gardener"], capacity=20)
    commit(services.event_publish, event=event, actor=people["gardener"])
    register(Event.objects.get(pk=event.pk), follower)

    html = login(people["gardener"]).get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "citizens: invited 1 · registered 0" in html
    assert "followers (not members): invited 1 · registered 1" in html
    assert html.index("engaged: invited") < html.index("followers (not members): invited")
