"""The directory's reads at their edges (directory/selectors.py): a tag on
something else than a person, a person listed elsewhere or not at all, two
people of one name, an empty territory, and whose entry a page reads."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from taggit.models import Tag, TaggedItem

from accounts.models import Skill, TaggedSkill
from communities.models import Circle
from directory import selectors
from directory.models import DirectoryEntry
from directory.selectors import Filters
from tests.factories import MembershipFactory, UserFactory

from .factories import DirectoryEntryFactory

pytestmark = pytest.mark.django_db


def _names(qs):
    return [entry.user.display_name for entry in qs]


def _member(community, name, **entry):
    user = UserFactory(display_name=name)
    MembershipFactory(community=community, user=user, circle=Circle.INFORMED)
    return DirectoryEntryFactory(community=community, user=user, **entry)


def test_a_tag_on_a_community_never_lists_the_person_of_the_same_number(community):
    anne, bruno = _member(community, "Anne"), _member(community, "Bruno")
    anne.user.interests.set(["haies"])
    anne.user.skills.set(["compost"])
    # Something else than a person, carrying the tags under Bruno's number.
    place = ContentType.objects.get_for_model(community)
    TaggedItem.objects.create(tag=Tag.objects.get(name="haies"), content_type=place,
                              object_id=bruno.user.pk)
    TaggedSkill.objects.create(tag=Skill.objects.get(name="compost"), content_type=place,
                               object_id=bruno.user.pk)
    TaggedItem.objects.create(tag=Tag.objects.create(name="mares", slug="mares"),
                              content_type=place, object_id=bruno.user.pk)
    TaggedSkill.objects.create(tag=Skill.objects.create(name="vannerie", slug="vannerie"),
                               content_type=place, object_id=bruno.user.pk)

    assert _names(selectors.entries(community=community, filters=Filters(interest="HAIES"))) == [
        "Anne"]
    assert _names(selectors.entries(community=community, filters=Filters(skill="Compost"))) == [
        "Anne"]
    assert selectors.used_interests(community) == ["haies"]
    assert selectors.used_skills(community) == ["compost"]


def test_the_filters_offer_the_tags_of_people_listed_here_only(community, other_community):
    _member(community, "Anne").user.skills.set(["compost"])
    unlisted = UserFactory(display_name="Zoé")
    MembershipFactory(community=community, user=unlisted, circle=Circle.ENGAGED)
    unlisted.skills.set(["apiculture"])
    unlisted.interests.set(["abeilles"])
    elsewhere = _member(other_community, "Yves").user
    elsewhere.skills.set(["vannerie"])
    elsewhere.interests.set(["osier"])

    assert selectors.used_skills(community) == ["compost"]
    assert selectors.used_interests(community) == []


def test_entries_are_by_name_and_two_of_one_name_in_the_order_listed(community):
    camille_2 = DirectoryEntryFactory(
        id=900_002, community=community, user=UserFactory(display_name="Camille Martin",
                                                          email="camille.1@example.org"))
    zoe = DirectoryEntryFactory(id=900_001, community=community,
                                user=UserFactory(display_name="Zoé"))
    camille_1 = DirectoryEntryFactory(
        id=900_000, community=community, user=UserFactory(display_name="Camille Martin",
                                                          email="camille.0@example.org"))
    bruno = DirectoryEntryFactory(id=900_003, community=community,
                                  user=UserFactory(display_name="Bruno"))

    assert list(selectors.entries(community=community)) == [bruno, camille_1, camille_2, zoe]


def test_an_empty_territory_is_no_suggestion(community):
    _member(community, "Anne", territory="")
    _member(community, "Bruno", territory="Lyon 7e")
    _member(community, "Chloé", territory="lyon 7E")

    assert selectors.territories(community) == ["Lyon 7e"]


def test_a_persons_entry_is_the_one_in_this_community(community, other_community):
    person = UserFactory(display_name="Anne")
    elsewhere = DirectoryEntryFactory(community=other_community, user=person)
    _member(community, "Bruno")

    assert selectors.entry_of(person, community) is None
    assert selectors.entry_of(person, other_community) == elsewhere
    assert selectors.entry_of(AnonymousUser(), other_community) is None
    here = DirectoryEntryFactory(community=community, user=person)
    assert selectors.entry_of(person, community) == here
    assert selectors.entries_of(person) == {community.pk: here, other_community.pk: elsewhere}
    assert selectors.entries_of(AnonymousUser()) == {}
    assert selectors.listed_count(community) == 2
    assert DirectoryEntry.objects.count() == 3
