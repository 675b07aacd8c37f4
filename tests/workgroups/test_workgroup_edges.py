"""The working groups' services at their edges: each refusal in its words,
field and code (tests/refusals.py), each length at its limit and one over,
each date at today and a day past it, what is stored, and who is told what."""

import datetime as dt

import pytest
from django.utils import timezone

from communities.models import Circle
from discussions.models import Channel
from notifications.models import Notification
from tests.factories import MembershipFactory
from tests.refusals import refusals
from workgroups import services
from workgroups.models import Decision, GroupMember, JoinRequest, WorkingGroup
from workgroups.services import groups

from .conftest import engaged_person

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
# memberships_end_outside_engaged: the circle, the locked rows, then per
# group its end and its notification, then the requests withdrawn.
QUERIES_LEAVING_CIRCLE = {1: 8, 3: 14}


def told(user):
    """What `user` was told: (kind, actor, url, data) per notification, oldest
    first; each one is filed under the group's community."""
    notes = list(Notification.objects.filter(recipient=user).order_by("pk"))
    assert {n.community.slug for n in notes} <= {"biodiversite"}, "filed under its community"
    return [(n.kind, n.actor, n.url, n.data) for n in notes]


def create(community, people, **fields):
    values = {"name": "Haies", "goal": "Planter.", "issue": "Bocage", **fields}
    return services.group_create(community=community, actor=people["gardener"], **values)


def update(group, people, **fields):
    values = {"name": group.name, "goal": group.goal, "issue": group.issue, **fields}
    return services.group_update(group=group, actor=people["gardener"], **values)


def archived(group, people):
    services.group_archive(group=group, actor=people["gardener"])
    group.refresh_from_db()
    return group


def closed(group):
    return (None, f"The working group “{group.name}” is archived; nothing was changed.",
            "archived")


def too_long(field, limit):
    return (field, f"Keep it under {limit} characters.", "too_long")


def not_engaged(user, community):
    return (None, f"{user} is not in the engaged circle of {community}: only engaged members "
                  "can belong to a working group.", "not_engaged")


# --- A group's fields -------------------------------------------------------------------


def test_every_field_is_refused_at_once_in_its_words_and_nothing_is_written(community, people):
    assert refusals(lambda: create(community, people, name=" ", goal=None, issue="",
                                   ends_on="2030-01-01")) == [
        ("ends_on", "Enter a valid date.", "invalid"),
        ("goal", "Say what the group sets out to do.", "required"),
        ("issue", "Name the issue the group works on.", "required"),
        ("name", "Give the working group a name.", "required"),
    ]
    assert not WorkingGroup.objects.exists() and not Channel.objects.exists()


@pytest.mark.parametrize("field,limit", [
    ("name", services.NAME_MAX_LENGTH),
    ("goal", services.TEXT_MAX_LENGTH),
    ("issue", services.ISSUE_MAX_LENGTH),
])
def test_each_field_takes_its_limit_and_refuses_one_more(community, people, field, limit):
    assert refusals(lambda: create(community, people, **{field: "x" * (limit + 1)})) == [
        too_long(field, limit)]
    group = create(community, people, **{field: f" {'x' * limit} "})
    assert getattr(group, field) == "x" * limit  # trimmed, then measured


def test_an_end_date_may_be_today_not_yesterday(community, people):
    assert refusals(lambda: create(community, people, ends_on=TODAY() - dt.timedelta(days=1))) \
        == [("ends_on", "The end date cannot be in the past.", "past")]
    assert not Channel.objects.exists()
    assert create(community, people, ends_on=TODAY()).ends_on == TODAY()


def test_a_new_group_stores_what_it_is_about_and_gets_an_engaged_channel(community, people):
    group = create(community, people, name="  Haies vives ", goal=" Planter. ", issue=" Bocage ")
    group.refresh_from_db()
    assert (group.name, group.goal, group.issue, group.ends_on, group.created_by,
            group.community) == ("Haies vives", "Planter.", "Bocage", None, people["gardener"],
                                 community)
    assert (group.channel.name, group.channel.min_circle, group.channel.community,
            group.channel.created_by) == ("Haies vives", Circle.ENGAGED, community,
                                          people["gardener"])


# --- Addresses and channel names --------------------------------------------------------


def test_an_address_is_the_names_slug_then_numbered_and_never_a_path_word(community, people):
    assert create(community, people, name="Haies").slug == "haies"
    assert create(community, people, name="haies").slug == "haies-2"
    assert create(community, people, name="Haies").slug == "haies-3"
    assert create(community, people, name="Haies vives").slug == "haies-vives"
    assert create(community, people, name="New").slug == "new-2"
    assert create(community, people, name="!!!").slug == "group"
    assert create(community, people, name="???").slug == "group-2"


def test_an_address_is_numbered_within_its_community_only(community, other_community, people):
    create(community, people, name="Haies")
    elsewhere = services.group_create(community=other_community, actor=people["other_gardener"],
                                      name="Haies", goal="g", issue="i")
    assert elsewhere.slug == "haies"


def test_a_long_name_gives_an_address_of_100_characters_at_most(community, people):
    name = "a" * services.NAME_MAX_LENGTH
    assert create(community, people, name=name).slug == "a" * 100
    assert create(community, people, name=name).slug == "a" * 100 + "-2"


def test_a_channel_name_is_the_groups_then_numbered_whatever_the_case(community, people):
    Channel.objects.create(community=community, name="HAIES")
    Channel.objects.create(community=community, name="haies 2")
    assert create(community, people, name="Haies").channel.name == "Haies 3"


def test_a_long_name_leaves_room_in_the_channel_name_for_a_number(community, people):
    room = services.CHANNEL_NAME_MAX_LENGTH - 4
    name = "b" * room + " c" + "d" * 20
    assert create(community, people, name=name).channel.name == "b" * room
    assert create(community, people, name=name).channel.name == "b" * room + " 2"


def test_a_channel_name_with_a_trailing_space_at_the_cut_is_trimmed(community, people):
    room = services.CHANNEL_NAME_MAX_LENGTH - 4
    name = "e" * (room - 1) + " f"
    assert create(community, people, name=name).channel.name == "e" * (room - 1)


def test_channels_of_another_community_do_not_number_a_name(community, other_community, people):
    Channel.objects.create(community=other_community, name="Haies")
    assert create(community, people, name="Haies").channel.name == "Haies"


# --- Updating ---------------------------------------------------------------------------


def test_an_update_stores_every_field_and_keeps_the_address(group, people):
    update(group, people, name=" Graines ", goal=" Semer. ", issue=" Semences ",
           ends_on=TODAY())
    group.refresh_from_db()
    assert (group.name, group.goal, group.issue, group.ends_on, group.slug) == (
        "Graines", "Semer.", "Semences", TODAY(), "semences-paysannes")
    assert group.channel.name == "Graines"
    update(group, people, ends_on=None)
    group.refresh_from_db()
    assert group.ends_on is None


def test_an_update_refuses_bad_fields_and_changes_nothing(group, people):
    assert refusals(lambda: update(group, people, name="", ends_on="demain")) == [
        ("ends_on", "Enter a valid date.", "invalid"),
        ("name", "Give the working group a name.", "required"),
    ]
    assert refusals(lambda: update(group, people, issue="x" * 201)) == [too_long("issue", 200)]
    group.refresh_from_db()
    assert (group.name, group.issue) == ("Semences paysannes", "Accès aux semences locales")


def test_a_renamed_group_keeps_its_channels_name_when_only_the_case_changes(group, people):
    update(group, people, name="SEMENCES PAYSANNES")
    group.refresh_from_db()
    assert group.channel.name == "SEMENCES PAYSANNES"  # not "… 2": its own name is no rival


def test_a_renamed_group_takes_the_next_channel_name_free_in_its_community(group, community,
                                                                          people):
    Channel.objects.create(community=community, name="Graines")
    update(group, people, name="Graines")
    group.refresh_from_db()
    assert (group.name, group.channel.name) == ("Graines", "Graines 2")


def test_the_channel_is_left_alone_when_the_name_does_not_change(group, people):
    Channel.objects.filter(pk=group.channel_id).update(name="Renommé à la main")
    update(group, people, goal="Autre chose.")
    group.refresh_from_db()
    assert group.channel.name == "Renommé à la main"


def test_a_group_without_a_channel_is_renamed_all_the_same(group, people):
    WorkingGroup.objects.filter(pk=group.pk).update(channel=None)
    group.refresh_from_db()
    update(group, people, name="Sans canal")
    group.refresh_from_db()
    assert group.name == "Sans canal"


def test_an_archived_group_is_neither_updated_nor_archived_again(group, people):
    group = archived(group, people)
    assert refusals(lambda: update(group, people, name="Autre")) == [closed(group)]
    assert refusals(lambda: services.group_archive(group=group, actor=people["gardener"])) == [
        closed(group)]


# --- Archiving --------------------------------------------------------------------------


def test_archiving_declines_only_the_waiting_requests_in_the_sites_language(
        group, community, people, settings):
    other = engaged_person(community, email="deux@example.org")
    waiting = services.join_request_create(group=group, user=people["engaged"], message="Moi")
    answered = services.join_request_create(group=group, user=other, message="Moi aussi")
    services.join_request_decline(group=group, request_id=answered.pk, actor=people["gardener"],
                                  answer="Complet")
    settings.LANGUAGE_CODE = "fr"
    group = archived(group, people)
    waiting.refresh_from_db()
    answered.refresh_from_db()
    answer = "Le groupe de travail a été archivé."
    assert (waiting.status, waiting.answer, waiting.decided_by, waiting.decided_at) == (
        "declined", answer, people["gardener"], group.archived_at)
    assert (answered.answer, told(other)[-1][3]["change"]) == ("Complet", "declined")
    assert len(told(other)) == 1  # told of the decline, not again of the archiving
    assert told(people["engaged"])[-1] == (
        "group_membership", people["gardener"], group.get_absolute_url(),
        {"group": group.name, "community": community.name, "change": "declined",
         "answer": answer})


def test_archiving_leaves_another_groups_requests_waiting(group, community, people):
    other = create(community, people, name="Mares")
    waiting = services.join_request_create(group=other, user=people["engaged"], message="Moi")
    archived(group, people)
    waiting.refresh_from_db()
    assert waiting.status == "pending"


@pytest.mark.parametrize("waiting", [1, 3])
def test_archiving_reads_each_waiting_persons_account_with_its_request(
        group, community, people, waiting, django_assert_num_queries):
    for _ in range(waiting):
        services.join_request_create(group=group, user=engaged_person(community), message="Moi")
    group = WorkingGroup.objects.select_related("community", "channel").get(pk=group.pk)
    with django_assert_num_queries(10 + 8 * waiting):  # 8 per decision and its notification
        services.group_archive(group=group, actor=people["gardener"])


def test_archiving_leaves_an_archived_channel_as_it_was(group, people):
    moment = timezone.now() - dt.timedelta(days=3)
    Channel.objects.filter(pk=group.channel_id).update(archived_at=moment)
    group.refresh_from_db()
    group = archived(group, people)
    assert group.channel.archived_at == moment


def test_archiving_a_group_without_a_channel(group, people):
    WorkingGroup.objects.filter(pk=group.pk).update(channel=None)
    group.refresh_from_db()
    assert archived(group, people).archived_at is not None


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


# --- Join requests ----------------------------------------------------------------------


def test_a_request_needs_a_message_within_its_limit(group, people):
    ask = services.join_request_create
    assert refusals(lambda: ask(group=group, user=people["engaged"], message=" ")) == [
        ("message", "Tell the gardeners in a few words what you would bring to the group.",
         "required")]
    assert refusals(lambda: ask(group=group, user=people["engaged"], message="x" * 2001)) == [
        too_long("message", 2000)]
    assert ask(group=group, user=people["engaged"], message="x" * 2000).message == "x" * 2000


def test_a_request_is_refused_to_whoever_may_not_join_in_words(group, group_member, people,
                                                              community):
    ask = services.join_request_create
    assert refusals(lambda: ask(group=group, user=people["citizen"], message="Moi")) == [
        not_engaged(people["citizen"], community)]
    assert refusals(lambda: ask(group=group, user=group_member, message="Moi")) == [
        (None, f"You are already a member of “{group.name}”.", "already_member")]
    ask(group=group, user=people["engaged"], message="Moi")
    assert refusals(lambda: ask(group=group, user=people["engaged"], message="Encore")) == [
        (None, f"You already asked to join “{group.name}”; the gardeners have not answered "
               "yet.", "already_pending")]
    group = archived(group, people)
    assert refusals(lambda: ask(group=group, user=engaged_person(community), message="Moi")) \
        == [closed(group)]
    assert JoinRequest.objects.count() == 1


def test_a_former_member_may_ask_again(group, group_member):
    services.group_leave(group=group, user=group_member)
    request = services.join_request_create(group=group, user=group_member, message="De retour")
    assert request.status == "pending"


def test_a_request_tells_both_gardeners_with_the_link_to_the_requests(group, people, community):
    Notification.objects.all().delete()
    services.join_request_create(group=group, user=people["engaged"], message=" J'ai des graines ")
    expected = [("group_join_request", people["engaged"],
                 f"/communities/{community.slug}/groups/{group.slug}/requests/",
                 {"group": group.name, "community": community.name,
                  "person": str(people["engaged"]), "message": "J'ai des graines"})]
    assert told(people["gardener"]) == told(people["institution_gardener"]) == expected


@pytest.fixture
def request_(group, people):
    return services.join_request_create(group=group, user=people["engaged"], message="Moi")


def test_an_approval_takes_an_answer_within_its_limit(group, request_, people, community):
    approve = services.join_request_approve
    assert refusals(lambda: approve(group=group, request_id=request_.pk,
                                    actor=people["gardener"], answer="x" * 2001)) == [
        (None, "Keep it under 2000 characters.", "too_long")]
    approve(group=group, request_id=request_.pk, actor=people["gardener"],
            answer=f" {'x' * 2000} ")
    request_.refresh_from_db()
    assert (request_.status, request_.answer, request_.decided_by) == (
        "approved", "x" * 2000, people["gardener"])
    assert GroupMember.objects.get().added_by == people["gardener"]
    assert told(people["engaged"])[-1] == (
        "group_membership", people["gardener"], group.get_absolute_url(),
        {"group": group.name, "community": community.name, "change": "approved",
         "answer": "x" * 2000})


@pytest.mark.parametrize("answer", [{}, {"answer": None}])
def test_an_approval_without_an_answer(group, request_, people, answer):
    services.join_request_approve(group=group, request_id=str(request_.pk),
                                  actor=people["gardener"], **answer)
    request_.refresh_from_db()
    assert (request_.status, request_.answer) == ("approved", "")


@pytest.mark.parametrize("decision,queries", [("approve", 17), ("decline", 13)])
def test_a_decision_on_a_request_reads_its_author_with_it(group, request_, people, decision,
                                                          queries, django_assert_num_queries):
    group = WorkingGroup.objects.select_related("community").get(pk=group.pk)
    with django_assert_num_queries(queries):
        getattr(services, f"join_request_{decision}")(
            group=group, request_id=request_.pk, actor=people["gardener"], answer="Oui")


@pytest.mark.parametrize("request_id", ["12abc", None, "", 0])
def test_a_request_that_is_no_number_or_none_is_refused_in_words(group, request_, people,
                                                                 request_id):
    for call in (
        lambda: services.join_request_approve(group=group, request_id=request_id,
                                              actor=people["gardener"]),
        lambda: services.join_request_decline(group=group, request_id=request_id,
                                              actor=people["gardener"], answer="Non"),
    ):
        assert refusals(call) == [(None, "This request does not exist.", "no_request")]


def test_another_groups_request_is_not_found_here(group, request_, community, people):
    other = create(community, people, name="Mares")
    for call in (
        lambda: services.join_request_approve(group=other, request_id=request_.pk,
                                              actor=people["gardener"]),
        lambda: services.join_request_decline(group=other, request_id=request_.pk,
                                              actor=people["gardener"], answer="Non"),
    ):
        assert refusals(call) == [(None, "This request does not exist.", "no_request")]
    request_.refresh_from_db()
    assert request_.status == "pending"


def test_a_decided_request_is_decided_once(group, request_, people):
    services.join_request_decline(group=group, request_id=request_.pk, actor=people["gardener"],
                                  answer="Complet")
    for call in (
        lambda: services.join_request_approve(group=group, request_id=request_.pk,
                                              actor=people["gardener"]),
        lambda: services.join_request_decline(group=group, request_id=request_.pk,
                                              actor=people["gardener"], answer="Non"),
    ):
        assert refusals(call) == [
            (None, "This request was already declined; nothing was changed.", "not_pending")]
    assert not GroupMember.objects.exists()


def test_an_approval_in_an_archived_group_is_refused(group, request_, people):
    JoinRequest.objects.filter(pk=request_.pk).update(status="pending")
    WorkingGroup.objects.filter(pk=group.pk).update(archived_at=timezone.now())
    group.refresh_from_db()
    assert refusals(lambda: services.join_request_approve(
        group=group, request_id=request_.pk, actor=people["gardener"])) == [closed(group)]


def test_an_approval_of_someone_no_longer_engaged_is_refused(group, request_, people,
                                                            community):
    people["engaged"].memberships.filter(community=community).update(circle=Circle.INFORMED)
    assert refusals(lambda: services.join_request_approve(
        group=group, request_id=request_.pk, actor=people["gardener"])) == [
        not_engaged(people["engaged"], community)]


def test_a_decline_needs_an_answer_within_its_limit_and_tells_it(group, request_, people,
                                                               community):
    decline = services.join_request_decline
    assert refusals(lambda: decline(group=group, request_id=request_.pk,
                                    actor=people["gardener"], answer=None)) == [
        ("answer", "Write a short answer: the member will read why.", "required")]
    assert refusals(lambda: decline(group=group, request_id=request_.pk,
                                    actor=people["gardener"], answer="x" * 2001)) == [
        too_long("answer", 2000)]
    decline(group=group, request_id=request_.pk, actor=people["institution_gardener"],
            answer=f" {'x' * 2000} ")
    request_.refresh_from_db()
    assert (request_.status, request_.answer, request_.decided_by) == (
        "declined", "x" * 2000, people["institution_gardener"])
    assert told(people["engaged"])[-1] == (
        "group_membership", people["institution_gardener"], group.get_absolute_url(),
        {"group": group.name, "community": community.name, "change": "declined",
         "answer": "x" * 2000})


# --- Decisions --------------------------------------------------------------------------


def record(group, actor, text="Bourse le 12 avril.", decided_on=None):
    return services.decision_record(group=group, actor=actor, text=text,
                                    decided_on=TODAY() if decided_on is None else decided_on)


def test_a_decision_needs_its_words_within_their_limit(group, group_member):
    assert refusals(lambda: record(group, group_member, text=" ")) == [
        ("text", "Write the decision.", "required")]
    assert refusals(lambda: record(group, group_member, text="x" * 2001)) == [
        too_long("text", 2000)]
    assert record(group, group_member, text=f" {'x' * 2000} ").text == "x" * 2000


def test_a_decision_is_dated_today_at_the_latest(group, group_member):
    assert refusals(lambda: record(group, group_member, decided_on="2026-01-01")) == [
        ("decided_on", "Enter a valid date.", "invalid")]
    assert refusals(lambda: record(group, group_member,
                                   decided_on=TODAY() + dt.timedelta(days=1))) == [
        ("decided_on", "A decision is recorded once it is taken: the date cannot be in the "
                       "future.", "future")]
    assert record(group, group_member).decided_on == TODAY()
    assert Decision.objects.count() == 1


def test_an_archived_groups_log_is_closed(group, group_member, people):
    group = archived(group, people)
    assert refusals(lambda: record(group, group_member)) == [closed(group)]
    assert not Decision.objects.exists()


def test_a_decision_tells_the_current_members_but_its_author(group, group_member, community,
                                                             people):
    stays = engaged_person(community, email="reste@example.org")
    gone = engaged_person(community, email="parti@example.org")
    for user in (stays, gone):
        services.member_add(group=group, user=user, actor=people["gardener"])
    services.group_leave(group=group, user=gone)
    Notification.objects.all().delete()
    text = "y" * 400
    decision = record(group, group_member, text=text, decided_on=dt.date(2026, 3, 11))
    assert (decision.group, decision.recorded_by, decision.text) == (group, group_member, text)
    assert told(group_member) == told(gone) == []
    assert told(stays) == [
        ("group_decision", group_member, group.get_absolute_url() + "#decisions",
         {"group": group.name, "community": community.name, "decision": "y" * 300,
          "decided_on": "2026-03-11"})]


def test_a_past_end_date_is_refused_with_the_other_fields(community, people):
    """One round of corrections: the end date is not left for a second one."""
    assert refusals(lambda: create(community, people, name="",
                                   ends_on=TODAY() - dt.timedelta(days=1))) == [
        ("ends_on", "The end date cannot be in the past.", "past"),
        ("name", "Give the working group a name.", "required"),
    ]


def test_an_update_may_keep_an_end_date_that_has_passed(group, people):
    WorkingGroup.objects.filter(pk=group.pk).update(ends_on=dt.date(2020, 1, 1))
    group.refresh_from_db()
    update(group, people, goal="Bilan.", ends_on=group.ends_on)
    group.refresh_from_db()
    assert (group.goal, group.ends_on) == ("Bilan.", dt.date(2020, 1, 1))


def test_a_name_taken_at_the_same_moment_gets_the_next_address(community, people, monkeypatch):
    """Two gardeners create "Haies" at once: both read "haies" as free; the
    second save meets the unique address and takes the next one."""
    create(community, people, name="Haies")
    create(community, people, name="Haies 2")
    asked = []

    def read_before_the_other_commit(community, name):
        asked.append(name)
        return "haies" if len(asked) == 1 else unique_slug(community, name)

    unique_slug = groups._unique_slug
    monkeypatch.setattr(groups, "_unique_slug", read_before_the_other_commit)
    group = create(community, people, name="Haies")
    assert (asked, group.slug) == (["Haies", "Haies 2"], "haies-2-2")
    assert WorkingGroup.objects.filter(community=community).count() == 3


def test_a_decision_tells_its_groups_members_only(group, group_member, community, people):
    elsewhere = engaged_person(community)
    services.member_add(group=create(community, people, name="Mares"), user=elsewhere,
                        actor=people["gardener"])
    Notification.objects.all().delete()
    record(group, people["gardener"])
    assert told(elsewhere) == []
    assert [kind for kind, *_ in told(group_member)] == ["group_decision"]


@pytest.mark.parametrize("members", [1, 3])
def test_a_decision_reads_its_members_accounts_with_them(group, community, people, members,
                                                         django_assert_num_queries):
    for _ in range(members):
        services.member_add(group=group, user=engaged_person(community),
                            actor=people["gardener"])
    group = WorkingGroup.objects.select_related("community").get(pk=group.pk)
    with django_assert_num_queries(7):  # the same for 1 member or 3
        record(group, people["gardener"])

