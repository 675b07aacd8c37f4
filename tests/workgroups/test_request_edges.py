"""Requests to join a working group at their edges
(workgroups/services/requests.py): the message and the answer within
their limits, who may ask, a request decided once, in its own group."""

import pytest
from django.utils import timezone

from communities.models import Circle
from notifications.models import Notification
from tests.refusals import refusals
from workgroups import services
from workgroups.models import GroupMember, JoinRequest, WorkingGroup

from .conftest import engaged_person
from .edges import archived, closed, create, not_engaged, told, too_long

pytestmark = pytest.mark.django_db


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
