"""Factories of the events tests. Seats and counters are the services' job:
factories build events only; registrations go through services in tests."""

import datetime as dt

import factory
from django.utils import timezone

from events.models import Event
from tests.factories import CommunityFactory, UserFactory


class EventFactory(factory.django.DjangoModelFactory):
    """A published public event in a week, two hours long, 10 seats."""

    class Meta:
        model = Event

    community = factory.SubFactory(CommunityFactory)
    organiser = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Atelier {n}")
    description = "Rencontre des acteurs du territoire."
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + dt.timedelta(days=7)).replace(microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    time_zone = "Europe/Paris"
    format = Event.Format.IN_PERSON
    address = "Hôtel de Région, 22 boulevard du Maréchal Juin, Toulouse"
    capacity = 10
    state = Event.State.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
