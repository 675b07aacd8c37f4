"""The factories the demo and the tests share (factory_boy).

The demo builds its people and its crowd's memberships from them; every test
package imports them through tests/factories.py. Factories only set a scene:
what must carry a real history (pairs, requests, moves) goes through the
services, in the demo as in the tests.
"""

from .communities import CommunityFactory, DirectionFactory, GardenerPairFactory, MembershipFactory
from .people import UserFactory

__all__ = [
    "CommunityFactory",
    "DirectionFactory",
    "GardenerPairFactory",
    "MembershipFactory",
    "UserFactory",
]
