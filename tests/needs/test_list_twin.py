"""A community's list of needs and an item's page never disagree: the list,
asked for each status, holds exactly the items `needs.view_need` lets the
person open, walked over every role that may read the list and items of
both visibilities, hidden or not, withdrawn or not, by their author or not."""

import itertools

import pytest
from django.utils import timezone

from needs import selectors
from needs.models import Need, Status
from tests.conftest import ROLES

from .conftest import make_need

pytestmark = pytest.mark.django_db

EVERYONE = (*ROLES, "institution_gardener", "author")
OUTSIDERS = ("anonymous", "other_gardener")


@pytest.fixture
def world(people, community, author):
    needs = []
    for writer, visibility, hidden, status in itertools.product(
            ("author", "engaged"), Need.Visibility.values, (False, True),
            (Status.NEW, Status.DONE, Status.WITHDRAWN)):
        title = f"{writer} {visibility} {'hidden' if hidden else 'shown'} {status}"
        need = make_need(community, author if writer == "author" else people["engaged"],
                         title=title, visibility=visibility)
        Need.objects.filter(pk=need.pk).update(
            status=status, hidden_at=timezone.now() if hidden else None)
        needs.append(Need.objects.get(pk=need.pk))
    return {**people, "author": author, "needs": needs}


@pytest.mark.parametrize("role", EVERYONE)
def test_the_list_holds_exactly_the_items_their_pages_open(world, community, role):
    user = world[role]
    if not user.has_perm("needs.view_needs", community):
        # The list is refused to them (tests/access): nothing to compare.
        assert role in OUTSIDERS
        return
    sees_all = user.has_perm("needs.view_board", community)

    listed = set()
    for status in Status.values:
        listed |= {n.title for n in selectors.items_for_community(
            community=community, user=user, sees_all=sees_all, status=status)}

    opened = {n.title for n in world["needs"] if user.has_perm("needs.view_need", n)}
    assert listed == opened
    # Without a status the list leaves out the withdrawn items, nothing else.
    default = {n.title for n in selectors.items_for_community(
        community=community, user=user, sees_all=sees_all)}
    assert default == {t for t in opened if not t.endswith(Status.WITHDRAWN)}
    # The author's own list: what they wrote, hidden and withdrawn included.
    if role == "author":
        mine = {n.title for n in selectors.items_for_community(
            community=community, user=user, sees_all=sees_all, mine=True)}
        assert mine == {n.title for n in world["needs"] if n.author_id == user.pk}
