"""A working group's fields, address, channel name, update and archiving
at their edges (workgroups/services/groups.py, _common.py): each refusal
in its words, field and code, each length at its limit and one over, an
end date today and a day past, what archiving declines and who is told."""

import datetime as dt

import pytest
from django.utils import timezone

from communities.models import Circle
from discussions.models import Channel
from terreau import slugs
from tests.refusals import refusals
from workgroups import services
from workgroups.models import WorkingGroup

from .conftest import engaged_person
from .edges import archived, closed, create, told, too_long, update

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate

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


# --- Dates and races ------------------------------------------------------------------


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

    def read_before_the_other_commit(queryset, name, **kwargs):
        asked.append(name)
        return "haies" if len(asked) == 1 else free_slug(queryset, name, **kwargs)

    free_slug = slugs.free_slug
    monkeypatch.setattr(slugs, "free_slug", read_before_the_other_commit)
    group = create(community, people, name="Haies")
    assert (asked, group.slug) == (["Haies", "Haies"], "haies-3")
    assert WorkingGroup.objects.filter(community=community).count() == 3
