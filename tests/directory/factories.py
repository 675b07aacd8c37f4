from decimal import Decimal

import factory

from directory.models import DirectoryEntry
from tests.factories import CommunityFactory, UserFactory


class DirectoryEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectoryEntry

    community = factory.SubFactory(CommunityFactory)
    user = factory.SubFactory(UserFactory)
    territory = "Lyon 7e"
    latitude = Decimal("45.746")
    longitude = Decimal("4.842")
