"""The council's members with an account: its own channel (discussions), and
inviting them into a community (docs/councils.md, "Channel and community").

A discussions channel belongs to a community, so the council's channel lives
in the community the council is linked to (Council.community); the councils'
channel access provider (councils/hooks.py) lets only the council's seated
members read it, besides the community's moderators. Discussions knows
nothing of councils: the link is Council.channel.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from communities.models import Circle, Community, Membership
from discussions import broadcast
from discussions import services as discussions
from notifications import services as notifications
from roles.predicates import can_address

from ..models import Council, Member
from ..seats import member_accounts

CHANNEL_NAME_MAX = 80


def channel_open(*, council: Council, community: Community, actor) -> Council:
    """Link the council to a community and open its own channel there, read
    by the council's seated members who have an account (and the community's
    moderators). Refused, writing nothing: a community the actor may not
    reach (roles.predicates.can_address: one of their direction's or one they
    tend; the cultivator and staff reach all); a channel already open; a name
    the community's channels already use (the discussions app says so)."""
    if not can_address.test(actor, community):
        raise ValidationError({"community": ValidationError(
            _("Open the council's channel in a community of your direction, or one you tend."),
            code="not_addressable")})
    with transaction.atomic():
        council = Council.objects.select_for_update().get(pk=council.pk)
        if council.channel_id is not None:
            raise ValidationError(
                _("The council already has its channel, in %(community)s.")
                % {"community": council.channel.community},
                code="channel_open",
            )
        channel = discussions.channel_create(
            community=community, name=council.name[:CHANNEL_NAME_MAX],
            min_circle=Circle.CITIZENS, actor=actor,
        )
        council.community, council.channel = community, channel
        council.save(update_fields=["community", "channel"])
        return council


def members_invite(*, council: Council, actor) -> tuple[int, int]:
    """Invite the council's seated members with an account who are not yet
    in its community to join it (a notification each: joining is one click,
    communities.services.membership_join). Returns (invited, already in);
    the agent who invites, seated and outside, is neither (notify() tells
    nobody of their own act)."""
    if council.community_id is None:
        raise ValidationError(_("Link the council to a community first."), code="no_community")
    community = council.community
    accounts = list(member_accounts(council))
    inside = set(Membership.objects.filter(
        community=community, user__in=accounts).values_list("user_id", flat=True))
    invited = [user for user in accounts if user.pk not in inside and user.pk != actor.pk]
    notifications.notify(
        invited, "council_community_invitation", actor=actor, community=community,
        url=community.get_absolute_url(),
        data={"council": council.name, "community": community.name},
    )
    return len(invited), len(inside)


def seat_ended(member: Member) -> None:
    """A member left: their open sockets on the council's channel re-check
    and close (after commit). Called by the services that end a seat."""
    council = member.council
    if council.channel_id is None:
        return
    community_id = council.channel.community_id
    for user in accounts_of(member):
        broadcast.membership_changed(community_id, user.pk)


def accounts_of(member: Member) -> list:
    """The accounts a member is known by, seated or not (councils/seats.py)."""
    ids = {member.user_id} - {None}
    mine = Q(pk__in=ids)
    if member.candidate_id is not None:
        candidate = member.candidate
        mine |= Q(pk=candidate.user_id) if candidate.user_id else Q()
        mine |= Q(email__iexact=candidate.email)
    elif not ids:
        return []
    return list(get_user_model().objects.filter(mine))
