"""Every discussions permission walked through the role matrix."""

import pytest

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "citizen",
    "informed",
    "engaged",
    "gardener",
    "other_gardener",
    "cultivator",
    "staff",
)
MEMBERS = {"citizen", "informed", "engaged"}
MODERATORS = {"gardener", "staff"}


def allowed(people, perm, obj):
    return {role for role in ROLES if people[role].has_perm(perm, obj)}


def test_view_channels(people, community):
    assert allowed(people, "discussions.view_channels", community) == MEMBERS | MODERATORS


def test_view_general_channel(people, general):
    assert allowed(people, "discussions.view_channel", general) == MEMBERS | MODERATORS


def test_view_informed_channel(people, informed_channel):
    assert allowed(people, "discussions.view_channel", informed_channel) == {
        "informed",
        "engaged",
    } | MODERATORS


def test_view_engaged_channel(people, engaged_channel):
    assert allowed(people, "discussions.view_channel", engaged_channel) == {
        "engaged"
    } | MODERATORS


def test_post_message(people, general, engaged_channel):
    assert allowed(people, "discussions.post_message", general) == MEMBERS | MODERATORS
    assert allowed(people, "discussions.post_message", engaged_channel) == {"engaged"} | MODERATORS


def test_nobody_posts_in_an_archived_channel(people, archived_channel):
    assert allowed(people, "discussions.view_channel", archived_channel) == MEMBERS | MODERATORS
    assert allowed(people, "discussions.post_message", archived_channel) == set()


@pytest.mark.parametrize(
    "perm",
    [
        "discussions.add_channel",
        "discussions.mute_member",
        "discussions.view_reports",
    ],
)
def test_community_moderation(people, community, perm):
    assert allowed(people, perm, community) == MODERATORS


def test_change_channel(people, general, engaged_channel):
    assert allowed(people, "discussions.change_channel", general) == MODERATORS
    assert allowed(people, "discussions.change_channel", engaged_channel) == MODERATORS


def test_hide_message(people, general, make_message):
    message = make_message(general, people["citizen"])
    assert allowed(people, "discussions.hide_message", message) == MODERATORS


def test_change_and_delete_own_message_only(people, general, make_message):
    message = make_message(general, people["citizen"])
    assert allowed(people, "discussions.change_message", message) == {"citizen"}
    assert allowed(people, "discussions.delete_message", message) == {"citizen"}


def test_author_who_left_the_circle_no_longer_edits(people, engaged_channel, make_message):
    from communities.services import membership_move

    message = make_message(engaged_channel, people["engaged"])
    membership_move(
        community=engaged_channel.community,
        user=people["engaged"],
        actor=people["gardener"],
        to_circle=1,
        reason="Moins disponible",
    )
    assert allowed(people, "discussions.change_message", message) == set()
    assert allowed(people, "discussions.delete_message", message) == set()


def test_no_edit_in_archived_channel_but_delete(people, archived_channel, make_message):
    message = make_message(archived_channel, people["citizen"])
    assert allowed(people, "discussions.change_message", message) == set()
    assert allowed(people, "discussions.delete_message", message) == {"citizen"}


def test_report_message(people, general, engaged_channel, make_message):
    message = make_message(general, people["citizen"])
    assert allowed(people, "discussions.report_message", message) == {
        "informed",
        "engaged",
    } | MODERATORS
    inner = make_message(engaged_channel, people["engaged"])
    assert allowed(people, "discussions.report_message", inner) == MODERATORS
