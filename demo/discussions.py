"""The discussions part of `manage.py seed_demo`: channels with six weeks of history.

Each community's general channel tells its threads (demo/discussions_data.py,
discussions_threads.py), and the working group "Semences paysannes" of
Biodiversité talks in its own channel: about 250 messages, with mentions
(notified through the service), one corrected message per channel, spread
over the last six weeks in the daytime, the latest yesterday.

Every message goes through `discussions.services` (change numbers, mentions,
read states, notifications). The service stamps "now"; the demo tells an
older story, so the messages are posted oldest first, then their dates are
moved back in one bulk update: posting order is time order, so each
channel's change numbers (Channel.last_seq, Message.seq) still follow time.
The mentions' notifications get their message's date, and those older than
a week are read. The demo accounts and the gardeners have read their
channels up to two days ago, so each has something new.

Idempotent: a channel with any message is left as it is. While seeding,
the rate limit is off (settings.DISCUSSIONS_RATE_LIMIT = None, as for
bench/chat.py's single fast sender: the demo's people talk over weeks, not
in the few seconds the seeding takes) and the live pushes go to a channel
layer in memory (nobody is connected yet; each push to Redis would cost a
round trip).

Run after the working groups (their channel) and the letters (the call's
deadline is quoted).
"""

from __future__ import annotations

import datetime as dt
import random
import re

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone, translation
from django.utils.formats import date_format

from communities.models import Circle, Community, Membership
from discussions import services
from discussions.models import Channel, Mention, Message
from events.models import Event
from newsletters.models import Letter
from notifications.models import Notification
from roles import selectors as pairs
from workgroups.models import GroupMember, WorkingGroup

from .communities_data import DEMO_DOMAIN, FOLLOWERS, SEED
from .discussions_data import COMMON, COMMON_BY_COMMUNITY, GROUP_CHANNEL, GROUP_THREADS
from .discussions_threads import THREADS
from .events_data import PARIS
from .places import communes_of

DEMO_VOICES = {"nadia": "engage@", "thomas": "informe@", "lea": "citoyen@"}
RESERVED = [*DEMO_VOICES.values(), *(f"{key}@" for key in FOLLOWERS)]
EDIT_AFTER = dt.timedelta(minutes=2)
READ_UNTIL = dt.timedelta(days=2)
MENTIONS_READ_AFTER = dt.timedelta(days=7)
QUIET_LAYER = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def _reserved(user) -> bool:
    return user.email.startswith(tuple(RESERVED))


def _pool(community, rng, gardener_ids) -> list:
    """The members who speak in the community's threads: the same on every run."""
    members = [
        m for m in Membership.objects.filter(community=community)
        .exclude(user_id__in=gardener_ids).select_related("user").order_by("user_id")
        if not _reserved(m.user)
    ]
    close = [m.user for m in members if m.circle >= Circle.INFORMED]
    citizens = [m.user for m in members if m.circle == Circle.CITIZENS]
    return rng.sample(close, min(16, len(close))) + rng.sample(citizens, min(6, len(citizens)))


def _demo_people(community) -> dict:
    found = {}
    for voice, prefix in DEMO_VOICES.items():
        membership = (
            Membership.objects.filter(community=community, user__email__startswith=prefix)
            .select_related("user").first()
        )
        if membership is not None:
            found[voice] = membership.user
    return found


def _places(community, now) -> dict:
    """What the threads may quote: {community}, {event}, {deadline}."""
    places = {"community": community.name}
    event = (
        Event.objects.filter(
            community=community, state=Event.State.PUBLISHED, audience=Event.Audience.PUBLIC,
            starts_at__gt=now,
        ).order_by("starts_at").first()
    )
    if event is not None:
        places["event"] = event.title
    letter = (
        Letter.objects.filter(community=community, state=Letter.State.CALL_OPEN)
        .order_by("-created_at").first()
    )
    if letter is not None:
        with translation.override("fr"):
            places["deadline"] = date_format(
                timezone.localtime(letter.contributions_until, PARIS), "j F"
            )
    return places


def _french(text: str) -> str:
    """Elision and contraction before a commune's name: "d'Albi", "du Vigan", "au Vigan"."""
    text = re.sub(r"\bde (?=[AEIOUYÉÈÊ])", "d'", text)
    return re.sub(r"\b(de|à) Le ", lambda m: "du " if m.group(1) == "de" else "au ", text)


def _times(days_ago, count, rng, now) -> list[dt.datetime]:
    """When a thread's lines were sent: in the daytime, minutes to hours apart."""
    today = timezone.localtime(now, PARIS).date()
    day = today - dt.timedelta(days=days_ago)
    at = dt.datetime.combine(day, dt.time(8, 30), tzinfo=PARIS) + dt.timedelta(
        minutes=rng.randint(0, 9 * 60)
    )
    times = []
    for _ in range(count):
        times.append(at)
        gap = rng.randint(3, 40) if rng.random() < 0.7 else rng.randint(60, 300)
        at += dt.timedelta(minutes=gap)
        if at.hour >= 22:
            at = dt.datetime.combine(at.date() + dt.timedelta(days=1), dt.time(8, 0),
                                     tzinfo=PARIS) + dt.timedelta(minutes=rng.randint(0, 120))
    late = times[-1] - (now - dt.timedelta(minutes=30))
    if late > dt.timedelta(0):  # a thread of yesterday that would end in the future
        times = [t - late for t in times]
    return times


def _script(threads, voices_of, places, rng, now) -> list[tuple]:
    """(when, author, text, corrected text or None) for every line, oldest first."""
    lines = []
    for days_ago, thread in threads:
        voices = voices_of(rng)
        names = {key: user.display_name for key, user in voices.items()}
        town, town2 = rng.sample(places["_communes"], 2)
        values = {**places, **names, "town": town, "town2": town2}
        try:
            texts = [
                (voice, _french(text.format_map(values)))
                for voice, text in (line.split(": ", 1) for line in thread)
            ]
        except KeyError:  # no open letter or no event here to talk about
            continue
        for at, (voice, text) in zip(_times(days_ago, len(texts), rng, now), texts, strict=True):
            text, _sep, corrected = text.partition(" ~> ")
            lines.append((at, voices[voice], text, corrected or None))
    lines.sort(key=lambda line: line[0])
    return lines


def _play(channel, lines) -> list[Message]:
    """Post each line through the service, then give each message its date."""
    messages = []
    for at, author, text, corrected in lines:
        message = services.message_post(channel=channel, author=author, body=text)
        message.created_at, message.edited_at = at, None
        if corrected:
            message = services.message_edit(message=message, actor=author, body=corrected)
            message.created_at, message.edited_at = at, at + EDIT_AFTER
        messages.append(message)
    Message.objects.bulk_update(messages, ["created_at", "edited_at"], batch_size=500)
    return messages


def _after(channel, messages, readers, now) -> None:
    """Mentions and their notifications dated like their message; read states."""
    by_pk = {m.pk: m.created_at for m in messages}
    for mention in Mention.objects.filter(message__channel=channel):
        at = by_pk[mention.message_id]
        seen = at + dt.timedelta(hours=3) if now - at > MENTIONS_READ_AFTER else None
        Mention.objects.filter(pk=mention.pk).update(seen_at=seen)
        Notification.objects.filter(
            kind="mention", recipient_id=mention.user_id, data__message=mention.message_id
        ).update(created_at=at, read_at=seen)
    older = [m for m in messages if m.created_at < now - READ_UNTIL]
    if older:
        for user in readers:
            services.read_mark(channel=channel, user=user, message_id=older[-1].pk)


def _community_channel(community, now) -> int:
    channel = services.general_channel_ensure(community=community)
    if channel.messages.exists():
        return 0
    rng = random.Random(f"{SEED}-chat-{community.slug}")
    pair = pairs.active_pair(community)
    gardeners = {"jt": pair.territory_gardener, "jr": pair.institution_gardener}
    demo = _demo_people(community)
    pool = _pool(community, rng, [u.pk for u in gardeners.values()])
    places = {**_places(community, now), "_communes": communes_of(community.slug)}

    def voices_of(rng):
        drawn = rng.sample(pool, 7)
        voices = {**gardeners, **dict(zip("abcd", drawn, strict=False))}
        spare = iter(drawn[4:])
        for voice in DEMO_VOICES:
            voices[voice] = demo.get(voice) or next(spare)
        return voices

    threads = [COMMON[i] for i in COMMON_BY_COMMUNITY.get(community.slug, ())]
    threads += THREADS.get(community.slug, [])
    lines = _script(threads, voices_of, places, rng, now)
    messages = _play(channel, lines)
    followers = [
        m.user for m in Membership.objects.filter(
            community=community, user__email__in=[f"{key}@{DEMO_DOMAIN}" for key in FOLLOWERS]
        ).select_related("user")
    ]
    readers = [*gardeners.values(), *demo.values(), *followers]
    _after(channel, messages, readers, now)
    return len(messages)


def _group_channel(now) -> int:
    slug, name = GROUP_CHANNEL
    group = WorkingGroup.objects.filter(community__slug=slug, name=name).first()
    if group is None or group.channel is None or group.channel.messages.exists():
        return 0
    channel, community = group.channel, group.community
    rng = random.Random(f"{SEED}-chat-group-{slug}")
    pair = pairs.active_pair(community)
    members = [
        gm.user for gm in GroupMember.objects.filter(group=group, ended_at__isnull=True)
        .select_related("user").order_by("pk")
    ]
    nadia = next((u for u in members if u.email.startswith(DEMO_VOICES["nadia"])), members[0])
    others = [u for u in members if u != nadia]
    voices = {"jt": pair.territory_gardener, "nadia": nadia,
              **dict(zip("abc", [*others, *others, *others], strict=False))}
    places = {"community": community.name, "_communes": communes_of(slug)}
    lines = _script(GROUP_THREADS, lambda rng: voices, places, rng, now)
    messages = _play(channel, lines)
    _after(channel, messages, [nadia, pair.territory_gardener, pair.institution_gardener], now)
    return len(messages)


def seed(out=None) -> dict:
    """Tell the channels' history where it is missing; return how many messages."""
    now = timezone.now()
    created = 0
    # The demo's people talk over weeks, the seeding takes seconds: no rate
    # limit. Nobody is connected yet: the live pushes go to a layer in memory
    # rather than each making a round trip to Redis (the messages are stored
    # either way, and a socket that opens later reads them from the database).
    quiet = override_settings(DISCUSSIONS_RATE_LIMIT=None, CHANNEL_LAYERS=QUIET_LAYER)
    with quiet, transaction.atomic():
        for community in Community.objects.order_by("pk"):
            if pairs.active_pair(community) is not None:
                created += _community_channel(community, now)
        created += _group_channel(now)
    if out is not None:
        if created:
            channels = Channel.objects.filter(messages__isnull=False).distinct().count()
            out.write(f"Discussions: {created} messages in {channels} channels.")
        else:
            out.write("Discussions: already there, nothing to add.")
    return {"messages": created}
