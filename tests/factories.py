"""Factories shared by every test package."""

import factory
from django.contrib.auth import get_user_model

from communities.models import Circle, Community, Direction, Membership
from gardeners.models import GardenerPair


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name", locale="fr_FR")
    password = factory.django.Password("password")
    preferred_language = "fr"

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Give the user a verified primary address, as allauth expects."""
        if not create or extracted is False:
            return
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=obj, email=obj.email, defaults={"verified": True, "primary": True}
        )


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
