"""docs/permissions.md's role × action table is what the rules answer (issue #16)."""

import datetime as dt
import os

import pytest
from django.utils import timezone

from communities.models import Circle
from events import services as event_services

from roles import services as role_services
from tests.factories import CommunityFactory, UserFactory
from tests.events.factories import EventFactory
from tests.needs.conftest import make_need
from tests.newsletters.factories import LetterFactory

from . import role_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(people, community, cultivator_direction):
    invited = UserFactory(email="invited.cultivator@example.org")
    cultivator_direction.staff.add(invited)
    role_services.contributor_invite(community=community, person=invited,
                                     actor=people["gardener"])
    elected = UserFactory(email="elected@example.org")
    role_services.elected_mark(person=elected, communities=[community], actor=people["staff"])
    users = {**people, "invited_cultivator": invited, "elected": elected}
    start = timezone.now() + dt.timedelta(days=10)
    proposal = event_services.event_propose(
        author=people["engaged"], community=community, title="Balade des haies",
        description="On regarde les haies.", starts_at=start, ends_at=start + dt.timedelta(hours=2),
        address="Lavaur", circle=Circle.INFORMED, other_dates=[start + dt.timedelta(days=1)],
    )
    need = make_need(community, people["engaged"])
    objects = {
        "community": community, "letter": LetterFactory(community=community), None: None,
        "proposal": proposal, "event": EventFactory(community=community), "need": need,
    }
    return users, objects


def _answers(world):
    users, objects = world
    return {
        (perm, role): users[role].has_perm(perm, objects[obj])
        for _what, perm, obj in role_actions.ACTIONS
        for role, _title in role_actions.COLUMNS
    }


def test_the_permissions_page_says_what_the_rules_do(world):
    table = role_actions.render(_answers(world))
    if os.environ.get("TERREAU_WRITE_PERMISSIONS_DOC"):
        role_actions.write(table)
    assert role_actions.documented() == table, (
        "docs/permissions.md's role × action table differs from the rules; rewrite it with "
        "TERREAU_WRITE_PERMISSIONS_DOC=1 (tests/roles/role_actions.py)"
    )


def test_the_cultivator_coaches_but_writes_only_where_invited(world):
    answers = _answers(world)
    for perm in ("newsletters.send_letter", "communities.change_community",
                 "communities.change_story", "communities.manage_members"):
        assert not answers[(perm, "cultivator")], perm
        assert answers[(perm, "invited_cultivator")], perm
    assert answers[("gardeners.view_coaching", "cultivator")]


def test_an_invitation_to_one_community_opens_no_other(world, other_community):
    users, _objects = world
    assert not users["invited_cultivator"].has_perm(
        "communities.change_community", other_community
    )
    assert not users["invited_cultivator"].has_perm(
        "newsletters.add_letter", CommunityFactory()
    )
