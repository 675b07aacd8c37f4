"""Factories of the newsletters tests: letters and sections in a given state.

State changes in tests go through the services; factories only set the scene.
"""

import datetime as dt

import factory
from django.utils import timezone

from communities.models import Circle
from newsletters.models import AudienceCircle, Letter, Section, Subscription
from tests.factories import CommunityFactory, UserFactory


class LetterFactory(factory.django.DjangoModelFactory):
    """A letter whose call for contributions is open for a week."""

    class Meta:
        model = Letter
        skip_postgeneration_save = True

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"Lettre n°{n}")
    planned_for = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))
    contributions_until = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    invited_circle = Circle.ENGAGED
    state = Letter.State.CALL_OPEN

    @factory.post_generation
    def circles(obj, create, extracted, **kwargs):
        """The audience: engaged and informed circles unless told otherwise."""
        if not create:
            return
        for circle in extracted if extracted is not None else (Circle.ENGAGED, Circle.INFORMED):
            AudienceCircle.objects.create(letter=obj, community=obj.community, circle=circle)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    letter = factory.SubFactory(LetterFactory)
    author = factory.SubFactory(UserFactory)
    author_name = factory.LazyAttribute(lambda o: str(o.author))
    title = factory.Sequence(lambda n: f"Rubrique {n}")
    body = "<p>Des nouvelles du territoire.</p>"
    state = Section.State.PROPOSED
    position = factory.Sequence(lambda n: n + 1)


def subscribe(user, community):
    return Subscription.objects.update_or_create(
        user=user, community=community,
        defaults={"subscribed": True, "source": Subscription.Source.PROFILE,
                  "consented_at": timezone.now()},
    )[0]
