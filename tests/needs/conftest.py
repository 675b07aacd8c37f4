"""Fixtures of needs: items of `community` made through the services, and the
"author" role (an informed member who wrote the item) added to the matrix."""

import pytest

from communities.models import Circle
from needs import services
from needs.models import Need
from tests.factories import MembershipFactory, UserFactory


def member(community, circle=Circle.INFORMED, **fields):
    return MembershipFactory(community=community, circle=circle, user=UserFactory(**fields)).user


def make_need(community, author, **fields):
    values = dict(
        kind=Need.Kind.NEED, title="Une salle pour une bourse aux semences",
        description="Une salle de 50 personnes, un samedi de mars.",
        visibility=Need.Visibility.COMMUNITY, tags=["semences"], contact_consent=True,
    )
    values.update(fields)
    return services.need_create(community=community, author=author, **values)


@pytest.fixture
def author(community):
    return member(community, email="author@example.org", display_name="Awa Diallo",
                  organisation="Graines d'Ariège")


@pytest.fixture
def need(community, people, author):
    return make_need(community, author)


@pytest.fixture
def private_need(community, people, author):
    return make_need(community, author, title="Un contact aux subventions",
                     visibility=Need.Visibility.GARDENERS)


@pytest.fixture
def roles(people, author):
    return {**people, "author": author}


@pytest.fixture(autouse=True)
def in_english(settings):
    """Assertions read the English source strings (as in tests/workgroups)."""
    from django.db.models.signals import pre_save
    from django.utils import translation

    from accounts.models import User

    def english(sender, instance, **kwargs):
        instance.preferred_language = "en"

    settings.LANGUAGE_CODE = "en"
    pre_save.connect(english, sender=User, dispatch_uid="needs-tests-in-english")
    with translation.override("en"):
        yield
    pre_save.disconnect(sender=User, dispatch_uid="needs-tests-in-english")
