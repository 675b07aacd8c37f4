"""What the elected officials' monthly digest reads of needs (issue #16)."""

from django.db.models import Q

from .models import Need, Relay


def relays_for_digest(*, community_ids, start, end) -> list[Relay]:
    """Items of these communities relayed to a direction, or answered by it, in
    [start, end): only those visible to the whole community and not hidden."""
    return list(
        Relay.objects.filter(
            Q(relayed_at__gte=start, relayed_at__lt=end)
            | Q(answered_at__gte=start, answered_at__lt=end),
            need__community_id__in=list(community_ids),
            need__visibility=Need.Visibility.COMMUNITY,
            need__hidden_at__isnull=True,
        )
        .select_related("need", "need__community", "direction")
        .order_by("relayed_at", "pk")
    )
