"""The story page in Wagtail (issue #16): the pair publishes its own; the
cultivator, whose group reaches every page, edits it only when invited."""

import pytest
from django.urls import reverse

from cms.models import CommunityIndexPage, CommunityPage
from communities import services as community_services
from roles import services as role_services
from tests.factories import CommunityFactory, DirectionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(db):
    from cms.services import site_tree_ensure

    community = CommunityFactory(name="Haies du Rouergue", slug="haies-du-rouergue")
    stories = site_tree_ensure().add_child(
        instance=CommunityIndexPage(title="Récits", slug="recits"))
    page = stories.add_child(instance=CommunityPage(title=community.name, slug="haies",
                                                    community=community))
    page.save_revision().publish()
    return page


def _status(client, person, page):
    client.force_login(type(person).objects.get(pk=person.pk))
    return client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code


def test_the_pair_publishes_its_story_and_the_cultivator_needs_an_invitation(client, story):
    staff = UserFactory(is_staff=True)
    gardener = UserFactory()
    role_services.pair_appoint(community=story.community, territory_gardener=gardener,
                               actor=staff)
    coordination = DirectionFactory(name="Coordination", slug="coordination",
                                    is_coordinating=True)
    cultivator = UserFactory()
    community_services.direction_save(direction=coordination, name=coordination.name,
                                      description="", is_coordinating=True,
                                      staff=[cultivator], actor=staff)

    assert _status(client, gardener, story) == 200
    assert story.permissions_for_user(gardener).can_publish()
    # Wagtail answers a refusal by sending the person back to its dashboard.
    assert _status(client, cultivator, story) == 302

    role_services.contributor_invite(community=story.community, person=cultivator,
                                     actor=gardener)
    assert _status(client, cultivator, story) == 200
