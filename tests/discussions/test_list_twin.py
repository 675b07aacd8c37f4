"""A community's list of channels and a channel's page never disagree:
`visible_channels` (the list, the unread counts, the dashboards' activity)
and `my_channels` (the header's shortcut) hold exactly the channels
`discussions.view_channel` lets the person open, walked over every role and
the channels of two communities, for each circle, open or archived."""

import pytest
from django.utils import timezone

from communities.models import Circle, Community, Membership
from discussions import selectors, services
from discussions.models import Channel
from roles.predicates import gardened_community_ids
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

EVERYONE = (*ROLES, "institution_gardener", "member_elsewhere")


@pytest.fixture
def world(people, community, other_community, member_elsewhere):
    channels = []
    for place in (community, other_community):
        channels.append(services.general_channel_ensure(community=place))
        for circle in Circle:
            channels.append(Channel.objects.create(
                community=place, name=f"{place.slug} {circle.label}", min_circle=circle))
        channels.append(Channel.objects.create(
            community=place, name=f"{place.slug} archived", min_circle=Circle.INFORMED,
            archived_at=timezone.now()))
    return {**people, "member_elsewhere": member_elsewhere, "channels": channels}


@pytest.mark.parametrize("role", EVERYONE)
def test_the_lists_hold_exactly_the_channels_their_pages_open(world, role):
    user = world[role]
    opened = {c.pk for c in world["channels"] if user.has_perm("discussions.view_channel", c)}

    listed = set()
    for community in Community.objects.all():
        listed |= {c.pk for c in selectors.visible_channels(user=user, community=community)}
    assert listed == opened

    # The shortcut: the open ones, of the communities the person belongs to
    # or gardens (site staff may open every channel, but list their own).
    theirs = {c.pk for c in Community.objects.all()
              if user.is_authenticated and (
                  Membership.objects.filter(community=c, user=user).exists()
                  or c.pk in gardened_community_ids(user))}
    shortcut = {c.pk for line in selectors.my_channels(user=user) for c in line.channels}
    assert shortcut == {c.pk for c in world["channels"] if c.pk in opened
                        and c.archived_at is None and c.community_id in theirs}
