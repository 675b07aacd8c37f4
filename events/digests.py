"""What the elected officials' monthly digest reads of events (issue #16)."""

from events.models import Event
from events.selectors import visible_events_q


def events_for_digest(*, community_ids, start, end, user) -> list[Event]:
    """Published events of these communities starting in [start, end) that
    `user` may see, soonest first (one query)."""
    return list(
        Event.objects.filter(
            visible_events_q(user), community_id__in=list(community_ids),
            state=Event.State.PUBLISHED, starts_at__gte=start, starts_at__lt=end,
        )
        .select_related("community")
        .order_by("starts_at", "pk")
    )
