"""Reads of the discussions, each in a constant number of queries.

Tests pin the counts at two sizes of data (tests/discussions/test_selectors.py).
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from communities.models import Community, Membership
from roles import filters as role_filters
from roles.predicates import circle_of, circles_by_community, gardened_community_ids

from . import access
from .models import Channel, Mention, Message, Mute, ReadState
from .predicates import is_moderator

PAGE_SIZE = 50
SYNC_LIMIT = 200


def visible_channels(*, user, community) -> QuerySet[Channel]:
    """The channels a person may read in a community (none for an outsider)."""
    channels = Channel.objects.filter(community=community)
    if is_moderator(user, community):
        return channels
    circle = circle_of(user, community)
    if circle is None:
        return channels.none()
    # Channels a higher app narrows (a working group's: its members only, and
    # the moderators, above): discussions/access.py.
    return channels.filter(min_circle__lte=circle).filter(
        access.providers.readable_channels(user)
    )


def channel_audience(channel):
    """The people who may read a channel: members of its circles and its
    gardeners, narrowed by the channel access providers (a working group's
    channel: only the group's active members, and the gardeners). A queryset
    of users: one query when evaluated."""
    gardeners = role_filters.pair_people(channel.community_id)
    readers = Membership.objects.filter(
        access.providers.readers(channel),
        community_id=channel.community_id,
        circle__gte=channel.min_circle,
    )
    return get_user_model().objects.filter(Q(pk__in=readers.values("user_id")) | gardeners)


def channels_with_unread(*, user, community) -> list[Channel]:
    """Visible channels, open ones first, each with `unread` for this person.

    One query (after the permission caches), which reads no message.
    Deleted and hidden messages and the person's own never count.
    """
    return list(
        _with_unread(visible_channels(user=user, community=community), user).order_by(
            F("archived_at").asc(nulls_first=True), "-is_general", "name", "pk"
        )
    )


def _with_unread(channels: QuerySet[Channel], user) -> QuerySet[Channel]:
    """Each channel with `unread`: its count of shown messages minus the
    person's seen count (services/unread.py), one lookup of their read state
    on its unique index per channel. No message is read, however long the
    history (docs/performance.md, "Unread counts"). Never below zero: a hide
    racing a read may leave the count one short until the next read.
    """
    seen = Subquery(
        ReadState.objects.filter(channel=OuterRef("pk"), user=user).values("seen_count")[:1]
    )
    return channels.annotate(
        unread=Greatest(F("message_count") - Coalesce(seen, Value(0)), Value(0))
    )


@dataclass
class CommunityChannels:
    community: Community
    channels: list[Channel] = field(default_factory=list)


def my_channels(*, user) -> list[CommunityChannels]:
    """The open channels a person may read, by community (those they belong
    to or garden, by name), each channel with `unread`: the header's
    "Channels" shortcut. Two queries after the role caches (the communities,
    the channels), whatever their number."""
    ids = set(circles_by_community(user)) | gardened_community_ids(user)
    if not ids:
        return []
    communities = list(Community.objects.filter(pk__in=ids).order_by("name", "pk"))
    readable = Q(pk__in=[])
    narrowed = access.providers.readable_channels(user)
    for community in communities:
        if is_moderator(user, community):
            readable |= Q(community_id=community.pk)
        else:
            readable |= Q(community_id=community.pk, min_circle__lte=circle_of(user, community)) & narrowed
    channels = _with_unread(
        Channel.objects.filter(readable, archived_at__isnull=True), user
    ).order_by("-is_general", "name", "pk")
    by_community = {community.pk: CommunityChannels(community) for community in communities}
    for channel in channels:
        by_community[channel.community_id].channels.append(channel)
    return list(by_community.values())


def _messages(channel) -> QuerySet[Message]:
    """A channel's messages with their authors, each knowing in the same query
    whether anyone is mentioned in it (`has_mentions`): see `_with_mentions`."""
    return (
        Message.objects.filter(channel=channel)
        .select_related("author")
        .annotate(has_mentions=Exists(Mention.objects.filter(message=OuterRef("pk"))))
    )


_MENTIONS = Prefetch("mentions", queryset=Mention.objects.select_related("user"))


def _with_mentions(messages: list[Message]) -> list[Message]:
    """Prefetch the mentions of the messages that have some (one query, none
    if no message of the page mentions anyone); the others get an empty
    prefetch cache, so `message.mentions.all()` (formatting.py) reads nothing.

    Most pages mention nobody: the latest page of a channel is then one
    query, an index scan of its last rows (tests/discussions/test_history_plan.py).
    """
    mentioned = [m for m in messages if m.has_mentions]
    for message in messages:
        if not message.has_mentions:
            # What Prefetch leaves on an object whose related rows are none.
            empty = Mention.objects.none()
            empty._result_cache, empty._prefetch_done = [], True
            message.__dict__.setdefault("_prefetched_objects_cache", {})["mentions"] = empty
    if mentioned:
        prefetch_related_objects(mentioned, _MENTIONS)
    return messages


@dataclass
class HistoryPage:
    messages: list = field(default_factory=list)
    has_older: bool = False
    has_newer: bool = False

    @property
    def first_id(self):
        return self.messages[0].pk if self.messages else None

    @property
    def last_id(self):
        return self.messages[-1].pk if self.messages else None


def _as_int(value) -> int | None:
    try:
        value = int(value)
    except (TypeError, ValueError):
        return None
    return value if value >= 0 else None


def channel_history(*, channel, before=None, after=None, around=None, limit=PAGE_SIZE) -> HistoryPage:
    """A page of a channel's messages, oldest first.

    - `before=id`: the page just older than that message;
    - `after=id`: the page just newer than that message;
    - `around=id`: that message in the middle of its page;
    - nothing: the latest page.
    One query for the latest page, two for the others (one `exists` when
    the page cannot tell by itself whether more lies beyond), plus one if
    any message of the page mentions someone. The latest page, what joining
    a channel loads, reads only its last `limit + 1` rows on the (channel,
    id) index, however long the history (docs/performance.md, "Chat at size").
    """
    before, after, around = _as_int(before), _as_int(after), _as_int(around)
    messages = _messages(channel)
    if around is not None:
        half = limit // 2
        older = list(messages.filter(id__lt=around).order_by("-id")[: half + 1])
        newer = list(messages.filter(id__gte=around).order_by("id")[: limit - half + 1])
        return HistoryPage(
            messages=_with_mentions(older[:half][::-1] + newer[: limit - half]),
            has_older=len(older) > half,
            has_newer=len(newer) > limit - half,
        )
    if after is not None:
        page = list(messages.filter(id__gt=after).order_by("id")[: limit + 1])
        has_older = Message.objects.filter(channel=channel, id__lte=after).exists()
        return HistoryPage(
            messages=_with_mentions(page[:limit]), has_older=has_older, has_newer=len(page) > limit
        )
    if before is not None:
        page = list(messages.filter(id__lt=before).order_by("-id")[: limit + 1])
        has_newer = Message.objects.filter(channel=channel, id__gte=before).exists()
        return HistoryPage(
            messages=_with_mentions(page[:limit][::-1]), has_older=len(page) > limit, has_newer=has_newer
        )
    page = list(messages.order_by("-id")[: limit + 1])
    return HistoryPage(messages=_with_mentions(page[:limit][::-1]), has_older=len(page) > limit)


@dataclass(frozen=True)
class Changes:
    """What a client missed since the change number it holds (`changes_after`)."""

    # Each changed message once, in its latest state, in change order.
    messages: list = field(default_factory=list)
    # Once these are applied, the client holds every change up to this one.
    last_seq: int = 0
    # False: too much changed (or the client's number is not the channel's):
    # no messages, the client reloads the page instead.
    complete: bool = True


def changes_after(*, channel, after: int, limit: int = SYNC_LIMIT) -> Changes:
    """Every message posted, edited, deleted or hidden after change number `after`.

    The channel's counter is read first, then the messages: a change counted
    by the first query is committed, so the second sees it (at its number or,
    changed again since, at a later one). Two queries, three when a changed
    message mentions someone.
    A message changed twice since `after` comes once, as it is now.
    """
    last_seq = Channel.objects.filter(pk=channel.pk).values_list("last_seq", flat=True).first() or 0
    if after > last_seq:
        return Changes(last_seq=last_seq, complete=False)
    changed = list(_messages(channel).filter(seq__gt=after).order_by("seq")[: limit + 1])
    if len(changed) > limit:
        return Changes(last_seq=last_seq, complete=False)
    return Changes(
        messages=_with_mentions(changed), last_seq=max([last_seq, *(m.seq for m in changed)])
    )


def channel_last_seq(*, channel) -> int:
    """The channel's latest change number: a client holding less missed something."""
    return Channel.objects.filter(pk=channel.pk).values_list("last_seq", flat=True).first() or 0


def unseen_mentions(*, user) -> QuerySet[Mention]:
    return (
        Mention.objects.filter(user=user, seen_at__isnull=True, message__deleted_at__isnull=True)
        .select_related("message__author", "message__channel__community")
        .order_by("-message_id")
    )


def active_mutes(*, community) -> QuerySet[Mute]:
    return (
        Mute.objects.filter(community=community, until__gt=timezone.now())
        .select_related("user", "by")
        .order_by("until")
    )


# --- Figures for the dashboards (insights) --------------------------------------


def _written_since(since, prefix: str = "") -> Q:
    """Messages written since then and not deleted (hidden ones were written: they count)."""
    return Q(**{f"{prefix}created_at__gte": since, f"{prefix}deleted_at__isnull": True})


@dataclass(frozen=True)
class Activity:
    # Open channels, the busiest first, each with `recent_messages` and `recent_posters`.
    channels: list
    messages: int
    # Distinct authors over every channel: one person in two channels counts once.
    posters: int


def channel_activity(*, community, since, limit: int, user) -> Activity:
    """Messages written since `since` per open channel `user` may read (the
    list names them: the cultivator, who reads no channel, sees none), and
    the community's totals, which name nothing: two queries."""
    recent = _written_since(since, "messages__")
    channels = list(
        visible_channels(user=user, community=community)
        .filter(archived_at__isnull=True)
        .annotate(
            recent_messages=Count("messages", filter=recent),
            recent_posters=Count("messages__author", filter=recent, distinct=True),
        )
        .order_by("-recent_messages", "name", "pk")[:limit]
    )
    totals = Message.objects.filter(_written_since(since), channel__community=community).aggregate(
        messages=Count("pk"), posters=Count("author", distinct=True)
    )
    return Activity(channels=channels, messages=totals["messages"], posters=totals["posters"])


def messages_per_community(*, since) -> dict:
    """Annotation for a queryset of communities: `messages` written since then,
    as a correlated subquery."""
    rows = (
        Message.objects.filter(_written_since(since), channel__community=OuterRef("pk"))
        .order_by()
        .values("channel__community")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return {"messages": Coalesce(Subquery(rows, output_field=IntegerField()), 0)}
