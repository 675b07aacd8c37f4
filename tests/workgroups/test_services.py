"""The working groups' services: what they write, what they refuse, who is told."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from communities import services as communities
from communities.models import Circle
from discussions.models import Channel
from notifications.models import Notification
from workgroups import services
from workgroups.models import Decision, GroupMember, JoinRequest, WorkingGroup

from .conftest import engaged_person

pytestmark = pytest.mark.django_db


def kinds(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", "data"))


def active(group):
    return set(
        GroupMember.objects.filter(group=group, ended_at__isnull=True).values_list(
            "user__email", flat=True
        )
    )


# --- Groups ---------------------------------------------------------------------------


def test_a_new_group_gets_its_own_engaged_channel(community, people, group):
    channel = group.channel
    assert channel.community == community
    assert channel.name == "Semences paysannes"
    assert channel.min_circle == Circle.ENGAGED
    assert group.slug == "semences-paysannes"
    assert group.created_by == people["gardener"]


def test_same_name_gets_a_new_slug_and_channel_name(community, people, group):
    Channel.objects.create(community=community, name="Semences paysannes 2")
    other = services.group_create(
        community=community, actor=people["gardener"], name="Semences paysannes",
        goal="Un autre", issue="Autre",
    )
    assert other.slug == "semences-paysannes-2"
    assert other.channel.name == "Semences paysannes 3"


def test_a_group_cannot_be_called_new(community, people):
    group = services.group_create(
        community=community, actor=people["gardener"], name="New", goal="x", issue="y"
    )
    assert group.slug == "new-2"


def test_create_refuses_missing_fields_and_writes_nothing(community, people):
    with pytest.raises(ValidationError) as error:
        services.group_create(
            community=community, actor=people["gardener"], name="  ", goal="", issue="x" * 201
        )
    assert set(error.value.message_dict) == {"name", "goal", "issue"}
    assert not WorkingGroup.objects.exists()
    assert not Channel.objects.exists()


def test_create_refuses_an_end_date_in_the_past(community, people):
    with pytest.raises(ValidationError) as error:
        services.group_create(
            community=community, actor=people["gardener"], name="G", goal="g", issue="i",
            ends_on=timezone.localdate() - dt.timedelta(days=1),
        )
    assert "ends_on" in error.value.message_dict
    assert not Channel.objects.exists()


def test_rename_renames_the_channel_but_keeps_the_address(group, people):
    services.group_update(
        group=group, actor=people["gardener"], name="Graines du Sud", goal="g", issue="i",
        ends_on=dt.date(2030, 1, 1),
    )
    group.refresh_from_db()
    assert group.name == "Graines du Sud"
    assert group.slug == "semences-paysannes"
    assert group.channel.name == "Graines du Sud"
    assert group.ends_on == dt.date(2030, 1, 1)


def test_archive_archives_the_channel_and_answers_waiting_requests(group, community, people):
    services.join_request_create(group=group, user=people["engaged"], message="Je veux aider")
    services.group_archive(group=group, actor=people["gardener"])
    group.refresh_from_db()
    assert group.archived_at is not None
    assert group.channel.archived_at is not None
    request = JoinRequest.objects.get()
    assert request.status == JoinRequest.Status.DECLINED
    assert request.answer
    assert ("group_membership", {"group": group.name, "community": community.name,
                                 "change": "declined", "answer": request.answer}) in kinds(people["engaged"])
    with pytest.raises(ValidationError, match="archived"):
        services.member_add(group=group, user=people["engaged"], actor=people["gardener"])
    with pytest.raises(ValidationError, match="archived"):
        services.group_archive(group=group, actor=people["gardener"])


# --- Members --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["citizen", "informed", "other_gardener", "cultivator"])
def test_only_engaged_members_can_be_added(group, people, role):
    with pytest.raises(ValidationError) as error:
        services.member_add(group=group, user=people[role], actor=people["gardener"])
    assert error.value.code == "not_engaged"
    assert "engaged circle" in error.value.messages[0]
    assert active(group) == set()


def test_adding_a_member_tells_them(group, people, community):
    services.member_add(group=group, user=people["engaged"], actor=people["gardener"])
    assert active(group) == {"engaged@example.org"}
    assert kinds(people["engaged"]) == [
        ("group_membership", {"group": group.name, "community": community.name,
                              "change": "added", "answer": ""})
    ]
    with pytest.raises(ValidationError, match="already a member"):
        services.member_add(group=group, user=people["engaged"], actor=people["gardener"])


def test_remove_keeps_the_history_and_allows_a_return(group, group_member, people):
    services.member_remove(group=group, user=group_member, actor=people["gardener"])
    assert active(group) == set()
    row = GroupMember.objects.get(user=group_member)
    assert row.end_reason == GroupMember.EndReason.REMOVED
    assert ("group_membership", "removed") in [(k, d["change"]) for k, d in kinds(group_member)]
    with pytest.raises(ValidationError, match="not a member"):
        services.member_remove(group=group, user=group_member, actor=people["gardener"])
    services.member_add(group=group, user=group_member, actor=people["gardener"])
    assert GroupMember.objects.filter(user=group_member).count() == 2
    assert active(group) == {group_member.email}


def test_leaving_tells_the_pair(group, group_member, people):
    services.group_leave(group=group, user=group_member)
    assert active(group) == set()
    assert GroupMember.objects.get().end_reason == GroupMember.EndReason.LEFT
    for gardener in (people["gardener"], people["institution_gardener"]):
        assert [(k, d["change"], d["person"]) for k, d in kinds(gardener)] == [
            ("group_membership", "left", str(group_member))
        ]


# --- Leaving the engaged circle ---------------------------------------------------------


def test_moved_out_of_the_engaged_circle_leaves_every_group(community, people, group, group_member):
    second = services.group_create(
        community=community, actor=people["gardener"], name="Haies", goal="g", issue="i"
    )
    services.member_add(group=second, user=group_member, actor=people["gardener"])
    services.join_request_create(group=second, user=people["engaged"], message="Moi aussi")
    communities.membership_move(
        community=community, user=group_member, actor=people["gardener"],
        to_circle=Circle.INFORMED, reason="Moins disponible",
    )
    assert active(group) == active(second) == set()
    assert set(GroupMember.objects.values_list("end_reason", flat=True)) == {"left_circle"}
    changes = [d["change"] for k, d in kinds(group_member)]
    assert changes.count("left_circle") == 2
    # Someone else's request is untouched.
    assert JoinRequest.objects.get().status == JoinRequest.Status.PENDING


def test_moving_within_the_engaged_circle_changes_nothing(community, people, group, group_member):
    communities.membership_move(
        community=community, user=people["informed"], actor=people["gardener"],
        to_circle=Circle.ENGAGED, reason="Très active",
    )
    assert active(group) == {group_member.email}


def test_leaving_or_removed_from_the_community_leaves_the_groups(community, people, group, group_member):
    other = engaged_person(community, email="autre@example.org")
    services.member_add(group=group, user=other, actor=people["gardener"])
    services.join_request_create(group=group, user=people["engaged"], message="Moi")
    communities.membership_leave(community=community, user=group_member)
    communities.membership_remove(
        community=community, user=people["engaged"], actor=people["gardener"], reason="Départ"
    )
    assert active(group) == {"autre@example.org"}
    assert JoinRequest.objects.get().status == JoinRequest.Status.WITHDRAWN


def test_groups_of_another_community_are_untouched(community, other_community, people, group_member):
    from tests.factories import MembershipFactory

    MembershipFactory(community=other_community, user=group_member, circle=Circle.ENGAGED)
    elsewhere = services.group_create(
        community=other_community, actor=people["other_gardener"], name="Cantines", goal="g", issue="i"
    )
    services.member_add(group=elsewhere, user=group_member, actor=people["other_gardener"])
    communities.membership_leave(community=community, user=group_member)
    assert active(elsewhere) == {group_member.email}


# --- Join requests --------------------------------------------------------------------------


def test_join_request_is_sent_to_the_pair_and_approved(group, people, community):
    request = services.join_request_create(group=group, user=people["engaged"], message=" J'ai des graines ")
    assert request.message == "J'ai des graines"
    for gardener in (people["gardener"], people["institution_gardener"]):
        assert [(k, d["person"]) for k, d in kinds(gardener)] == [
            ("group_join_request", str(people["engaged"]))
        ]
    with pytest.raises(ValidationError, match="already asked"):
        services.join_request_create(group=group, user=people["engaged"], message="Encore")
    services.join_request_approve(
        group=group, request_id=request.pk, actor=people["gardener"], answer="Bienvenue"
    )
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.APPROVED
    assert request.decided_by == people["gardener"]
    assert active(group) == {"engaged@example.org"}
    assert [(d["change"], d["answer"]) for k, d in kinds(people["engaged"])] == [("approved", "Bienvenue")]
    with pytest.raises(ValidationError, match="already approved"):
        services.join_request_decline(
            group=group, request_id=request.pk, actor=people["gardener"], answer="Non"
        )


def test_decline_needs_an_answer(group, people):
    request = services.join_request_create(group=group, user=people["engaged"], message="Moi")
    with pytest.raises(ValidationError) as error:
        services.join_request_decline(group=group, request_id=request.pk, actor=people["gardener"], answer=" ")
    assert "answer" in error.value.message_dict
    services.join_request_decline(
        group=group, request_id=request.pk, actor=people["gardener"], answer="Groupe complet"
    )
    request.refresh_from_db()
    assert (request.status, request.answer) == (JoinRequest.Status.DECLINED, "Groupe complet")
    assert active(group) == set()


@pytest.mark.parametrize("role", ["citizen", "informed"])
def test_only_engaged_members_ask_to_join(group, people, role):
    with pytest.raises(ValidationError, match="engaged circle"):
        services.join_request_create(group=group, user=people[role], message="Moi")
    assert not JoinRequest.objects.exists()


def test_a_member_cannot_ask_again_nor_send_an_empty_message(group, group_member, people):
    with pytest.raises(ValidationError, match="already a member"):
        services.join_request_create(group=group, user=group_member, message="Moi")
    with pytest.raises(ValidationError) as error:
        services.join_request_create(group=group, user=people["engaged"], message="   ")
    assert "message" in error.value.message_dict


def test_approving_someone_who_left_the_engaged_circle_is_refused(group, people, community):
    request = services.join_request_create(group=group, user=people["engaged"], message="Moi")
    # The move withdraws the request itself; force it back to pending to race it.
    communities.membership_move(
        community=community, user=people["engaged"], actor=people["gardener"],
        to_circle=Circle.CITIZENS, reason="x",
    )
    JoinRequest.objects.filter(pk=request.pk).update(status=JoinRequest.Status.PENDING)
    with pytest.raises(ValidationError, match="engaged circle"):
        services.join_request_approve(group=group, request_id=request.pk, actor=people["gardener"])
    assert active(group) == set()


def test_a_forged_request_id_is_refused(group, people, other_community):
    with pytest.raises(ValidationError, match="does not exist"):
        services.join_request_approve(group=group, request_id="12abc", actor=people["gardener"])
    with pytest.raises(ValidationError, match="does not exist"):
        services.join_request_decline(group=group, request_id=999, actor=people["gardener"], answer="x")


# --- Decisions ------------------------------------------------------------------------------


def test_a_decision_is_logged_and_the_members_told(group, group_member, people, community):
    other = engaged_person(community, email="deux@example.org")
    services.member_add(group=group, user=other, actor=people["gardener"])
    Notification.objects.all().delete()
    services.decision_record(
        group=group, actor=group_member, text="Bourse le 12 avril à la médiathèque.",
        decided_on=timezone.localdate(),
    )
    decision = Decision.objects.get()
    assert decision.recorded_by == group_member
    # The author is not told about their own decision; the other member is.
    assert kinds(group_member) == []
    assert [(k, d["decision"]) for k, d in kinds(other)] == [
        ("group_decision", "Bourse le 12 avril à la médiathèque.")
    ]


def test_a_decision_cannot_be_dated_in_the_future_nor_empty(group, group_member):
    with pytest.raises(ValidationError, match="future"):
        services.decision_record(
            group=group, actor=group_member, text="Plus tard",
            decided_on=timezone.localdate() + dt.timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        services.decision_record(group=group, actor=group_member, text="", decided_on=timezone.localdate())
    assert not Decision.objects.exists()
