"""A community's one home: the panels every app contributes, who sees which,
how a keyboard moves through them, and what the home costs.

The registry is communities/space.py; each app's own panel is tested with
its app (tests/needs, tests/workgroups, tests/directory, tests/newsletters,
tests/cms).
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms import services as cms_services
from cms.models import CommunityIndexPage, CommunityPage
from communities import space
from communities.models import Circle, Membership
from discussions.models import Channel, Message
from needs.models import Need
from newsletters.models import Letter
from tests.directory.factories import DirectoryEntryFactory
from tests.events.factories import EventFactory
from tests.newsletters.factories import LetterFactory
from tests.space import home_of, panel, skip_list
from workgroups.models import GroupMember, WorkingGroup

pytestmark = pytest.mark.django_db

EVERYONE = ["circles", "gardeners", "events", "letters", "directory"]


def test_every_app_contributes_its_panel_in_the_homes_order():
    keys = [p.key for p in space.panels()]

    assert keys == [
        "story", "circles", "gardeners", "meeting", "events", "funded", "organisations", "needs",
        "topics", "groups", "channels", "letters", "directory", "elsewhere", "gardening",
    ]


def test_a_panel_key_is_registered_once():
    needs = next(p for p in space.panels() if p.key == "needs")

    with pytest.raises(ImproperlyConfigured, match="'needs' is already registered"):
        space.register(space.Panel(key="needs", label="x", order=1, template="x.html",
                                   context=lambda community, user: {}))

    assert next(p for p in space.panels() if p.key == "needs") is needs


def test_a_visitor_sees_the_public_panels_only(community, pair):
    response = home_of(AnonymousUser(), community)

    assert skip_list(response) == ["you", *EVERYONE]
    for key in ("needs", "groups", "channels", "gardening"):
        assert panel(response, key) is None


def test_a_member_sees_the_members_panels_and_the_gardeners_theirs(people, community):
    member = home_of(people["engaged"], community)
    gardener = home_of(people["gardener"], community)

    assert skip_list(member) == [
        "you", "circles", "gardeners", "events", "needs", "topics", "groups", "channels",
        "letters", "directory",
    ]
    assert skip_list(gardener)[-1] == "gardening"
    assert "/communities/biodiversite/members/" in panel(gardener, "gardening")
    assert panel(member, "gardening") is None


def test_each_panel_has_a_real_heading_and_an_anchor_listed_at_the_top(people, community):
    response = home_of(people["gardener"], community)
    html = response.content.decode()

    for key in skip_list(response):
        # The section the skip link points to, labelled by its own <h2>.
        section = re.search(
            rf'<section id="{key}"[^>]*aria-labelledby="{key}-title"[^>]*>\s*<h2 id="{key}-title">',
            html,
        )
        assert section, key
    # The skip list comes before the first panel.
    assert html.index('class="panel-skip"') < html.index('<section id="circles"')


def test_the_one_lookup_carries_the_counts_and_the_pair(people, community, pair):
    response = home_of(people["engaged"], community)

    loaded = response.context["community"]
    assert (loaded.citizens_count, loaded.informed_count, loaded.engaged_count) == (1, 1, 1)
    assert loaded.active_pair == pair
    assert str(pair.territory_gardener) in panel(response, "gardeners")


def test_a_community_without_a_pair_says_so(community):
    response = home_of(AnonymousUser(), community)

    assert response.context["community"].active_pair is None
    assert "This community has no gardener pair yet." in panel(response, "gardeners")


def test_an_unknown_community_is_a_404_in_every_app(client, db):
    for path in ("/communities/nope/", "/communities/nope/events/", "/communities/nope/letters/",
                 "/communities/nope/needs/", "/communities/nope/groups/",
                 "/communities/nope/directory/", "/communities/nope/channels/",
                 "/communities/nope/news.rss"):
        assert client.get(path).status_code == 404, path


# --- What the home costs --------------------------------------------------------------


def _fill(community, pair, size: int, start: int) -> None:
    """`size` rows in every panel: members, needs, groups, events, letters,
    channels with messages, directory entries."""
    User = get_user_model()
    users = User.objects.bulk_create(
        User(email=f"space-{n}@example.org", display_name=f"Membre {n:04}")
        for n in range(start, start + size)
    )
    Membership.objects.bulk_create(
        Membership(community=community, user=user, circle=n % 3 + 1)
        for n, user in enumerate(users)
    )
    now = timezone.now()
    Need.objects.bulk_create(
        Need(community=community, author=user, title=f"Besoin {n}", description="…",
             visibility=Need.Visibility.COMMUNITY, status_changed_at=now)
        for n, user in enumerate(users)
    )
    groups = WorkingGroup.objects.bulk_create(
        WorkingGroup(community=community, name=f"Groupe {start + n}", slug=f"groupe-{start + n}",
                     goal="…")
        for n in range(size)
    )
    GroupMember.objects.bulk_create(
        GroupMember(group=group, user=user) for group, user in zip(groups, users, strict=True)
    )
    channels = Channel.objects.bulk_create(
        Channel(community=community, name=f"canal-{start + n}", min_circle=Circle.CITIZENS)
        for n in range(size)
    )
    Message.objects.bulk_create(
        Message(channel=channel, author=user, body="Bonjour")
        for channel, user in zip(channels, users, strict=True)
    )
    for user in users:
        EventFactory(community=community, organiser=pair.territory_gardener)
        LetterFactory(community=community, state=Letter.State.SENT, sent_at=now,
                      circles=[Circle.CITIZENS])
        DirectoryEntryFactory(community=community, user=user)


def _queries(client, community) -> int:
    client.get(community.get_absolute_url())  # warm-up: per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(community.get_absolute_url()).status_code == 200
    return len(queries)


# Counted, not guessed. A visitor: the community (one query with its circle
# counts and active pair), the story (view restrictions, the page), the
# events, the letters and their audiences, the themes. A gardener adds the
# user, the roles' one cache (circles, pairs, directions), the needs, the
# groups, the channels, the directory's count and the notifications badge
# of base.html. Pinned so that a query per row, or a new panel's cost,
# shows here.
# +1 each: the elected officials of "Who meets here" (issue #16).
# +1 each: the open external participation tools (elsewhere); +1 for the
# gardener: the topics members proposed, waiting for the pair (issue #16).
# +1 each: the community's funded projects (calls, issue #19).
# +1 each: the organisations linked to the community ("Organisations here", #19).
# gardener: the proposals waiting for the pair (+1), and, not being a member,
# whether they follow the community (+1)
HOME_QUERIES = {"anonymous": 11, "gardener": 25}


@pytest.mark.parametrize("role", ["anonymous", "gardener"])
def test_the_home_costs_the_same_with_2_or_40_rows_in_every_panel(
    client, people, community, pair, role
):
    home = cms_services.site_tree_ensure()
    stories = home.add_child(instance=CommunityIndexPage(title="Récits", slug="recits"))
    stories.add_child(instance=CommunityPage(
        title="Les gardiens des haies", slug="haies", community=community,
        story=[("quote", {"quote": "On plante pour nos petits-enfants.", "attribution": "Jean"})],
    ))
    if role != "anonymous":
        client.force_login(people[role])
    _fill(community, pair, 2, start=0)
    small = _queries(client, community)
    _fill(community, pair, 38, start=2)
    large = _queries(client, community)

    assert (small, large) == (HOME_QUERIES[role], HOME_QUERIES[role])


def test_no_app_looks_a_community_up_from_its_url_by_itself():
    """The one lookup stays one: no view fetches the community of its URL
    around communities.views.base.community_from_slug."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    apps = ["accounts", "communities", "needs", "gardeners", "discussions", "directory",
            "workgroups", "events", "newsletters", "cms", "insights", "privacy"]
    pattern = re.compile(
        r"get_object_or_404\(\s*(Community|communities_selectors|selectors\.community)"
        r"|Community\.objects[^\n]*slug=(self\.)?kwargs"
    )
    found = [
        f"{path.relative_to(root)}:{text.count(chr(10), 0, match.start()) + 1}"
        for app in apps
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts
        for text in [path.read_text()]
        for match in pattern.finditer(text)
    ]
    assert found == []
