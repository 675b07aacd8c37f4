"""Directions, communities, memberships and gardener pairs."""

import factory

from communities.models import Circle, Community, Direction, Membership
from roles.models import GardenerPair

from .people import UserFactory


class DirectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Direction
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Direction {n}")
    slug = factory.Sequence(lambda n: f"direction-{n}")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"Community {n}")
    slug = factory.Sequence(lambda n: f"community-{n}")
    description = "People who act together."
    territory = "Occitanie"
    direction = factory.SubFactory(DirectionFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    community = factory.SubFactory(CommunityFactory)
    user = factory.SubFactory(UserFactory)
    circle = Circle.CITIZENS


class GardenerPairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GardenerPair

    community = factory.SubFactory(CommunityFactory)
    territory_gardener = factory.SubFactory(UserFactory)
    institution_gardener = factory.SubFactory(UserFactory)
    direction = factory.SelfAttribute("community.direction")
