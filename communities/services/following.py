"""Following a community without being a member of it.

A signed-in person who is not a member may follow a community: they hear of
its events open to everyone (events/services/announcing.py) and take no place
in a circle. Following and unfollowing twice is harmless and says so; a member
cannot follow (they already hear of everything meant for them), and joining
ends the follow (membership_join), so nobody is told twice.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from communities.models import Community, CommunityFollower, Membership


def community_follow(*, community: Community, user) -> CommunityFollower:
    """Follow a community one is not a member of (refused twice, or to a member)."""
    with transaction.atomic():
        if Membership.objects.filter(community=community, user=user).exists():
            raise ValidationError(
                _("You are a member of %(community)s: you already hear of its events.")
                % {"community": community},
                code="member",
            )
        try:
            with transaction.atomic():
                return CommunityFollower.objects.create(community=community, user=user)
        except IntegrityError:
            raise ValidationError(
                _("You already follow %(community)s.") % {"community": community},
                code="already_following",
            ) from None


def community_unfollow(*, community: Community, user) -> None:
    """Stop following a community (refused when one does not follow it)."""
    with transaction.atomic():
        deleted, _rows = CommunityFollower.objects.filter(community=community, user=user).delete()
        if not deleted:
            raise ValidationError(
                _("You do not follow %(community)s.") % {"community": community},
                code="not_following",
            )


def follow_end_on_joining(*, community: Community, user) -> None:
    """A follower who joins is a member now: the follow has nothing left to say."""
    CommunityFollower.objects.filter(community=community, user=user).delete()
