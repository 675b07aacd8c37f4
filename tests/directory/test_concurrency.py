"""A listing racing a departure never leaves an entry without its member.

entry_save locks the membership row before writing; membership_leave locks it
before deleting it and the entry. Whichever comes second waits, then either
finds no membership (and refuses) or sees the entry to delete.
"""

import pytest

from communities import services as community_services
from communities.models import Community, Membership
from directory import services
from directory.models import DirectoryEntry
from tests.concurrency import race
from tests.factories import CommunityFactory, MembershipFactory, UserFactory

ROUNDS = 30


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_listing_while_leaving_leaves_no_orphan_entry(postgres):
    community_pk = CommunityFactory().pk
    users = [UserFactory(verified=False) for _ in range(ROUNDS)]
    for user in users:
        MembershipFactory(community_id=community_pk, user=user)

    for user in users:
        def save(user=user):
            services.entry_save(
                community=Community.objects.get(pk=community_pk), user=user,
                territory="Lyon", latitude="45.7", longitude="4.8",
            )

        def leave(user=user):
            community_services.membership_leave(
                community=Community.objects.get(pk=community_pk), user=user
            )

        race(save, leave)  # the loser refused, or finding nothing to do

    assert not Membership.objects.filter(community_id=community_pk).exists()
    assert not DirectoryEntry.objects.filter(community_id=community_pk).exists()
