"""A working group's members at their edges (workgroups/services/members.py):
who may be added, removed or leave, in words; what each tells whom; the
same person object seeing the change at once; sockets closed after
commit; leaving the engaged circle, in that community only."""

import pytest
from django.utils import timezone

from communities.models import Circle
from notifications.models import Notification
from tests.factories import MembershipFactory
from tests.refusals import refusals
from workgroups import services
from workgroups.models import GroupMember, WorkingGroup

from .conftest import engaged_person
from .edges import archived, closed, create, not_engaged, told

pytestmark = pytest.mark.django_db

# memberships_end_outside_engaged: the circle, the locked rows, then per
# group its end and its notification, then the requests withdrawn.
QUERIES_LEAVING_CIRCLE = {1: 8, 3: 14}

# --- Members ----------------------------------------------------------------------------


def test_adding_refuses_whoever_is_not_engaged_in_words(group, people, community):
    assert refusals(lambda: services.member_add(
        group=group, user=people["informed"], actor=people["gardener"])) == [
        not_engaged(people["informed"], community)]
    assert refusals(lambda: services.member_add(
        group=group, user=people["other_gardener"], actor=people["gardener"])) == [
        not_engaged(people["other_gardener"], community)]
    assert not GroupMember.objects.exists()


def test_engaged_elsewhere_is_not_engaged_here(group, community, other_community, people):
    """The engaged circle is the group's community's: engaged in another
    community, and not a member of this one, is refused."""
    elsewhere = engaged_person(other_community)
    assert refusals(lambda: services.member_add(
        group=group, user=elsewhere, actor=people["gardener"])) == [
        not_engaged(elsewhere, community)]
    assert refusals(lambda: services.join_request_create(
        group=group, user=elsewhere, message="Moi")) == [not_engaged(elsewhere, community)]


def test_adding_a_member_costs_a_fixed_number_of_queries(group, people,
                                                         django_assert_num_queries):
    group = WorkingGroup.objects.get(pk=group.pk)  # a fresh copy: its community not read yet
    with django_assert_num_queries(11):
        services.member_add(group=group, user=people["engaged"], actor=people["gardener"])


def test_adding_someone_twice_is_refused_in_words(group, group_member, people):
    assert refusals(lambda: services.member_add(
        group=group, user=group_member, actor=people["gardener"])) == [
        (None, f"{group_member} is already a member of “{group.name}”.", "already_member")]
    assert GroupMember.objects.count() == 1


def test_adding_to_an_archived_group_is_refused(group, people):
    group = archived(group, people)
    assert refusals(lambda: services.member_add(
        group=group, user=people["engaged"], actor=people["gardener"])) == [closed(group)]


def test_adding_answers_the_persons_own_waiting_request_only(group, community, people):
    other = engaged_person(community, email="deux@example.org")
    mine = services.join_request_create(group=group, user=people["engaged"], message="Moi")
    theirs = services.join_request_create(group=group, user=other, message="Moi aussi")
    member = services.member_add(group=group, user=people["engaged"], actor=people["gardener"])
    assert (member.added_by, member.ended_at) == (people["gardener"], None)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, mine.decided_by, theirs.status) == (
        "approved", people["gardener"], "pending")
    assert told(people["engaged"]) == [
        ("group_membership", people["gardener"], group.get_absolute_url(),
         {"group": group.name, "community": community.name, "change": "added", "answer": ""})]


def test_removing_or_leaving_refuses_who_is_not_a_member_in_words(group, group_member, people):
    for call in (
        lambda: services.member_remove(group=group, user=people["engaged"],
                                       actor=people["gardener"]),
        lambda: services.group_leave(group=group, user=people["engaged"]),
    ):
        assert refusals(call) == [
            (None, f"{people['engaged']} is not a member of “{group.name}”.", "not_member")]
    services.group_leave(group=group, user=group_member)
    assert refusals(lambda: services.group_leave(group=group, user=group_member)) == [
        (None, f"{group_member} is not a member of “{group.name}”.", "not_member")]


def test_removing_or_leaving_an_archived_group_is_refused(group, group_member, people):
    group = archived(group, people)
    assert refusals(lambda: services.member_remove(
        group=group, user=group_member, actor=people["gardener"])) == [closed(group)]
    assert refusals(lambda: services.group_leave(group=group, user=group_member)) == [
        closed(group)]
    assert GroupMember.objects.get().ended_at is None


def test_removing_ends_the_membership_now_and_tells_the_member(group, group_member, people,
                                                              community):
    before = timezone.now()
    services.member_remove(group=group, user=group_member, actor=people["gardener"])
    row = GroupMember.objects.get()
    assert row.end_reason == "removed" and before <= row.ended_at <= timezone.now()
    assert told(group_member)[-1] == (
        "group_membership", people["gardener"], group.get_absolute_url(),
        {"group": group.name, "community": community.name, "change": "removed", "answer": ""})


def test_leaving_tells_the_pair_who_left_and_not_the_member(group, group_member, people,
                                                           community):
    Notification.objects.all().delete()
    services.group_leave(group=group, user=group_member)
    assert GroupMember.objects.get().end_reason == "left"
    assert told(group_member) == []
    assert told(people["gardener"]) == [
        ("group_membership", group_member, group.get_absolute_url(),
         {"group": group.name, "community": community.name, "change": "left",
          "person": str(group_member)})]


def test_adding_leaves_the_persons_requests_to_other_groups_waiting(group, community, people):
    other = create(community, people, name="Mares")
    waiting = services.join_request_create(group=other, user=people["engaged"], message="Moi")
    services.member_add(group=group, user=people["engaged"], actor=people["gardener"])
    waiting.refresh_from_db()
    assert waiting.status == "pending"


def test_the_same_person_object_sees_its_membership_change_at_once(group, people):
    """A socket keeps its user object: each change forgets what it remembered
    of the person's groups (roles/cache.py)."""
    person = people["engaged"]
    assert not person.has_perm("workgroups.leave_group", group)
    services.member_add(group=group, user=person, actor=people["gardener"])
    assert person.has_perm("workgroups.leave_group", group)
    services.member_remove(group=group, user=person, actor=people["gardener"])
    assert not person.has_perm("workgroups.leave_group", group)
    services.member_add(group=group, user=person, actor=people["gardener"])
    assert person.has_perm("workgroups.leave_group", group)
    services.group_leave(group=group, user=person)
    assert not person.has_perm("workgroups.leave_group", group)


def test_leaving_the_engaged_circle_is_seen_at_once_by_the_same_person_object(
        group, group_member, community):
    assert group_member.has_perm("workgroups.leave_group", group)
    group_member.memberships.filter(community=community).update(circle=Circle.INFORMED)
    services.memberships_end_outside_engaged(community=community, user=group_member)
    assert not group_member.has_perm("workgroups.leave_group", group)


@pytest.mark.parametrize("leave", ["remove", "leave"])
def test_removing_or_leaving_closes_the_persons_sockets_after_commit(
        group, group_member, community, people, monkeypatch, leave,
        django_capture_on_commit_callbacks):
    from discussions import broadcast

    sent = []
    monkeypatch.setattr(broadcast, "_send", lambda *message: sent.append(message))
    with django_capture_on_commit_callbacks(execute=True):
        if leave == "remove":
            services.member_remove(group=group, user=group_member, actor=people["gardener"])
        else:
            services.group_leave(group=group, user=group_member)
        assert sent == []  # not before the commit
    assert sent == [(broadcast.user_group(group_member.pk),
                     {"type": "membership.changed", "community_id": community.pk})]


# --- The end of a membership outside the engaged circle ---------------------------------


def test_someone_still_engaged_leaves_no_group(group, group_member, community):
    assert services.memberships_end_outside_engaged(community=community, user=group_member) == 0
    assert GroupMember.objects.get().ended_at is None


def test_leaving_the_engaged_circle_ends_every_group_and_tells_of_the_open_ones_only(
        group, group_member, community, people):
    second = create(community, people, name="Mares")
    services.member_add(group=second, user=group_member, actor=people["gardener"])
    services.member_add(group=create(community, people, name="Fini"), user=group_member,
                        actor=people["gardener"])
    services.group_leave(group=second, user=group_member)
    old = archived(WorkingGroup.objects.get(name="Fini"), people)
    waiting = services.join_request_create(group=second, user=group_member, message="Retour")
    Notification.objects.all().delete()
    group_member.memberships.filter(community=community).update(circle=Circle.INFORMED)
    assert services.memberships_end_outside_engaged(
        community=community, user=group_member, actor=people["gardener"]) == 2
    rows = GroupMember.objects.filter(user=group_member, end_reason="left_circle")
    assert {row.group for row in rows} == {group, old}
    assert len({row.ended_at for row in rows}) == 1
    waiting.refresh_from_db()
    assert (waiting.status, waiting.decided_by, waiting.decided_at) == (
        "withdrawn", people["gardener"], rows[0].ended_at)
    assert told(group_member) == [  # not of the archived group
        ("group_membership", people["gardener"], group.get_absolute_url(),
         {"group": group.name, "community": community.name, "change": "left_circle",
          "answer": ""})]


def test_the_circle_read_is_the_one_in_this_community(group, community, other_community,
                                                      people):
    """Engaged in another community first, then moved out here: the groups
    here are left all the same."""
    person = engaged_person(other_community)
    MembershipFactory(community=community, user=person, circle=Circle.ENGAGED)
    services.member_add(group=group, user=person, actor=people["gardener"])
    person.memberships.filter(community=community).update(circle=Circle.INFORMED)
    assert services.memberships_end_outside_engaged(community=community, user=person) == 1


def test_leaving_the_engaged_circle_here_keeps_requests_elsewhere(community, other_community,
                                                                 people):
    person = engaged_person(community)
    MembershipFactory(community=other_community, user=person, circle=Circle.ENGAGED)
    elsewhere = services.group_create(community=other_community, actor=people["other_gardener"],
                                      name="Cantines", goal="g", issue="i")
    waiting = services.join_request_create(group=elsewhere, user=person, message="Moi")
    person.memberships.filter(community=community).update(circle=Circle.INFORMED)
    services.memberships_end_outside_engaged(community=community, user=person)
    waiting.refresh_from_db()
    assert waiting.status == "pending"


@pytest.mark.parametrize("groups", [1, 3])
def test_leaving_the_engaged_circle_reads_each_groups_community_with_it(
        community, people, groups, django_assert_num_queries):
    person = engaged_person(community)
    for n in range(groups):
        services.member_add(group=create(community, people, name=f"G{n}"), user=person,
                            actor=people["gardener"])
    person.memberships.filter(community=community).update(circle=Circle.INFORMED)
    with django_assert_num_queries(QUERIES_LEAVING_CIRCLE[groups]):
        services.memberships_end_outside_engaged(community=community, user=person)
