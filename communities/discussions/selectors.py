"""Reads of the discussions, each in a constant number of queries.

Tests pin the counts at two sizes of data (tests/discussions/test_selectors.py).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from communities.predicates import circle_of
from workgroups.models import GroupMember

from .models import Channel, Mention, Message, Mute, ReadState, Report
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
    # A working group's channel: its members only (and the moderators, above).
    in_group = GroupMember.objects.filter(
        group__channel=OuterRef("pk"), user_id=user.pk, ended_at__isnull=True
    )
    return channels.filter(min_circle__lte=circle).filter(
        Q(working_group__isnull=True) | Exists(in_group)
    )


def channel_audience(channel):
    """The people who may read a channel: members of its circles and its
    gardeners; for a working group's channel, only the group's active members
    and the gardeners. A queryset of users: one query when evaluated."""
    from django.contrib.auth import get_user_model

    from communities.models import Membership
    from gardeners.models import GardenerPair
    from workgroups.models import WorkingGroup

    pair = GardenerPair.objects.filter(community_id=channel.community_id, ended_at__isnull=True)
    gardeners = Q(pk__in=pair.values("territory_gardener_id")) | Q(
        pk__in=pair.values("institution_gardener_id")
    )
    in_group = GroupMember.objects.filter(
        group__channel_id=channel.pk, ended_at__isnull=True, user=OuterRef("user_id")
    )
    readers = Membership.objects.filter(
        Q(~Exists(WorkingGroup.objects.filter(channel_id=channel.pk))) | Exists(in_group),
        community_id=channel.community_id,
        circle__gte=channel.min_circle,
    )
    return get_user_model().objects.filter(Q(pk__in=readers.values("user_id")) | gardeners)


def channels_with_unread(*, user, community) -> list[Channel]:
    """Visible channels, open ones first, each with `unread` for this person.

    One query (after the permission caches): the last-read id is a
    correlated subquery, the unread messages an annotated conditional count.
    Deleted and hidden messages and the person's own never count.
    """
    last_read = ReadState.objects.filter(channel=OuterRef("pk"), user=user).values(
        "last_read_message_id"
    )[:1]
    return list(
        visible_channels(user=user, community=community)
        .annotate(last_read=Coalesce(Subquery(last_read), Value(0)))
        .annotate(
            unread=Count(
                "messages",
                filter=Q(
                    messages__id__gt=F("last_read"),
                    messages__deleted_at__isnull=True,
                    messages__hidden_at__isnull=True,
                )
                & ~Q(messages__author=user),
            )
        )
        .order_by(F("archived_at").asc(nulls_first=True), "-is_general", "name", "pk")
    )


def _messages(channel) -> QuerySet[Message]:
    return (
        Message.objects.filter(channel=channel)
        .select_related("author")
        .prefetch_related(Prefetch("mentions", queryset=Mention.objects.select_related("user")))
    )


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
    Two or three queries whatever the page (messages, their mentions, and one
    `exists` when the page cannot tell by itself whether more lies beyond).
    """
    before, after, around = _as_int(before), _as_int(after), _as_int(around)
    messages = _messages(channel)
    if around is not None:
        half = limit // 2
        older = list(messages.filter(id__lt=around).order_by("-id")[: half + 1])
        newer = list(messages.filter(id__gte=around).order_by("id")[: limit - half + 1])
        return HistoryPage(
            messages=older[:half][::-1] + newer[: limit - half],
            has_older=len(older) > half,
            has_newer=len(newer) > limit - half,
        )
    if after is not None:
        page = list(messages.filter(id__gt=after).order_by("id")[: limit + 1])
        has_older = Message.objects.filter(channel=channel, id__lte=after).exists()
        return HistoryPage(messages=page[:limit], has_older=has_older, has_newer=len(page) > limit)
    if before is not None:
        page = list(messages.filter(id__lt=before).order_by("-id")[: limit + 1])
        has_newer = Message.objects.filter(channel=channel, id__gte=before).exists()
        return HistoryPage(messages=page[:limit][::-1], has_older=len(page) > limit, has_newer=has_newer)
    page = list(messages.order_by("-id")[: limit + 1])
    return HistoryPage(messages=page[:limit][::-1], has_older=len(page) > limit)


def messages_after(*, channel, after, limit=SYNC_LIMIT) -> tuple[list[Message], bool]:
    """Every message after an id, for a reconnecting client: (messages, more?)."""
    after = _as_int(after) or 0
    page = list(_messages(channel).filter(id__gt=after).order_by("id")[: limit + 1])
    return page[:limit], len(page) > limit


def last_message_id(*, channel) -> int:
    """The newest id of a channel (0 if empty): clients compare it with theirs."""
    return (
        Message.objects.filter(channel=channel).order_by("-id").values_list("id", flat=True).first()
        or 0
    )


def unseen_mentions(*, user) -> QuerySet[Mention]:
    return (
        Mention.objects.filter(user=user, seen_at__isnull=True, message__deleted_at__isnull=True)
        .select_related("message__author", "message__channel__community")
        .order_by("-message_id")
    )


def pending_reports(*, community) -> QuerySet[Report]:
    return (
        Report.objects.filter(message__channel__community=community, handled=False)
        .select_related("message__author", "message__channel", "reporter")
        .order_by("created_at", "id")
    )


def active_mutes(*, community) -> QuerySet[Mute]:
    return (
        Mute.objects.filter(community=community, until__gt=timezone.now())
        .select_related("user", "by")
        .order_by("until")
    )
