"""Services: what they store, what they refuse, what they announce."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from discussions import broadcast, presence, services
from discussions.models import Channel, Mention, Message, Mute, ReadState
from moderation.models import Case, Report
from notifications import services as notification_services
from notifications.models import Notification
from communities.models import Circle
from tests.factories import CommunityFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def payload_of(event):
    """The message a message.changed event carries (serialised once, or whole if hidden)."""
    import json

    return json.loads(event["text"])["message"] if "text" in event else event["message"]


def code_of(excinfo):
    return excinfo.value.code


# --- Channels -------------------------------------------------------------------------


def test_general_channel_is_created_once(community):
    first = services.general_channel_ensure(community=community)
    again = services.general_channel_ensure(community=community)
    assert first == again and first.is_general and first.min_circle == Circle.CITIZENS
    assert Channel.objects.filter(community=community).count() == 1


def test_general_channel_name_avoids_a_taken_name(community, people):
    services.channel_create(
        community=community, name="Général", min_circle=Circle.ENGAGED, actor=people["gardener"]
    )
    general = services.general_channel_ensure(community=community)
    assert general.is_general and general.name.lower() != "général"


def test_channel_create_and_rename(community, people, sent, django_capture_on_commit_callbacks):
    channel = services.channel_create(
        community=community, name=" Semences ", min_circle=Circle.INFORMED, actor=people["gardener"]
    )
    assert (channel.name, channel.min_circle, channel.created_by) == (
        "Semences",
        Circle.INFORMED,
        people["gardener"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.channel_update(
            channel=channel, name="Graines", min_circle=Circle.ENGAGED, actor=people["gardener"]
        )
    channel.refresh_from_db()
    assert (channel.name, channel.min_circle) == ("Graines", Circle.ENGAGED)
    assert sent == [(channel.group_name, {"type": "channel.changed", "channel_id": channel.pk})]


@pytest.mark.parametrize(
    "name, circle, code",
    [
        ("", Circle.CITIZENS, "required"),
        ("   ", Circle.CITIZENS, "required"),
        ("x" * 81, Circle.CITIZENS, "too_long"),
        ("Ok", 7, "bad_circle"),
        ("Ok", "abc", "bad_circle"),
        ("informés", Circle.CITIZENS, "name_taken"),
    ],
)
def test_channel_create_refuses_bad_input(community, people, informed_channel, name, circle, code):
    with pytest.raises(ValidationError) as excinfo:
        services.channel_create(
            community=community, name=name, min_circle=circle, actor=people["gardener"]
        )
    assert code_of(excinfo) == code
    assert Channel.objects.filter(community=community).count() == 1


def test_general_channel_stays_open_and_unarchived(general, people):
    with pytest.raises(ValidationError) as excinfo:
        services.channel_update(
            channel=general, name="Général", min_circle=Circle.ENGAGED, actor=people["gardener"]
        )
    assert code_of(excinfo) == "general_open"
    with pytest.raises(ValidationError) as excinfo:
        services.channel_archive(channel=general, actor=people["gardener"])
    assert code_of(excinfo) == "general_archive"


def test_archive_and_reopen(informed_channel, people):
    services.channel_archive(channel=informed_channel, actor=people["gardener"])
    informed_channel.refresh_from_db()
    assert informed_channel.is_archived
    with pytest.raises(ValidationError):
        services.channel_archive(channel=informed_channel, actor=people["gardener"])
    with pytest.raises(ValidationError) as excinfo:
        services.message_post(channel=informed_channel, author=people["informed"], body="Hé")
    assert code_of(excinfo) == "archived"
    services.channel_unarchive(channel=informed_channel, actor=people["gardener"])
    assert services.message_post(channel=informed_channel, author=people["informed"], body="Hé")


# --- Posting ----------------------------------------------------------------------------


def test_post_stores_then_broadcasts_after_commit(general, people, sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = services.message_post(channel=general, author=people["citizen"], body=" Salut ")
        assert sent == []  # nothing announced before the commit
    assert Message.objects.get().body == "Salut"
    for callback in callbacks:
        callback()
    [(group, event)] = sent
    assert group == f"discussions.channel.{general.pk}"
    assert event["type"] == "message.changed"
    assert payload_of(event)["id"] == message.pk
    assert payload_of(event)["body"] == "Salut"
    assert payload_of(event)["seq"] == 1  # the channel's first change
    assert ReadState.objects.get(user=people["citizen"], channel=general).last_read_message_id == message.pk


@pytest.mark.parametrize(
    "body, code",
    [("", "required"), ("   \n ", "required"), (None, "required"), (12, "required"), ("x" * 4001, "too_long")],
)
def test_post_refuses_bad_bodies(general, people, body, code):
    with pytest.raises(ValidationError) as excinfo:
        services.message_post(channel=general, author=people["citizen"], body=body)
    assert code_of(excinfo) == code
    assert not Message.objects.exists()


def test_post_accepts_the_maximum_length(general, people):
    assert services.message_post(channel=general, author=people["citizen"], body="x" * 4000)


def test_rate_limit_ten_messages_in_ten_seconds(general, people, informed_channel):
    for n in range(10):
        services.message_post(channel=general, author=people["informed"], body=f"n°{n}")
    with pytest.raises(ValidationError) as excinfo:
        services.message_post(channel=general, author=people["informed"], body="un de trop")
    assert code_of(excinfo) == "rate_limited"
    assert "10" in excinfo.value.messages[0]
    # The limit is per member of the community, across its channels...
    with pytest.raises(ValidationError):
        services.message_post(channel=informed_channel, author=people["informed"], body="ailleurs")
    # ...and others still speak.
    assert services.message_post(channel=general, author=people["engaged"], body="moi")
    assert Message.objects.filter(author=people["informed"]).count() == 10


def test_rate_limit_window_slides(general, people, monkeypatch):
    import time as real_time

    now = [real_time.time()]
    monkeypatch.setattr(real_time, "time", lambda: now[0])
    for _n in range(10):
        services.message_post(channel=general, author=people["citizen"], body="vite")
    now[0] += 10.5
    assert services.message_post(channel=general, author=people["citizen"], body="enfin")


def test_muted_member_cannot_post_and_reads_why(general, people, community):
    services.member_mute(
        community=community,
        user=people["citizen"],
        actor=people["gardener"],
        duration=timedelta(hours=1),
        reason="Propos agressifs",
    )
    with pytest.raises(ValidationError) as excinfo:
        services.message_post(channel=general, author=people["citizen"], body="Hé !")
    assert code_of(excinfo) == "muted"
    assert "Propos agressifs" in excinfo.value.messages[0]
    Mute.objects.update(until=timezone.now() - timedelta(seconds=1))
    assert services.message_post(channel=general, author=people["citizen"], body="Pardon")


def test_mute_in_another_community_does_not_apply(general, people, other_community):
    MembershipFactory(community=other_community, user=people["citizen"])
    services.member_mute(
        community=other_community,
        user=people["citizen"],
        actor=people["other_gardener"],
        duration=timedelta(hours=1),
        reason="Hors sujet",
    )
    assert services.message_post(channel=general, author=people["citizen"], body="Ici ça va")


@pytest.mark.parametrize(
    "duration, reason, code",
    [
        (timedelta(0), "r", "bad_duration"),
        (timedelta(days=91), "r", "bad_duration"),
        ("1h", "r", "bad_duration"),
        (timedelta(hours=1), "  ", "required"),
    ],
)
def test_mute_refuses_bad_input(community, people, duration, reason, code):
    with pytest.raises(ValidationError) as excinfo:
        services.member_mute(
            community=community,
            user=people["citizen"],
            actor=people["gardener"],
            duration=duration,
            reason=reason,
        )
    assert code_of(excinfo) == code
    assert not Mute.objects.exists()


def test_mute_only_members(community, people):
    with pytest.raises(ValidationError) as excinfo:
        services.member_mute(
            community=community,
            user=people["cultivator"],
            actor=people["gardener"],
            duration=timedelta(hours=1),
            reason="?",
        )
    assert code_of(excinfo) == "not_member"


# --- Mentions ---------------------------------------------------------------------------


@pytest.fixture
def marie(community):
    user = UserFactory(email="marie.curie@example.org", display_name="Marie Curie")
    MembershipFactory(community=community, user=user, circle=Circle.CITIZENS)
    return user


def test_mentions_by_display_name_and_email_local_part(
    general, people, marie, django_capture_on_commit_callbacks
):
    people["engaged"].display_name = "Léa Martin"
    people["engaged"].save()
    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_post(
            channel=general,
            author=people["citizen"],
            body="Merci @Marie Curie et @engaged, voir aussi @personne et @Marie.",
        )
    assert set(Mention.objects.filter(message=message).values_list("user__email", flat=True)) == {
        "marie.curie@example.org",
        "engaged@example.org",
    }
    # Both were offline and keep the default preference: one e-mail each.
    assert sorted(m.to[0].split("<")[-1].rstrip(">") for m in mail.outbox) == [
        "engaged@example.org",
        "marie.curie@example.org",
    ]
    assert "Marie Curie" in mail.outbox[0].body or "Marie Curie" in mail.outbox[1].body


def test_no_mention_of_someone_who_cannot_read_the_channel(
    engaged_channel, people, marie, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(
            channel=engaged_channel, author=people["engaged"], body="@Marie Curie tu vois ça ?"
        )
    assert not Mention.objects.exists()
    assert mail.outbox == []


def test_gardeners_can_be_mentioned(general, people, django_capture_on_commit_callbacks):
    local = people["gardener"].email.split("@")[0]
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(channel=general, author=people["citizen"], body=f"@{local} une question")
    assert Mention.objects.get().user == people["gardener"]


def test_mention_email_respects_preference_and_presence(
    general, people, marie, django_capture_on_commit_callbacks, sent
):
    notification_services.preferences_set(user=marie, frequencies={"mention": "never"})
    presence.join(channel_id=general.pk, user_id=people["engaged"].pk, name="x", connection="c1")
    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_post(
            channel=general, author=people["citizen"], body="@Marie Curie @engaged regardez"
        )
    assert Mention.objects.count() == 2
    assert mail.outbox == []  # Marie said never; engaged is online
    # Both find it in their notification centre, pointing to the message.
    notifications = Notification.objects.filter(kind="mention")
    assert {n.recipient for n in notifications} == {marie, people["engaged"]}
    assert {n.url for n in notifications} == {
        f"/communities/{general.community.slug}/channels/{general.pk}/"
        f"?around={message.pk}#message-{message.pk}"
    }
    assert all(n.actor == people["citizen"] and n.emailed_at is None for n in notifications)
    # Both still get the in-app notification on their personal group.
    groups = {group for group, event in sent if event["type"] == "mention.created"}
    assert groups == {f"discussions.user.{marie.pk}", f"discussions.user.{people['engaged'].pk}"}


def test_author_does_not_mention_themself(general, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(channel=general, author=people["citizen"], body="moi @citizen")
    assert not Mention.objects.exists()


# --- Editing, deleting, hiding, reporting -------------------------------------------------


def test_edit_within_fifteen_minutes(general, people, sent, django_capture_on_commit_callbacks):
    message = services.message_post(channel=general, author=people["citizen"], body="Bonjuor")
    with django_capture_on_commit_callbacks(execute=True):
        services.message_edit(message=message, actor=people["citizen"], body="Bonjour")
    message.refresh_from_db()
    assert message.body == "Bonjour" and message.edited_at is not None
    assert payload_of(sent[-1][1])["edited"] is True
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    with pytest.raises(ValidationError) as excinfo:
        services.message_edit(message=message, actor=people["citizen"], body="Trop tard")
    assert code_of(excinfo) == "edit_window"


def test_only_the_author_edits_or_deletes(general, people):
    message = services.message_post(channel=general, author=people["citizen"], body="À moi")
    for service, kwargs in (
        (services.message_edit, {"body": "Non"}),
        (services.message_delete, {}),
    ):
        with pytest.raises(ValidationError) as excinfo:
            service(message=message, actor=people["gardener"], **kwargs)
        assert code_of(excinfo) == "not_yours"
    message.refresh_from_db()
    assert message.body == "À moi" and message.deleted_at is None


def test_delete_any_time_keeps_the_place(general, people, make_message, sent, django_capture_on_commit_callbacks):
    message = make_message(general, people["citizen"], created_at=timezone.now())
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        services.message_delete(message=message, actor=people["citizen"])
    message.refresh_from_db()
    assert message.deleted_at is not None and message.body == ""
    assert payload_of(sent[-1][1])["deleted"] is True
    with pytest.raises(ValidationError) as excinfo:
        services.message_delete(message=message, actor=people["citizen"])
    assert code_of(excinfo) == "deleted"
    with pytest.raises(ValidationError):
        services.message_edit(message=message, actor=people["citizen"], body="Revenu")


def test_hide_with_a_reason_handles_reports(general, people, make_message):
    message = make_message(general, people["citizen"])
    services.message_report(message=message, reporter=people["engaged"], reason="Insultant")
    with pytest.raises(ValidationError) as excinfo:
        services.message_hide(message=message, actor=people["gardener"], reason=" ")
    assert code_of(excinfo) == "required"
    services.message_hide(message=message, actor=people["gardener"], reason="Hors charte")
    message.refresh_from_db()
    assert message.hidden_by == people["gardener"] and message.hidden_reason == "Hors charte"
    assert Case.objects.get().status == Case.Status.HIDDEN  # its case in the queue
    with pytest.raises(ValidationError) as excinfo:
        services.message_hide(message=message, actor=people["gardener"], reason="Encore")
    assert code_of(excinfo) == "already_hidden"
    with pytest.raises(ValidationError) as excinfo:
        services.message_edit(message=message, actor=people["citizen"], body="Corrigé")
    assert code_of(excinfo) == "hidden"


def test_report_once_not_own(general, people, make_message):
    message = make_message(general, people["citizen"])
    with pytest.raises(ValidationError) as excinfo:
        services.message_report(message=message, reporter=people["citizen"], reason="moi")
    assert code_of(excinfo) == "own_item"
    services.message_report(message=message, reporter=people["informed"], reason="Spam")
    with pytest.raises(ValidationError) as excinfo:
        services.message_report(message=message, reporter=people["informed"], reason="Spam !")
    assert code_of(excinfo) == "already_reported"
    assert Report.objects.get().text == "Spam"


def test_read_mark_never_goes_backwards(general, people):
    first, second = (services.message_post(channel=general, author=people["engaged"], body=body)
                     for body in ("un", "deux"))
    services.read_mark(channel=general, user=people["citizen"], message_id=second.pk)
    services.read_mark(channel=general, user=people["citizen"], message_id=first.pk)
    assert ReadState.objects.get(user=people["citizen"]).last_read_message_id == second.pk


def test_membership_changed_is_sent_after_commit(sent, django_capture_on_commit_callbacks):
    community = CommunityFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        broadcast.membership_changed(community.pk, 42)
    assert sent == []
    callbacks[0]()
    assert sent == [
        ("discussions.user.42", {"type": "membership.changed", "community_id": community.pk})
    ]


def test_posting_works_while_the_cache_is_down(general, people, settings, django_capture_on_commit_callbacks):
    """Rate limit and presence fail open: a Redis outage never loses a message."""
    settings.CACHES = {
        "default": {
            "BACKEND": "terreau.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_post(channel=general, author=people["citizen"], body="@engaged là ?")
    assert Message.objects.filter(pk=message.pk).exists()
    assert presence.online(channel_id=general.pk) == {"count": 0, "people": []}


def test_presence_names_a_few_and_counts_all(general):
    for n in range(presence.SHOWN + 5):
        presence.join(channel_id=general.pk, user_id=n, name=f"Personne {n:02}", connection=f"c{n}")
    presence.join(channel_id=general.pk, user_id=0, name="Personne 00", connection="c0-bis")
    online = presence.online(channel_id=general.pk)
    assert online["count"] == presence.SHOWN + 5
    assert len(online["people"]) == presence.SHOWN
    presence.leave(channel_id=general.pk, user_id=0, connection="c0")
    assert presence.online(channel_id=general.pk)["count"] == presence.SHOWN + 5  # one socket left
    assert presence.online_user_ids([0, 1, 999]) == {0, 1}
