import pytest

from communities.models import Circle
from tests.factories import MembershipFactory, UserFactory

from .factories import DirectoryEntryFactory


@pytest.fixture
def listed(community):
    """Make `n` members of `community` listed, each with two skills and two interests."""

    def _listed(n, *, start=0, **fields):
        entries = []
        for i in range(start, start + n):
            user = UserFactory(display_name=f"Actor {i:03d}", organisation=f"Asso {i}")
            user.skills.set([f"skill-{i % 3}", "compost"])
            user.interests.set([f"interest-{i % 4}", "haies"])
            MembershipFactory(community=community, user=user, circle=Circle.INFORMED)
            entries.append(DirectoryEntryFactory(community=community, user=user, **fields))
        return entries

    return _listed
