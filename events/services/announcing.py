"""Announcing a published event to the members of the circles it is for.

An event is announced when it is published, and again to the members of
circles added to it while it is published; each person once per event: the
`EventInvitation` row written with their notification is what says they were
told. Everything runs under the event's row lock, held by the caller
(event_publish, event_update), so two publications or edits at once cannot
tell the same person twice; the unique constraint on (event, user) backs it.
"""

from __future__ import annotations

from communities.models import Membership
from notifications import services as notifications

from .. import kinds
from ..models import Event, EventInvitation


def announce(event: Event, *, actor=None) -> list[EventInvitation]:
    """Tell the members this published event is for who were not told yet.

    A public event is for every member of its community; a restricted one
    for the members of its circles. An institution-wide event has no members
    to tell. The person who publishes is not told. Queries: the members not
    yet invited (one), the invitations (one INSERT), then notify()'s
    (preferences, one INSERT), whatever the number of people.
    """
    if event.community_id is None or not event.is_published:
        return []
    members = Membership.objects.filter(community_id=event.community_id).exclude(
        user__event_invitations__event=event
    )
    if not event.is_public:
        members = members.filter(circle__in=sorted(event.circles))
    if actor is not None and actor.is_authenticated:
        members = members.exclude(user=actor)
    members = list(members.select_related("user").order_by("user_id"))
    if not members:
        return []
    invitations = EventInvitation.objects.bulk_create([
        EventInvitation(event=event, user=member.user, circle=member.circle)
        for member in members
    ])
    notifications.notify(
        [member.user for member in members], kinds.ANNOUNCED, actor=actor,
        community=event.community, url=event.get_absolute_url(),
        data={"event": event.title},
    )
    return invitations
