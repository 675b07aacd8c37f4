"""Two gardeners acting at the same moment (PostgreSQL, real threads with their
own connections): one wins, the other reads a clear refusal, nothing doubles,
and a move out of the engaged circle never leaves a member behind."""

import pytest

from communities.models import Circle
from communities.services import membership_move
from tests.concurrency import race
from workgroups import services
from workgroups.models import GroupMember, JoinRequest, WorkingGroup

from .conftest import engaged_person

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def fresh(group):
    return WorkingGroup.objects.select_related("community").get(pk=group.pk)


def test_two_gardeners_add_the_same_person(postgres, people, community, group):
    person = engaged_person(community)
    outcomes = race(*[
        lambda actor=actor: services.member_add(group=fresh(group), user=person, actor=actor) and "added"
        for actor in (people["gardener"], people["institution_gardener"])
    ] * 3)
    assert sorted(outcomes) == ["added"] + ["already_member"] * 5
    assert GroupMember.objects.filter(group=group, user=person).count() == 1


def test_approve_and_decline_the_same_request(postgres, people, community, group):
    request = services.join_request_create(group=group, user=people["engaged"], message="Moi")
    outcomes = race(
        lambda: services.join_request_approve(
            group=fresh(group), request_id=request.pk, actor=people["gardener"]
        ).status,
        lambda: services.join_request_decline(
            group=fresh(group), request_id=request.pk, actor=people["institution_gardener"],
            answer="Complet",
        ).status,
    )
    # One decided it, the other was told it was already decided.
    assert outcomes.count("not_pending") == 1
    request.refresh_from_db()
    assert request.status in outcomes
    active = GroupMember.objects.filter(group=group, ended_at__isnull=True).exists()
    assert active == (request.status == JoinRequest.Status.APPROVED)


def test_adding_while_someone_moves_them_out_of_the_engaged_circle(postgres, people, community, group):
    for _ in range(5):
        person = engaged_person(community)
        race(
            lambda: services.member_add(group=fresh(group), user=person, actor=people["gardener"]),
            lambda: membership_move(
                community=community, user=person, actor=people["institution_gardener"],
                to_circle=Circle.INFORMED, reason="Moins disponible",
            ),
        )
        # Whichever ran first, nobody outside the engaged circle is left in the group.
        assert not GroupMember.objects.filter(group=group, user=person, ended_at__isnull=True).exists()
