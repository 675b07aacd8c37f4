"""An event is announced to the members of the circles it is for: in the centre
and by e-mail as each person chose (at once, in the daily digest), once per
person and event, also when the event is edited and its circles widened."""

import datetime as dt
from email.utils import parseaddr

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import Circle
from events import services
from events.models import Event, EventInvitation
from notifications import services as notifications
from notifications.kinds import Frequency
from notifications.models import Notification
from notifications.tasks import send_digests
from tests.factories import MembershipFactory, UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db

ANNOUNCED = "event_announced"


def _draft(community, organiser, **fields):
    start = timezone.now() + dt.timedelta(days=10)
    return services.event_create(
        organiser=organiser, community=community, title="Inventaire des haies",
        description="On compte les haies.", starts_at=start,
        ends_at=start + dt.timedelta(hours=2), address="Salle des fêtes", **fields,
    )


def _to(outbox):
    return sorted(parseaddr(m.to[0])[1] for m in outbox)


def _told(kind=ANNOUNCED):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def test_an_event_for_the_informed_circle_tells_exactly_the_informed_and_engaged_once(
    people, community, pair, other_community, commit, outbox
):
    # given a second informed member, and people outside the circles
    second = MembershipFactory(community=community, circle=Circle.INFORMED,
                               user=UserFactory(email="second@example.org")).user
    MembershipFactory(community=other_community, circle=Circle.ENGAGED,
                      user=UserFactory(email="elsewhere@example.org"))
    event = _draft(community, people["gardener"], audience=Event.Audience.CIRCLES,
                   circles=[Circle.INFORMED])
    assert Notification.objects.filter(kind=ANNOUNCED).count() == 0  # a draft tells no one

    commit(services.event_publish, event=event, actor=people["gardener"])

    expected = sorted([people["informed"].email, people["engaged"].email, second.email])
    assert _told() == expected
    assert _to(outbox) == expected  # at once, the default
    assert all("Inventaire des haies" in m.body for m in outbox)

    # when it is edited (title, date) and the same circles chosen again: nobody twice
    outbox.clear()
    commit(services.event_update, event=event, actor=people["gardener"], title="Inventaire",
           circles=[Circle.INFORMED, Circle.ENGAGED])
    assert _told() == expected
    assert outbox == []


def test_widening_a_published_event_tells_only_the_new_circle(people, community, commit, outbox):
    event = _draft(community, people["gardener"], audience=Event.Audience.CIRCLES,
                   circles=[Circle.ENGAGED])
    commit(services.event_publish, event=event, actor=people["gardener"])
    assert _told() == [people["engaged"].email]

    outbox.clear()
    commit(services.event_update, event=event, actor=people["gardener"],
           audience=Event.Audience.PUBLIC)

    assert _told() == sorted([people["citizen"].email, people["informed"].email,
                              people["engaged"].email])
    assert _to(outbox) == sorted([people["citizen"].email,
                                                      people["informed"].email])
    # and announcing again (a second publication's call) finds nobody left to tell
    assert services.announce(Event.objects.get(pk=event.pk)) == []


def test_the_publisher_and_the_gardeners_who_are_not_members_are_not_told(people, community,
                                                                          commit):
    MembershipFactory(community=community, circle=Circle.ENGAGED, user=people["staff"])
    event = _draft(community, people["staff"])
    commit(services.event_publish, event=event, actor=people["staff"])
    assert people["staff"].email not in _told()
    assert people["gardener"].email not in _told()
    assert not EventInvitation.objects.filter(user=people["staff"]).exists()


def test_an_institution_wide_event_tells_no_community(people, commit):
    event = _draft(None, people["cultivator"])
    commit(services.event_publish, event=event, actor=people["cultivator"])
    assert _told() == []


def test_a_daily_choice_waits_for_the_digest_and_never_stays_in_the_centre(
    people, community, commit, outbox
):
    notifications.preferences_set(user=people["informed"], frequencies={ANNOUNCED: "daily"})
    notifications.preferences_set(user=people["citizen"], frequencies={ANNOUNCED: "never"})
    event = _draft(community, people["gardener"])
    commit(services.event_publish, event=event, actor=people["gardener"])

    # at once: only the engaged member, who kept the default
    assert _to(outbox) == [people["engaged"].email]
    rows = dict(Notification.objects.filter(kind=ANNOUNCED)
                .values_list("recipient__email", "delivery"))
    assert rows[people["informed"].email] == Frequency.DAILY
    assert rows[people["citizen"].email] == Frequency.NEVER

    # the next morning's digest carries it to the informed member, not to the citizen
    outbox.clear()
    Notification.objects.filter(kind=ANNOUNCED).update(
        created_at=timezone.now() - dt.timedelta(days=1)
    )
    with_digest = timezone.localtime(timezone.now()).replace(hour=7, minute=30)
    commit(send_digests, with_digest.isoformat())
    assert _to(outbox) == [people["informed"].email]
    assert "Inventaire des haies" in outbox[0].body


def test_the_pair_reads_who_was_invited_and_who_registered_per_circle(
    people, community, login, commit, register
):
    event = _draft(community, people["gardener"], audience=Event.Audience.CIRCLES,
                   circles=[Circle.INFORMED], capacity=20)
    commit(services.event_publish, event=event, actor=people["gardener"])
    register(Event.objects.get(pk=event.pk), people["engaged"])

    page = login(people["gardener"]).get(reverse("events:detail", args=[event.pk]))
    assert "informed: invited 1 · registered 0" in page.content.decode()
    assert "engaged: invited 1 · registered 1" in page.content.decode()

    member_page = login(people["engaged"]).get(reverse("events:detail", args=[event.pk]))
    assert "invited 1" not in member_page.content.decode()


@pytest.mark.parametrize(("offset", "counted"), [
    (-dt.timedelta(microseconds=1), 0),  # registered a moment before being invited
    (dt.timedelta(0), 1),                # at the very moment
    (dt.timedelta(microseconds=1), 1),   # a moment after
])
def test_only_a_registration_made_after_the_invitation_counts(
    people, community, login, commit, register, offset, counted
):
    event = _draft(community, people["gardener"], audience=Event.Audience.CIRCLES,
                   circles=[Circle.ENGAGED], capacity=20)
    commit(services.event_publish, event=event, actor=people["gardener"])
    registration = register(Event.objects.get(pk=event.pk), people["engaged"])
    invited_at = EventInvitation.objects.get(event=event, user=people["engaged"]).invited_at
    type(registration).objects.filter(pk=registration.pk).update(created_at=invited_at + offset)

    page = login(people["gardener"]).get(reverse("events:detail", args=[event.pk]))
    assert f"engaged: invited 1 · registered {counted}" in page.content.decode()


def test_the_community_home_shows_its_next_events_with_places_left(people, community, client):
    EventFactory(community=community, title="Sortie mares", capacity=12)
    page = client.get(reverse("communities:detail", args=[community.slug]))
    html = page.content.decode()
    assert "Sortie mares" in html
    assert "12 places left" in html
