"""Organisations linked to the communities they take part in (issue #19,
"What to build" 1): its admins link and unlink; the link shows on the
organisation's profile and in the community's "Organisations here", which
everyone reads; a member of the organisation or another one's admin is refused
and nothing changes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from organisations import services
from organisations.models import CommunityLink
from tests.factories import CommunityFactory


@pytest.fixture
def garden(db):
    return CommunityFactory(name="Quartier Nord")


def _link(client, org, community):
    return client.post(reverse("organisations:community_link", args=[org.slug]),
                       {"community": community.pk})


def _unlink(client, org, community):
    return client.post(reverse("organisations:community_unlink", args=[org.slug, community.pk]))


def test_an_admin_links_the_organisation_and_both_pages_show_it(client, lead, garden):
    org, admin, _member = lead
    client.force_login(admin)
    response = _link(client, org, garden)
    assert response.status_code == 302
    profile = client.get(org.get_absolute_url()).content.decode()
    assert f'href="{garden.get_absolute_url()}"' in profile

    client.logout()  # the community's block is public
    home = client.get(garden.get_absolute_url()).content.decode()
    assert 'id="organisations"' in home and "Organisations here" in home
    assert f'href="{org.get_absolute_url()}"' in home


def test_an_admin_unlinks_and_the_block_goes(client, lead, garden):
    org, admin, _member = lead
    services.community_link(organisation=org, community=garden, actor=admin)
    client.force_login(admin)
    assert _unlink(client, org, garden).status_code == 302
    assert not CommunityLink.objects.exists()
    assert 'id="organisations"' not in client.get(garden.get_absolute_url()).content.decode()
    assert f'href="{garden.get_absolute_url()}"' not in client.get(
        org.get_absolute_url()).content.decode()


def test_a_member_is_refused_and_sees_no_button(client, lead, garden):
    org, admin, member = lead
    client.force_login(member)
    assert _link(client, org, garden).status_code == 403
    assert not CommunityLink.objects.exists()
    page = client.get(org.get_absolute_url()).content.decode()
    assert reverse("organisations:community_link", args=[org.slug]) not in page

    services.community_link(organisation=org, community=garden, actor=admin)
    assert _unlink(client, org, garden).status_code == 403
    assert CommunityLink.objects.count() == 1
    assert reverse("organisations:community_unlink", args=[org.slug, garden.pk]) not in (
        client.get(org.get_absolute_url()).content.decode())


def test_another_organisations_admin_is_refused(client, lead, third, garden):
    org, admin, _member = lead
    _other, other_admin, _ = third
    client.force_login(other_admin)
    assert _link(client, org, garden).status_code == 403
    assert not CommunityLink.objects.exists()
    services.community_link(organisation=org, community=garden, actor=admin)
    assert _unlink(client, org, garden).status_code == 403
    assert CommunityLink.objects.count() == 1


def test_a_visitor_is_sent_to_log_in_and_nothing_is_linked(client, lead, garden):
    org, _admin, _member = lead
    response = _link(client, org, garden)
    assert response.status_code in (302, 403)
    assert not CommunityLink.objects.exists()


def test_linking_twice_is_refused_with_a_message_and_the_form_offers_only_the_others(
        client, lead, garden):
    org, admin, _member = lead
    other = CommunityFactory(name="Centre-ville")
    services.community_link(organisation=org, community=garden, actor=admin)
    with pytest.raises(ValidationError, match="already linked"):
        services.community_link(organisation=org, community=garden, actor=admin)
    assert CommunityLink.objects.count() == 1

    client.force_login(admin)
    response = _link(client, org, garden)  # not among the choices any more
    assert response.status_code == 400
    assert CommunityLink.objects.count() == 1
    page = client.get(org.get_absolute_url()).content.decode()
    assert f'<option value="{other.pk}">' in page
    assert f'<option value="{garden.pk}">' not in page


def test_unlinking_a_community_not_linked_is_a_404_and_changes_nothing(client, lead, garden):
    org, admin, _member = lead
    other = CommunityFactory(name="Centre-ville")
    services.community_link(organisation=org, community=garden, actor=admin)
    client.force_login(admin)
    assert _unlink(client, org, other).status_code == 404
    assert CommunityLink.objects.count() == 1
    with pytest.raises(ValidationError, match="not linked"):
        services.community_unlink(organisation=org, community=other, actor=admin)
