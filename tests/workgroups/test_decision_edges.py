"""A working group's decision log at its edges
(workgroups/services/decisions.py): its words within their limit, dated
today at the latest, closed once archived, told to the group's members."""

import datetime as dt

import pytest
from django.utils import timezone

from notifications.models import Notification
from tests.refusals import refusals
from workgroups import services
from workgroups.models import Decision, WorkingGroup

from .conftest import engaged_person
from .edges import archived, closed, create, told, too_long

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate

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
