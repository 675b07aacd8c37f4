"""The organisations linked to a community, when they have a place, are on
its directory's map beside the people, listed apart with a link to their
profile (organisations registers them through terreau/maps.py's hook)."""

import pytest
from django.urls import reverse

from organisations.models import CommunityLink, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(community):
    organisation = Organisation.objects.create(
        name="Les Jardins du Rhône", slug="jardins-rhone", kind=Organisation.Kind.ASSOCIATION,
        territory="Lyon 7e", latitude=45.7466, longitude=4.8421)
    CommunityLink.objects.create(organisation=organisation, community=community)
    return organisation


def _map(client, community, query=""):
    response = client.get(reverse("directory:map", kwargs={"slug": community.slug}) + query)
    assert response.status_code == 200
    organisations = [marker for marker in response.context["map_config"]["markers"]
                     if marker.get("kind") == "organisation"]
    assert organisations == response.context["organisation_markers"]
    return response, [marker["name"] for marker in organisations]


def test_a_linked_organisation_with_a_place_is_on_the_map_and_listed_with_its_link(
        in_english, login, people, community, organisation):
    response, names = _map(login(people["citizen"]), community)
    assert names == ["Les Jardins du Rhône"]
    page = response.content.decode()
    assert "1 organisation of this community on the map" in page
    assert f'<a href="{organisation.get_absolute_url()}">Les Jardins du Rhône</a> · Association' in page
    marker = response.context["map_config"]["markers"][0]
    assert (marker["url"], marker["lat"], marker["lng"]) == (
        organisation.get_absolute_url(), 45.7466, 4.8421)


def test_the_heading_is_in_french_for_a_french_reader(login, people, community, organisation):
    people["citizen"].__class__.objects.filter(pk=people["citizen"].pk).update(
        preferred_language="fr")
    response, _names = _map(login(people["citizen"]), community)
    assert "1 structure de cette communauté sur la carte" in response.content.decode()


def test_an_organisation_without_a_place_or_not_linked_is_not_on_the_map(
        login, people, community, organisation):
    Organisation.objects.create(name="Ailleurs", slug="ailleurs", kind=Organisation.Kind.COMPANY,
                                latitude=45.7, longitude=4.8)
    placeless = Organisation.objects.create(name="Sans lieu", slug="sans-lieu",
                                            kind=Organisation.Kind.COLLECTIVE)
    CommunityLink.objects.create(organisation=placeless, community=community)
    assert _map(login(people["citizen"]), community)[1] == ["Les Jardins du Rhône"]


def test_the_directorys_filters_apply_to_organisations(login, people, community, organisation,
                                                       listed):
    # The filters offer the territories and skills of the directory's entries.
    listed(1, territory="Lyon 7e")
    listed(1, start=1, territory="Lyon 8e")
    client = login(people["citizen"])
    assert _map(client, community)[1] == ["Les Jardins du Rhône"]
    assert _map(client, community, "?q=jardins")[1] == ["Les Jardins du Rhône"]
    assert _map(client, community, "?q=potager")[1] == []
    assert _map(client, community, "?territory=Lyon+7e")[1] == ["Les Jardins du Rhône"]
    assert _map(client, community, "?territory=Lyon+8e")[1] == []
    # A person's skill or interest says nothing of an organisation.
    response, names = _map(client, community, "?skill=compost")
    assert names == []
    assert "organisations-title" not in response.content.decode()
