"""A listing racing a departure never leaves an entry without its member.

entry_save locks the membership row before writing; membership_leave locks it
before deleting it and the entry. Whichever comes second waits, then either
finds no membership (and refuses) or sees the entry to delete.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from communities import services as community_services
from communities.models import Community, Membership
from directory import services
from directory.models import DirectoryEntry
from tests.factories import CommunityFactory, MembershipFactory, UserFactory

ROUNDS = 30


def _together(*actions):
    barrier = threading.Barrier(len(actions))
    errors = []

    def run(action):
        try:
            barrier.wait()
            try:
                action()
            finally:
                connection.close()
        except ValidationError:
            pass  # the loser is told; nothing written
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


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

        assert _together(save, leave) == []

    assert not Membership.objects.filter(community_id=community_pk).exists()
    assert not DirectoryEntry.objects.filter(community_id=community_pk).exists()
