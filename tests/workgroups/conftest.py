"""Fixtures of the working groups: a group of `community` with its channel, and
the "group member" role added to the `people` matrix."""

import pytest

from communities.models import Circle
from tests.factories import MembershipFactory, UserFactory
from workgroups import services


def engaged_person(community, **fields):
    return MembershipFactory(
        community=community, circle=Circle.ENGAGED, user=UserFactory(**fields)
    ).user


@pytest.fixture
def group(community, people):
    return services.group_create(
        community=community,
        actor=people["gardener"],
        name="Semences paysannes",
        goal="Organiser une bourse aux semences au printemps.",
        issue="Accès aux semences locales",
    )


@pytest.fixture
def group_member(community, people, group):
    """An engaged member of the community who belongs to `group`."""
    user = engaged_person(community, email="group.member@example.org", display_name="Inès Martin")
    services.member_add(group=group, user=user, actor=people["gardener"])
    return user


@pytest.fixture
def roles(people, group_member):
    """`people` plus "group member" (engaged and in `group`)."""
    return {**people, "group_member": group_member}


@pytest.fixture(autouse=True)
def in_english(settings):
    """Assertions read the English source strings, whatever the French catalogue
    says (as in tests/events): pages and messages are rendered in English here."""
    from django.db.models.signals import pre_save
    from django.utils import translation

    from accounts.models import User

    def english(sender, instance, **kwargs):
        instance.preferred_language = "en"

    settings.LANGUAGE_CODE = "en"
    pre_save.connect(english, sender=User, dispatch_uid="workgroups-tests-in-english")
    with translation.override("en"):
        yield
    pre_save.disconnect(sender=User, dispatch_uid="workgroups-tests-in-english")
