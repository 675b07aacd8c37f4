"""The reads of needs at their edges: each list keeps to its community and
its statuses, counts each kind of support apart, shows the latest answer,
and flags an item on the board from its fourteenth day (needs/selectors.py)."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from communities.models import Circle, Community
from needs import relays, selectors, services
from needs.models import Need, Relay, Status, Step, Support
from tests.factories import CommunityFactory, DirectionFactory, UserFactory

from .conftest import make_need, member

pytestmark = pytest.mark.django_db


def test_each_kind_of_support_is_counted_apart(community, people, author, need):
    for kind, circle in ((Support.Kind.ME_TOO, Circle.CITIZENS), (Support.Kind.ME_TOO,
                         Circle.ENGAGED), (Support.Kind.CAN_HELP, Circle.INFORMED)):
        services.support_add(need=need, user=member(community, circle), kind=kind)

    (item,) = selectors.items_for_community(community=community, user=author, sees_all=False)

    assert (item.me_too_count, item.can_help_count) == (2, 1)


def test_the_last_answer_is_the_latest_one_given_not_a_withdrawal(
        community, people, author, need):
    services.need_move(need=need, actor=people["gardener"], to_status=Status.DISCUSSED,
                       answer="On en parle jeudi.")
    services.need_move(need=need, actor=people["gardener"], to_status=Status.CONNECTED,
                       answer="Voyez avec la mairie.")
    # Both steps at the same instant: the one recorded last is the last.
    Step.objects.filter(need=need).update(at=timezone.now())
    services.need_withdraw(need=need, actor=author, reason="Trouvé ailleurs.")

    (item,) = selectors.items_for_community(community=community, user=author, sees_all=False,
                                            mine=True)
    assert item.last_answer == "Voyez avec la mairie."
    # The latest by when it was given, whatever the order it was recorded in.
    Step.objects.filter(need=need, answer="On en parle jeudi.").update(
        at=timezone.now() + timedelta(seconds=1))
    (item,) = selectors.items_for_community(community=community, user=author, sees_all=False,
                                            mine=True)
    assert item.last_answer == "On en parle jeudi."


def test_the_list_is_newest_first_and_mine_is_nothing_for_a_visitor(
        community, people, author, need):
    older = make_need(community, author, title="Plus ancienne")
    Need.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=1))

    listed = selectors.items_for_community(community=community, user=author, sees_all=False)
    assert [n.title for n in listed] == [need.title, "Plus ancienne"]
    assert not selectors.items_for_community(community=community, user=people["anonymous"],
                                             sees_all=False, mine=True).exists()


# --- The board and the dashboards ----------------------------------------------------


@pytest.fixture
def left_out(community, other_community, author):
    """What no list of `community` shows: another community's item, a withdrawn one."""
    make_need(other_community, member(other_community), title="Ailleurs")
    services.need_withdraw(need=make_need(community, author, title="Retirée"), actor=author)


def test_the_board_keeps_to_its_community_and_open_or_answered_items(
        community, people, author, left_out):
    first = make_need(community, author, title="Première")
    second = make_need(community, author, title="Seconde")
    now = timezone.now()
    # Waiting exactly 14 days is overdue; a second less is not.
    Need.objects.filter(pk=second.pk).update(status_changed_at=now - timedelta(days=14))
    Need.objects.filter(pk=first.pk).update(
        status_changed_at=now - timedelta(days=14) + timedelta(seconds=1))

    columns = {c.status: c for c in selectors.board(community=community, now=now)}

    assert [(n.title, n.overdue) for n in columns[Status.NEW].items] == [
        ("Seconde", True), ("Première", False)]
    assert sum(c.count for c in columns.values()) == 2


def test_the_communitys_block_shows_its_latest_visible_items_with_their_answer(
        community, people, author, left_out):
    # Made in the other order than answered: the block follows the answers.
    new = make_need(community, author, title="Récente")
    old = make_need(community, author, title="Ancienne")
    services.need_move(need=new, actor=people["gardener"], to_status=Status.DISCUSSED,
                       answer="On en parle.")
    services.need_move(need=new, actor=people["gardener"], to_status=Status.CONNECTED,
                       answer="Voyez la mairie.")
    # The first answer given last: the latest by when it was given.
    Step.objects.filter(need=new, answer="On en parle.").update(
        at=timezone.now() + timedelta(seconds=1))
    Need.objects.filter(pk=old.pk).update(status_changed_at=timezone.now() - timedelta(days=2))

    items = selectors.community_block_items(community)

    assert [(n.title, n.last_answer) for n in items] == [("Récente", "On en parle."),
                                                         ("Ancienne", None)]
    assert len(selectors.community_block_items(community, limit=1)) == 1
    for number in range(4):
        make_need(community, author, title=f"Encore {number}")
    assert len(selectors.community_block_items(community)) == 5


def test_the_tag_filter_offers_this_communitys_items_tags_only(
        community, other_community, author, need):
    make_need(other_community, member(other_community), title="Ailleurs", tags=["vélo"])
    # A tag on another kind of object whose id happens to be the item's.
    TaggedItem.objects.create(tag=Tag.objects.create(name="thème", slug="theme"),
                              content_type=ContentType.objects.get_for_model(Community),
                              object_id=need.pk)

    assert [t.name for t in selectors.community_tags(community)] == ["semences"]


def test_pipeline_counts_keep_to_the_communities_asked_and_say_zero(
        community, other_community, author, need):
    third = CommunityFactory(name="Troisième", slug="troisieme")
    make_need(third, member(third))

    counts = selectors.pipeline_counts([community.pk, other_community.pk])
    assert list(counts) == [community.pk]
    pipelines = selectors.pipelines([community.pk, other_community.pk])
    assert [n for _status, _label, n in pipelines[other_community.pk].steps] == [0] * 5
    assert pipelines[community.pk].open == 1


def test_no_community_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.pipelines([]) == {}


# --- A direction's relays -----------------------------------------------------------------


@pytest.fixture
def agent(pair):
    person = UserFactory(email="agent@example.org")
    pair.direction.staff.add(person)
    return person


def test_a_directions_relays_waiting_oldest_first_answered_newest_first(
        community, pair, author, agent, django_assert_num_queries):
    made = []
    for title in ("Un", "Deux", "Trois", "Quatre"):
        need = make_need(community, author, title=title)
        relays.need_relay(need=need, actor=pair.institution_gardener, message="Une salle ?")
        made.append(need)
    now = timezone.now()
    # Relayed in another order than made; two answered, the later first.
    for need, days in zip(made, (1, 3, 2, 4), strict=True):
        Relay.objects.filter(need=need).update(relayed_at=now - timedelta(days=days))
    Relay.objects.filter(need=made[2]).update(answered_at=now - timedelta(hours=1),
                                              answer_recorded_by=agent)
    Relay.objects.filter(need=made[3]).update(answered_at=now - timedelta(hours=2),
                                              answer_recorded_by=agent)

    with django_assert_num_queries(2 + 1):  # the agent's directions, then the two lists
        waiting, answered = selectors.direction_relays(agent)
        lines = [(r.need.title, r.need.community.name, r.direction.name,
                  r.relayed_by.pk, r.answer_recorded_by and r.answer_recorded_by.pk)
                 for r in waiting + answered]

    assert [line[0] for line in lines] == ["Deux", "Un", "Trois", "Quatre"]
    assert lines[0][1:4] == (community.name, pair.direction.name, pair.institution_gardener.pk)
    assert lines[2][4] == agent.pk
    assert selectors.relays_waiting_count(agent) == 2


def test_someone_of_no_direction_has_no_relay_waiting(community, pair, author, need):
    relays.need_relay(need=need, actor=pair.institution_gardener, message="Une salle ?")
    outsider = UserFactory(email="culture@example.org")
    DirectionFactory(name="Culture", slug="culture").staff.add(outsider)

    for person in (author, outsider):
        assert selectors.relays_waiting_count(person) == 0
        assert selectors.direction_relays(person) == ([], [])


def test_an_items_page_reads_its_history_supports_connections_and_relay_in_four_queries(
        community, pair, people, author, need, django_assert_num_queries):
    helper = member(community, Circle.ENGAGED)
    services.support_add(need=need, user=helper, kind=Support.Kind.CAN_HELP,
                         contact_consent=True)
    services.need_move(need=need, actor=people["gardener"], to_status=Status.DISCUSSED,
                       answer="On cherche.")
    services.connection_create(need=need, actor=people["gardener"], first=author,
                               second=helper)
    relays.need_relay(need=need, actor=pair.institution_gardener, message="Une salle ?")
    Relay.objects.filter(need=need).update(answer_recorded_by=pair.institution_gardener)
    need = Need.objects.get(pk=need.pk)

    with django_assert_num_queries(4):
        page = selectors.need_page(need)
        seen = ([s.by.pk for s in page["steps"]], [s.user.pk for s in page["supports"]],
                [(c.first.pk, c.second.pk, c.by.pk) for c in page["connections"]],
                (page["relay"].direction.pk, page["relay"].relayed_by.pk,
                 page["relay"].answer_recorded_by.pk))

    assert seen[2] == [(author.pk, helper.pk, people["gardener"].pk)]
    assert seen[3] == (pair.direction.pk, pair.institution_gardener.pk,
                       pair.institution_gardener.pk)
    with django_assert_num_queries(0):
        assert need.relay.pk == page["relay"].pk
