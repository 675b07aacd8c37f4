"""A message's life at its edges (discussions/services/messages.py): every
refusal in its words, the edit window to the second, what an edit leaves of
the channel's counts, who is recorded hiding, and the member's activity date
written at most once an hour per community."""

import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

import audit
from audit.models import AuditEntry
from communities.models import Membership
from discussions import services
from discussions.models import Channel, Mention, Message, ReadState
from moderation.models import Case
from notifications.models import Notification
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(in_english):
    """The refusals are read in English here (tests/conftest.py)."""


def refused(call, code: str) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    assert caught.value.code == code
    [message] = caught.value.messages
    return message


@pytest.fixture
def posted(general, people):
    return services.message_post(channel=general, author=people["citizen"], body="Bonjuor")


# --- Refusals, in their words -----------------------------------------------------------


def test_each_refusal_of_an_edit_says_why(posted, people, general, make_message):
    assert refused(lambda: services.message_edit(message=posted, actor=people["engaged"],
                                                 body="Non"),
                   "not_yours") == "This message is not yours."
    assert refused(lambda: services.message_edit(message=posted, actor=people["citizen"],
                                                 body="  "),
                   "required") == "Write something before sending."
    services.message_hide(message=posted, actor=people["gardener"], reason="Hors charte")
    assert refused(lambda: services.message_edit(message=posted, actor=people["citizen"],
                                                 body="Corrigé"),
                   "hidden") == "A gardener hid this message; it cannot be edited."
    gone = make_message(general, people["citizen"])
    services.message_delete(message=gone, actor=people["citizen"])
    assert refused(lambda: services.message_delete(message=gone, actor=people["citizen"]),
                   "deleted") == "This message was deleted."
    assert Message.objects.get(pk=posted.pk).body == "Bonjuor"


def test_each_refusal_of_a_hide_says_why(posted, people):
    assert refused(lambda: services.message_hide(message=posted, actor=people["gardener"],
                                                 reason=" "),
                   "required") == "Say why the message is hidden: its author will read it."
    services.message_hide(message=posted, actor=people["gardener"], reason="Hors charte")
    assert refused(lambda: services.message_hide(message=posted, actor=people["gardener"],
                                                 reason="Encore"),
                   "already_hidden") == "This message is already hidden."
    assert Message.objects.get(pk=posted.pk).hidden_reason == "Hors charte"


# --- The edit window, to the microsecond --------------------------------------------------


def test_a_message_is_edited_until_fifteen_minutes_after_it_was_sent(posted, people,
                                                                     monkeypatch):
    sent = Message.objects.get(pk=posted.pk).created_at
    monkeypatch.setattr(timezone, "now", lambda: sent + timedelta(minutes=15))
    services.message_edit(message=posted, actor=people["citizen"], body="Bonjour")
    monkeypatch.setattr(timezone, "now",
                        lambda: sent + timedelta(minutes=15, microseconds=1))
    assert refused(lambda: services.message_edit(message=posted, actor=people["citizen"],
                                                 body="Bonjour !"), "edit_window") == (
        "A message can only be edited in the 15 minutes after it was sent.")
    assert Message.objects.get(pk=posted.pk).body == "Bonjour"


def test_an_edit_is_a_change_not_one_more_message(general, posted, people):
    services.message_post(channel=general, author=people["engaged"], body="Deux")
    before = Channel.objects.get(pk=general.pk)
    services.message_edit(message=posted, actor=people["citizen"], body="Bonjour")
    after = Channel.objects.get(pk=general.pk)
    assert after.message_count == before.message_count == 2
    assert after.last_seq == before.last_seq + 1
    assert Message.objects.get(pk=posted.pk).seq == after.last_seq


# --- Hiding: who, where, what ------------------------------------------------------------


def test_hiding_is_recorded_with_who_where_and_whose(posted, people, general):
    services.message_report(message=posted, reporter=people["engaged"], reason="Insultant")
    services.message_hide(message=posted, actor=people["gardener"], reason="Hors charte")
    entry = AuditEntry.objects.get(action=audit.Action.MESSAGE_HIDDEN)
    assert (entry.actor, entry.community_id, entry.target_id, entry.details) == (
        people["gardener"], general.community_id, str(posted.pk),
        {"channel": general.pk, "author": people["citizen"].pk})
    case = Case.objects.get()
    assert (case.status, case.decided_by, case.note) == (
        Case.Status.HIDDEN, people["gardener"], "Hors charte")
    told = Notification.objects.get(kind="moderation_outcome")
    assert (told.recipient, told.actor) == (people["engaged"], people["gardener"])


# --- The activity date: once an hour per community ------------------------------------------


@pytest.fixture
def clock(settings, monkeypatch):
    """A cache whose hour can be moved: the local-memory cache reads time.time()."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "message-edges"}}
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])

    def move(seconds):
        now[0] += seconds

    yield move
    from django.core.cache import cache

    cache.clear()


def _active_at(community, user):
    return Membership.objects.get(community=community, user=user).last_active_at


def _post(channel, author, commit, body="Bonjour"):
    with commit(execute=True):
        services.message_post(channel=channel, author=author, body=body)


def test_posting_writes_the_activity_date_once_an_hour(
        general, people, clock, django_capture_on_commit_callbacks):
    citizen, community = people["citizen"], general.community
    long_ago = timezone.now() - timedelta(days=30)
    Membership.objects.filter(user=citizen).update(last_active_at=long_ago)
    _post(general, citizen, django_capture_on_commit_callbacks)
    first = _active_at(community, citizen)
    assert first > long_ago
    Membership.objects.filter(user=citizen).update(last_active_at=long_ago)
    clock(3599)
    _post(general, citizen, django_capture_on_commit_callbacks)
    assert _active_at(community, citizen) == long_ago  # within the hour: not written
    clock(2)
    _post(general, citizen, django_capture_on_commit_callbacks)
    assert _active_at(community, citizen) > long_ago  # the hour went


def test_the_activity_date_is_kept_per_community(
        general, people, other_community, clock, django_capture_on_commit_callbacks):
    citizen = people["citizen"]
    MembershipFactory(community=other_community, user=citizen)
    elsewhere = services.general_channel_ensure(community=other_community)
    long_ago = timezone.now() - timedelta(days=30)
    Membership.objects.filter(user=citizen).update(last_active_at=long_ago)
    _post(general, citizen, django_capture_on_commit_callbacks)
    _post(elsewhere, citizen, django_capture_on_commit_callbacks)
    assert _active_at(general.community, citizen) > long_ago
    assert _active_at(other_community, citizen) > long_ago


# --- Posting: the fallback when the channel cannot be claimed ------------------------------


def test_a_post_that_cannot_claim_an_open_channel_asks_to_try_again(general, people,
                                                                    monkeypatch):
    from discussions.services import messages

    monkeypatch.setattr(messages, "_claim", lambda *args: None)
    assert refused(lambda: services.message_post(channel=general, author=people["citizen"],
                                                 body="Bonjour"),
                   "retry") == "This message could not be sent. Try again."
    assert not Message.objects.exists()


def test_the_author_has_read_every_message_up_to_their_own(general, people):
    services.message_post(channel=general, author=people["engaged"], body="Un")
    message = services.message_post(channel=general, author=people["citizen"], body="Deux")
    state = ReadState.objects.get(user=people["citizen"], channel=general)
    assert (state.last_read_message_id, state.seen_count) == (message.pk, 2)


# --- Mentions ----------------------------------------------------------------------------


def _mentions(channel, author, body, commit):
    with commit(execute=True):
        message = services.message_post(channel=channel, author=author, body=body)
    return message, set(Mention.objects.filter(message=message).values_list("user_id", flat=True))


def test_a_mention_ends_at_the_name_punctuation_included(general, people,
                                                         django_capture_on_commit_callbacks):
    engaged = people["engaged"]
    _message, mentioned = _mentions(general, people["citizen"], "Merci @engaged.",
                                    django_capture_on_commit_callbacks)
    assert mentioned == {engaged.pk}
    _message, mentioned = _mentions(general, people["citizen"], "Pas @engagedx ni @engage",
                                    django_capture_on_commit_callbacks)
    assert mentioned == set()


def test_twenty_names_are_read_in_a_message_not_more(community, general, people,
                                                     django_capture_on_commit_callbacks):
    members = [MembershipFactory(community=community,
                                 user=UserFactory(email=f"p{n:02}@example.org")).user
               for n in range(21)]
    body = " ".join(f"@p{n:02}" for n in range(20))
    _message, mentioned = _mentions(general, people["citizen"], body,
                                    django_capture_on_commit_callbacks)
    assert mentioned == {user.pk for user in members[:20]}
    body = " ".join(f"@p{n:02}" for n in range(21))
    _message, mentioned = _mentions(general, people["citizen"], body,
                                    django_capture_on_commit_callbacks)
    assert mentioned == {user.pk for user in members[:20]}  # in name order, the first 20


@pytest.mark.parametrize("length, excerpt", [
    (200, "x" * 200),
    (201, "x" * 199 + "…"),
])
def test_a_mention_notice_quotes_up_to_200_characters(general, people, length, excerpt,
                                                      django_capture_on_commit_callbacks):
    body = "@engaged " + "x" * (length - len("@engaged "))
    excerpt = "@engaged " + excerpt[len("@engaged "):]
    message, _mentioned = _mentions(general, people["citizen"], body,
                                    django_capture_on_commit_callbacks)
    notice = Notification.objects.get(kind="mention")
    assert (notice.recipient, notice.actor, notice.community) == (
        people["engaged"], people["citizen"], general.community)
    assert notice.data == {"channel": general.name, "excerpt": excerpt, "message": message.pk}


def test_an_empty_post_says_write_something(general, people):
    assert refused(lambda: services.message_post(channel=general, author=people["citizen"],
                                                 body=" \n "),
                   "required") == "Write something before sending."


def test_a_claim_that_failed_once_on_an_open_channel_is_tried_again(general, people,
                                                                    monkeypatch):
    """A mute that ended between the claim and the check: the second claim posts."""
    from discussions.services import messages

    real, calls = messages._claim, []

    def first_fails(*args):
        calls.append(args)
        return None if len(calls) == 1 else real(*args)

    monkeypatch.setattr(messages, "_claim", first_fails)
    message = services.message_post(channel=general, author=people["citizen"], body="Enfin")
    assert Message.objects.get().pk == message.pk and len(calls) == 2
    assert Channel.objects.get(pk=general.pk).message_count == 1


# --- Edits and deletes count in the rate limit, per member ----------------------------------


def test_edits_count_with_posts_in_the_members_limit(general, people):
    citizen = people["citizen"]
    message = services.message_post(channel=general, author=citizen, body="v0")
    for n in range(1, 10):  # 1 post + 9 edits: the 10 allowed
        services.message_edit(message=message, actor=citizen, body=f"v{n}")
    assert refused(lambda: services.message_edit(message=message, actor=citizen, body="v10"),
                   "rate_limited").startswith("You are sending messages too fast")
    refused(lambda: services.message_post(channel=general, author=citizen, body="Et ça ?"),
            "rate_limited")
    assert services.message_post(channel=general, author=people["engaged"], body="Moi oui")


def test_deletes_count_with_posts_in_the_members_limit(general, people, make_message):
    citizen = people["citizen"]
    mine = [make_message(general, citizen, body=f"n°{n}") for n in range(10)]
    for message in mine:  # 10 deletes: the 10 allowed
        services.message_delete(message=message, actor=citizen)
    refused(lambda: services.message_post(channel=general, author=citizen, body="Encore"),
            "rate_limited")
    last = make_message(general, citizen)
    refused(lambda: services.message_delete(message=last, actor=citizen), "rate_limited")
    assert services.message_post(channel=general, author=people["engaged"], body="Moi oui")


def seconds_kept(key: str) -> float:
    """How long the cache still keeps `key`: Redis's TTL, or the local memory's expiry."""
    from django.core.cache import cache

    full = cache.make_and_validate_key(key)
    if hasattr(cache, "_expire_info"):
        return cache._expire_info[full] - time.time()
    return cache._cache.get_client(full).ttl(full)


def test_a_window_longer_than_the_default_is_kept_as_long_as_it_lasts(general, people,
                                                                       settings):
    """Before, the cache kept the posts 20 s (twice the default window): with a
    10-minute window, the 3rd post 21 s later was let through."""
    from discussions.services import _common

    settings.DISCUSSIONS_RATE_LIMIT = (2, 600)
    citizen = people["citizen"]
    services.message_post(channel=general, author=citizen, body="un")
    assert seconds_kept(_common._rate_key(general.community_id, citizen.pk)) > 600


# --- The activity date when the cache or the write fails -------------------------------------


def test_without_a_cache_the_activity_date_is_written_and_the_reason_logged(
        general, people, settings, caplog, django_capture_on_commit_callbacks):
    settings.CACHES = {"default": {"BACKEND": "terreau.cache.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens
    citizen = people["citizen"]
    long_ago = timezone.now() - timedelta(days=30)
    Membership.objects.filter(user=citizen).update(last_active_at=long_ago)
    with caplog.at_level("WARNING", logger="discussions.services.messages"):
        _post(general, citizen, django_capture_on_commit_callbacks)
    assert _active_at(general.community, citizen) > long_ago
    [record] = [r for r in caplog.records if r.name == "discussions.services.messages"]
    assert record.getMessage() == "cache unavailable: activity date written"
    assert isinstance(record.exc_info, tuple) and record.exc_info[1] is not None  # the why


def test_a_failed_activity_date_never_fails_the_post(general, people, monkeypatch,
                                                     django_capture_on_commit_callbacks):
    from discussions.services import messages

    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(messages, "membership_touch", broken)
    _post(general, people["citizen"], django_capture_on_commit_callbacks)
    assert Message.objects.filter(body="Bonjour").exists()


def test_the_mention_frame_carries_the_message(general, people, sent,
                                               django_capture_on_commit_callbacks):
    from tests.discussions.test_services import payload_of

    message, _mentioned = _mentions(general, people["citizen"], "@ENGAGED regarde",
                                    django_capture_on_commit_callbacks)
    [event] = [event for _group, event in sent if event["type"] == "mention.created"]
    assert payload_of(event)["id"] == message.pk
    assert payload_of(event)["body"] == "@ENGAGED regarde"
