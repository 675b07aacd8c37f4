"""Factories shared by every test package.

They live in demo/factories/, which the demo (`manage.py seed_demo`) builds
from too; this module keeps the tests' imports as they were.
"""

from demo.factories import (
    CommunityFactory,
    DirectionFactory,
    GardenerPairFactory,
    MembershipFactory,
    UserFactory,
)

__all__ = [
    "CommunityFactory",
    "DirectionFactory",
    "GardenerPairFactory",
    "MembershipFactory",
    "UserFactory",
]
