"""Announcing a published event to the members of the circles it is for.

An event is announced when it is published, and again to the members of
circles added to it while it is published; each person once per event: the
`EventInvitation` row written with their notification is what says they were
told. Everything runs under the event's row lock, held by the caller
(event_publish, event_update), so two publications or edits at once cannot
tell the same person twice; the unique constraint on (event, user) backs it.

An event open to everyone (public) is also announced to the people who follow
the community without being members (communities.CommunityFollower): their
invitation row has no circle. A restricted event is not for them. A follower
who was told and joins later is not told again: the row is per person.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from communities.models import Membership
from communities.selectors import follower_ids
from notifications import services as notifications

from .. import kinds
from ..models import Event, EventInvitation


def announce(event: Event, *, actor=None) -> list[EventInvitation]:
    """Tell the members this published event is for who were not told yet.

    A public event is for every member of its community and for its
    followers who are not members; a restricted one for the members of its
    circles only. An institution-wide event has no members to tell. The
    person who publishes is not told. Queries: the members not yet invited
    (one), for a public event the followers not yet invited (one), the
    invitations (one INSERT), then notify()'s (preferences, one INSERT),
    whatever the number of people.
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
    followers = []
    if event.is_public:
        people = get_user_model().objects.filter(
            pk__in=follower_ids(event.community_id)
        ).exclude(event_invitations__event=event)
        if actor is not None and actor.is_authenticated:
            people = people.exclude(pk=actor.pk)
        followers = list(people.order_by("pk"))
    if not members and not followers:
        return []
    invitations = EventInvitation.objects.bulk_create([
        *(EventInvitation(event=event, user=member.user, circle=member.circle)
          for member in members),
        *(EventInvitation(event=event, user=follower) for follower in followers),  # no circle
    ])
    notifications.notify(
        [member.user for member in members] + followers, kinds.ANNOUNCED, actor=actor,
        community=event.community, url=event.get_absolute_url(),
        data={"event": event.title},
    )
    return invitations
