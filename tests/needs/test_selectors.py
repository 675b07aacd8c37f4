"""Reads of needs: what each person sees, the board, the dashboards' counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from needs import selectors, services
from needs.models import Need, Status

from .conftest import make_need

pytestmark = pytest.mark.django_db


def titles(items):
    return sorted(n.title for n in items)


def test_members_see_visible_items_and_their_own(community, people, author, need, private_need):
    other_private = make_need(community, people["engaged"], title="Secret",
                              visibility="gardeners")
    withdrawn = make_need(community, author, title="Retiré")
    services.need_withdraw(need=withdrawn, actor=author)
    as_citizen = selectors.items_for_community(community=community, user=people["citizen"],
                                               sees_all=False)
    assert titles(as_citizen) == [need.title]
    as_author = selectors.items_for_community(community=community, user=author, sees_all=False)
    assert titles(as_author) == titles([need, private_need])
    mine = selectors.items_for_community(community=community, user=author, sees_all=False,
                                         mine=True)
    assert titles(mine) == titles([need, private_need, withdrawn])
    as_gardener = selectors.items_for_community(community=community, user=people["gardener"],
                                                sees_all=True)
    assert titles(as_gardener) == titles([need, private_need, other_private])


def test_filters(community, people, author, need):
    synergy = make_need(community, author, title="Camionnette", kind="synergy", tags=["van"])
    services.need_move(need=synergy, actor=people["gardener"], to_status="discussed", answer="Ok")

    def seen(**filters):
        return titles(selectors.items_for_community(
            community=community, user=people["engaged"], sees_all=False, **filters))

    assert seen(kind="synergy") == ["Camionnette"]
    assert seen(status="new") == [need.title]
    assert seen(tag="van") == ["Camionnette"]
    (item,) = [i for i in selectors.items_for_community(
        community=community, user=people["engaged"], sees_all=False) if i.pk == synergy.pk]
    assert item.last_answer == "Ok"


def test_board_puts_the_longest_waiting_first_and_flags_after_14_days(community, people, author):
    now = timezone.now()
    old = make_need(community, author, title="Old")
    fresh = make_need(community, author, title="Fresh")
    Need.objects.filter(pk=old.pk).update(status_changed_at=now - timedelta(days=15))
    Need.objects.filter(pk=fresh.pk).update(status_changed_at=now - timedelta(days=13))
    columns = {c.status: c for c in selectors.board(community=community, now=now)}
    assert list(columns) == ["new", "discussed", "connected", "done", "declined"]
    assert [(n.title, n.overdue) for n in columns["new"].items] == [("Old", True),
                                                                    ("Fresh", False)]
    assert columns["new"].count == 2 and columns["done"].count == 0


def test_pipeline_counts_in_one_query(community, other_community, people, author, need,
                                      django_assert_num_queries):
    services.need_move(need=make_need(community, author), actor=people["gardener"],
                       to_status=Status.DECLINED, answer="Non.")
    withdrawn = make_need(community, author)
    services.need_withdraw(need=withdrawn, actor=author)
    with django_assert_num_queries(1):
        counts = selectors.pipeline_counts([community.pk, other_community.pk])
    assert counts == {community.pk: {"new": 1, "discussed": 0, "connected": 0, "done": 0,
                                     "declined": 1}}


def test_status_keys_read_as_labels():
    from django.template import Context, Template

    template = Template('{% load needs %}{{ "discussed"|need_status }}|{{ "bogus"|need_status }}')
    assert template.render(Context()) == "Being discussed|bogus"


def test_a_hidden_item_leaves_the_lists_and_the_tag_filter_but_not_its_author(
        community, people, author, need):
    hidden = make_need(community, people["engaged"], title="Injurieux", tags=["insulte"])
    make_need(community, author, title="Réservé", tags=["réservé"], visibility="gardeners")
    services.need_hide(need=hidden, actor=people["gardener"], reason="Hors sujet.")

    def seen(user):
        return titles(selectors.items_for_community(community=community, user=user,
                                                    sees_all=False))

    assert seen(people["citizen"]) == [need.title]
    assert seen(people["engaged"]) == titles([hidden, need])
    assert [n.title for n in selectors.community_block_items(community)] == [need.title]
    # The filter offers the tags of what everyone reads: not those of a
    # hidden item (its words were moderated) nor of a gardeners-only one.
    assert [t.name for t in selectors.community_tags(community)] == ["semences"]
