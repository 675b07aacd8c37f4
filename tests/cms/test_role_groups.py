"""The Wagtail groups derived from roles follow the roles both ways.

A gardener of an active pair is in their community's "Jardiniers — …"
group (admin access, their story page); the staff of the coordinating
direction are in "Cultivateur". When the role goes (pair replaced or ended,
left the coordinating direction), the group goes, and with it the CMS
rights; a group an admin gave by hand stays.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from cms import grants, role_groups
from cms.models import CommunityIndexPage, CommunityPage, RoleGroup
from communities import services as community_services
from roles import services as role_services
from tests.factories import CommunityFactory, DirectionFactory, UserFactory


@pytest.fixture
def community(db):
    return CommunityFactory(name="Haies du Rouergue", slug="haies-du-rouergue")


@pytest.fixture
def stories(home):
    return home.add_child(instance=CommunityIndexPage(title="Récits", slug="recits"))


def _story(stories, community, slug):
    page = stories.add_child(instance=CommunityPage(title=community.name, slug=slug,
                                                    community=community))
    page.save_revision().publish()
    return page


@pytest.fixture
def story(stories, community):
    return _story(stories, community, "haies")


def _edit(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def _reaches(client, person, url) -> bool:
    client.force_login(type(person).objects.get(pk=person.pk))
    return client.get(url).status_code == 200


def _appoint(community, territory, actor):
    return role_services.pair_appoint(community=community, territory_gardener=territory,
                                      actor=actor)


def _groups(person) -> set[str]:
    return set(person.groups.values_list("name", flat=True))


def test_removing_a_persons_gardener_role_removes_their_cms_rights(client, community, story):
    alice, bruno = UserFactory(email="alice@example.org"), UserFactory(email="bruno@example.org")
    staff = UserFactory(email="admin@example.org", is_staff=True)
    _appoint(community, alice, staff)
    assert _reaches(client, alice, reverse("wagtailadmin_home"))
    assert _reaches(client, alice, _edit(story))

    # When the cultivator replaces the pair
    _appoint(community, bruno, staff)

    # Then Alice no longer reaches the CMS, and Bruno does
    assert not _reaches(client, alice, reverse("wagtailadmin_home"))
    assert not _reaches(client, alice, _edit(story))
    assert _groups(alice) == set()
    assert _reaches(client, bruno, _edit(story))


def test_ending_the_pair_removes_both_gardeners_groups(community, story):
    alice, bruno = UserFactory(), UserFactory()
    agents = DirectionFactory()
    agents.staff.add(bruno)
    staff = UserFactory(is_staff=True)
    role_services.pair_appoint(community=community, territory_gardener=alice,
                               institution_gardener=bruno, direction=agents, actor=staff)
    assert _groups(alice) == _groups(bruno) == {"Jardiniers — Haies du Rouergue"}

    role_services.pair_end(community=community, actor=staff)

    assert _groups(alice) == _groups(bruno) == set()


def test_a_group_an_admin_gave_stays_when_the_role_goes(client, community, story, home):
    alice, staff = UserFactory(), UserFactory(is_staff=True)
    editors = Group.objects.create(name="Rédaction")
    grants.grant_admin_and_images(editors)
    alice.groups.add(editors)
    _appoint(community, alice, staff)

    role_services.pair_end(community=community, actor=staff)

    assert _groups(alice) == {"Rédaction"}
    assert _reaches(client, alice, reverse("wagtailadmin_home"))
    assert not _reaches(client, alice, _edit(story))


def test_a_gardener_edits_their_own_story_only(client, community, story, stories):
    other = _story(stories, CommunityFactory(name="Cantines bio"), "cantines")
    alice, staff = UserFactory(), UserFactory(is_staff=True)
    _appoint(community, alice, staff)

    assert _reaches(client, alice, _edit(story))
    assert not _reaches(client, alice, _edit(other))
    # The pair publishes its own story (issue #16).
    assert story.permissions_for_user(alice).can_publish()


def test_leaving_the_coordinating_direction_removes_the_cultivator_group(client, home):
    coordination = DirectionFactory(name="Coordination", slug="coordination",
                                    is_coordinating=True)
    carla = UserFactory()
    community_services.direction_save(direction=coordination, name=coordination.name,
                                      description="", is_coordinating=True, staff=[carla])
    assert _groups(carla) == {"Cultivateur"}
    assert _reaches(client, carla, reverse("wagtailadmin_home"))

    community_services.direction_save(direction=coordination, name=coordination.name,
                                      description="", is_coordinating=True, staff=[])

    assert _groups(carla) == set()
    assert not _reaches(client, carla, reverse("wagtailadmin_home"))


def test_a_direction_that_stops_coordinating_takes_the_group_from_its_staff(home):
    carla = UserFactory()
    coordination = DirectionFactory(name="Coordination", slug="coordination")
    community_services.direction_save(direction=coordination, name=coordination.name,
                                      description="", is_coordinating=True, staff=[carla])

    community_services.direction_save(direction=coordination, name=coordination.name,
                                      description="", is_coordinating=False, staff=[carla])

    assert _groups(carla) == set()


def test_the_full_sync_takes_back_a_derived_group_given_by_hand(community, story):
    alice, bruno, staff = UserFactory(), UserFactory(), UserFactory(is_staff=True)
    _appoint(community, alice, staff)
    gardeners = Group.objects.get(name="Jardiniers — Haies du Rouergue")
    bruno.groups.add(gardeners)  # by hand, in the Django admin

    role_groups.role_groups_sync()

    assert set(gardeners.user_set.all()) == {alice}


def test_a_story_written_after_the_appointment_is_the_gardeners_to_edit(
    client, community, stories
):
    alice, staff = UserFactory(), UserFactory(is_staff=True)
    _appoint(community, alice, staff)
    page = _story(stories, community, "haies")

    # The admin's "after_create_page" hook (cms/wagtail_hooks.py) runs this.
    role_groups.story_page_changed(page)

    assert _reaches(client, alice, _edit(page))


def test_a_deleted_community_takes_its_gardeners_group_with_it(community, story):
    alice, staff = UserFactory(), UserFactory(is_staff=True)
    _appoint(community, alice, staff)
    role_services.pair_end(community=community, actor=staff)
    community.delete()

    role_groups.role_groups_sync()

    assert not Group.objects.filter(name__startswith="Jardiniers").exists()
    assert not RoleGroup.objects.filter(role=RoleGroup.Role.GARDENERS).exists()
