"""The header: a member's places one tap away, the administration for those
Wagtail lets in (not for is_staff alone), my channels."""

from django.contrib.auth.models import Group, Permission

from discussions import services as discussions
from tests.factories import UserFactory

ADMIN_LINK = 'href="/cms/"'


def _header(response):
    return response.content.decode().split("<main")[0]


def test_a_member_has_their_places_in_the_shortcuts(login, people):
    header = _header(login(people["citizen"]).get("/"))

    for href in ('href="/communities/mine/"', 'href="/events/mine/"', 'href="/me/channels/"',
                 'href="/me/notifications/"'):
        assert href in header, href
    assert 'aria-controls="site-menu"' in header and 'aria-expanded="false"' in header


def test_the_admin_link_follows_wagtails_permission_not_is_staff(client, db):
    staff_only = UserFactory(email="staff-only@example.org", is_staff=True)
    editors = Group.objects.create(name="Rédaction")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor = UserFactory(email="editor@example.org")
    editor.groups.add(editors)

    client.force_login(staff_only)
    assert ADMIN_LINK not in _header(client.get("/"))
    client.force_login(editor)
    assert ADMIN_LINK in _header(client.get("/"))


def test_my_channels_lists_what_the_person_may_read(login, people, community, other_community):
    general = discussions.general_channel_ensure(community=community)
    engaged_only = discussions.channel_create(
        community=community, name="noyau", min_circle=3, actor=people["gardener"])
    elsewhere = discussions.general_channel_ensure(community=other_community)

    citizen_page = login(people["citizen"]).get("/me/channels/").content.decode()
    assert f"/channels/{general.pk}/" in citizen_page
    assert f"/channels/{engaged_only.pk}/" not in citizen_page
    assert f"/channels/{elsewhere.pk}/" not in citizen_page

    engaged_page = login(people["engaged"]).get("/me/channels/").content.decode()
    assert f"/channels/{engaged_only.pk}/" in engaged_page


def test_my_channels_asks_to_log_in(client, db):
    assert client.get("/me/channels/").status_code == 302
