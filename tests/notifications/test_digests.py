"""The daily digest: one e-mail per person and day, each notification in exactly one."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from notifications import services
from notifications.kinds import Frequency
from notifications.models import Digest, Notification
from notifications.tasks import send_digests
from tests.factories import CommunityFactory, UserFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
# 7:20 in Paris: today's digest (7:00) is due.
MORNING = datetime(2026, 11, 23, 7, 20, tzinfo=PARIS)


def at(moment: datetime) -> str:
    return moment.isoformat()


def notified(recipient, kind, *, when, community=None, data=None, actor=None, **kwargs):
    """notify() as an app calls it, `when` being the creation time."""
    rows = services.notify(
        [recipient], kind, community=community, actor=actor,
        data=data or {"title": "Un local pour la grainothèque", "group": "Semences",
                      "decision": "On se retrouve en mars", "channel": "général"},
        **kwargs,
    )
    Notification.objects.filter(pk__in=[r.pk for r in rows]).update(created_at=when)
    return rows


@pytest.fixture
def anna(db):
    return UserFactory(email="anna@example.org", display_name="Anna", preferred_language="en")


@pytest.fixture
def ben(db):
    return UserFactory(email="ben@example.org", display_name="Ben", preferred_language="en")


@pytest.fixture
def two_communities(db):
    return CommunityFactory(name="Biodiversité"), CommunityFactory(name="Alimentation")


def test_one_digest_per_person_grouped_by_community(anna, ben, two_communities, django_capture_on_commit_callbacks):
    bio, food = two_communities
    yesterday = MORNING - timedelta(hours=12)
    # given daily notifications in two communities for Anna, one for Ben
    notified(anna, "need_new", when=yesterday, community=bio)
    notified(anna, "need_support", when=yesterday, community=food)
    notified(anna, "group_decision", when=yesterday, community=bio)
    notified(ben, "need_new", when=yesterday, community=food)
    mail.outbox.clear()

    # when the beat runs after the digest hour
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_digests(at(MORNING))

    # then each person gets exactly one digest listing theirs, by community
    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["Anna <anna@example.org>", "Ben <ben@example.org>"]
    anna_mail = next(m for m in mail.outbox if "anna@" in m.to[0])
    assert anna_mail.subject == "Your Terreau digest: 3 notifications"
    body = anna_mail.body
    # Alimentation comes before Biodiversité, each with its own items
    assert body.index("== Alimentation ==") < body.index("== Biodiversité ==")
    assert body.count("/me/notifications/") >= 3
    assert "The working group “Semences” recorded a decision" in body
    assert "/me/notifications/preferences/" in body
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
    assert Digest.objects.count() == 2


def test_running_twice_sends_nothing_twice(anna, django_capture_on_commit_callbacks):
    notified(anna, "need_new", when=MORNING - timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        first = send_digests(at(MORNING))
        second = send_digests(at(MORNING))
        third = send_digests(at(MORNING + timedelta(minutes=15)))
    assert (first, second, third) == (1, 0, 0)
    assert len(mail.outbox) == 1


def test_at_most_one_digest_a_day_and_later_ones_wait_for_tomorrow(
    anna, django_capture_on_commit_callbacks
):
    notified(anna, "need_new", when=MORNING - timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        send_digests(at(MORNING))
    # a notification created after today's digest hour...
    [late] = notified(anna, "need_new", when=MORNING + timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        same_day = send_digests(at(MORNING + timedelta(hours=10)))
        tomorrow = send_digests(at(MORNING + timedelta(days=1)))
    # ...waits for tomorrow's digest
    assert (same_day, tomorrow) == (0, 1)
    assert len(mail.outbox) == 2
    assert "1 notification" in mail.outbox[1].subject
    late.refresh_from_db()
    assert late.emailed_at is not None


def test_nothing_before_the_digest_hour(anna, django_capture_on_commit_callbacks, settings):
    settings.NOTIFICATION_DIGEST_HOUR = 9
    notified(anna, "need_new", when=MORNING - timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests(at(MORNING)) == 0  # 7:20, before 9:00
        assert send_digests(at(MORNING.replace(hour=9, minute=5))) == 1


def test_immediate_kinds_never_appear_in_a_digest(anna, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notified(anna, "mention", when=MORNING - timedelta(hours=3))  # e-mailed at once
        notified(anna, "need_step", when=MORNING - timedelta(hours=3))  # immediately too
    assert len(mail.outbox) == 2
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests(at(MORNING)) == 0
    assert mail.outbox == []


def test_never_never_emails(anna, django_capture_on_commit_callbacks):
    services.preferences_set(user=anna, frequencies={"need_new": Frequency.NEVER,
                                                     "mention": Frequency.NEVER})
    with django_capture_on_commit_callbacks(execute=True):
        notified(anna, "need_new", when=MORNING - timedelta(hours=3))
        notified(anna, "mention", when=MORNING - timedelta(hours=3))
        send_digests(at(MORNING))
        send_digests(at(MORNING + timedelta(days=1)))
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=anna).count() == 2  # still in the centre


def test_a_kind_switched_to_never_before_the_digest_is_left_out(
    anna, django_capture_on_commit_callbacks
):
    notified(anna, "need_new", when=MORNING - timedelta(hours=3))
    notified(anna, "group_decision", when=MORNING - timedelta(hours=3))
    services.preferences_set(user=anna, frequencies={"need_new": Frequency.NEVER})
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests(at(MORNING)) == 1
    assert "1 notification" in mail.outbox[0].subject
    assert "Un local" not in mail.outbox[0].body


def test_email_false_and_unverified_people_get_no_digest(anna, django_capture_on_commit_callbacks):
    stranger = UserFactory(email="unverified@example.org", verified=False)
    notified(anna, "need_new", when=MORNING - timedelta(hours=3), email=False)
    notified(stranger, "need_new", when=MORNING - timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests(at(MORNING)) == 0
    assert mail.outbox == []
    assert not Digest.objects.exists()


def test_the_digest_is_written_in_the_readers_language(db, django_capture_on_commit_callbacks):
    french = UserFactory(email="fr@example.org", display_name="Zoé", preferred_language="fr")
    notified(french, "need_new", when=MORNING - timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        send_digests(at(MORNING))
    assert mail.outbox[0].body.startswith("Bonjour Zoé,")


def test_the_digest_slot_follows_paris_time_across_daylight_saving():
    # 5:30 UTC is 6:30 in Paris in winter (before the digest) but 7:30 in summer
    winter = datetime(2026, 1, 10, 5, 30, tzinfo=ZoneInfo("UTC"))  # 6:30 Paris
    day, cutoff = services.digest_slot(winter)
    assert day.isoformat() == "2026-01-09"  # before 7:00: still yesterday's slot
    summer = datetime(2026, 7, 10, 5, 30, tzinfo=ZoneInfo("UTC"))  # 7:30 Paris
    day, cutoff = services.digest_slot(summer)
    assert day.isoformat() == "2026-07-10"
    assert cutoff.utcoffset() == timedelta(hours=2)
