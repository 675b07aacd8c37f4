"""The councils' reads at their edges (councils/selectors.py): a draw's
report row by row (each quota's bounds met or not, shares of nothing), who
counts as seated, in the pool or gone, a person's candidacies, and what a
council's pages read in their fixed number of queries."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from councils import selectors
from councils.models import Council, Draw, Member
from discussions.models import Channel
from tests.factories import CommunityFactory, UserFactory
from tests.rows import rewritten

from .conftest import announce, make_pool

pytestmark = pytest.mark.django_db

NOW = timezone.now()


# --- A draw's report ------------------------------------------------------------------


def _report(*, pool, result, quotas, labels=None):
    draw = Draw(pool=pool, result=result, quotas=quotas)
    return {(row["characteristic"], row["category"]): row
            for row in selectors.draw_report(draw, labels or {})}


POOL = [
    ["A", {"gender": "woman", "area": "Nord"}],
    ["B", {"gender": "woman", "area": "Sud"}],
    ["C", {"gender": "woman", "area": "Sud"}],
    ["D", {"gender": "man", "area": "Nord"}],
]


def test_each_row_counts_the_pool_and_the_drawn_with_their_shares():
    rows = _report(pool=POOL, result=["A", "B", "D"],
                   quotas={"gender": {"woman": [1, 2], "man": [1, 1]}},
                   labels={"gender": "Gender"})

    assert rows[("Gender", "woman")] == {
        "characteristic": "Gender", "category": "woman", "min": 1, "max": 2,
        "pool": 3, "drawn": 2, "met": True,
        "pool_share": 75.0, "drawn_share": 100 * 2 / 3, "rate": 100 * 2 / 3}
    assert rows[("Gender", "man")] == {
        "characteristic": "Gender", "category": "man", "min": 1, "max": 1,
        "pool": 1, "drawn": 1, "met": True,
        "pool_share": 25.0, "drawn_share": 100 / 3, "rate": 100.0}


def test_a_quota_is_met_at_both_its_bounds_and_not_beyond():
    quotas = {"area": {"Nord": [2, 3], "Sud": [0, 1]}}

    at_the_bounds = _report(pool=POOL, result=["A", "D", "B"], quotas=quotas)
    assert at_the_bounds[("area", "Nord")]["met"] is True  # 2 of [2, 3]
    assert at_the_bounds[("area", "Sud")]["met"] is True  # 1 of [0, 1]

    beyond = _report(pool=POOL, result=["A", "B", "C"], quotas=quotas)
    assert beyond[("area", "Nord")]["met"] is False  # 1 of [2, 3]
    assert beyond[("area", "Sud")]["met"] is False  # 2 of [0, 1]

    upper = _report(pool=POOL, result=["A", "D"], quotas={"area": {"Nord": [1, 2]}})
    assert upper[("area", "Nord")]["met"] is True  # 2 of [1, 2]


def test_a_category_nobody_in_the_pool_has_counts_zero_and_no_rate():
    rows = _report(pool=POOL, result=["A"], quotas={"area": {"Est": [0, 2]},
                                                    "age": {"16-29": [1, 1]}})

    assert rows[("area", "Est")] == {
        "characteristic": "area", "category": "Est", "min": 0, "max": 2, "pool": 0,
        "drawn": 0, "met": True, "pool_share": 0.0, "drawn_share": 0.0, "rate": None}
    assert rows[("age", "16-29")]["pool"] == 0
    assert rows[("age", "16-29")]["drawn"] == 0
    assert rows[("age", "16-29")]["met"] is False


def test_an_empty_draw_divides_nothing():
    rows = _report(pool=[], result=[], quotas={"gender": {"woman": [0, 0]}})

    assert rows[("gender", "woman")] == {
        "characteristic": "gender", "category": "woman", "min": 0, "max": 0, "pool": 0,
        "drawn": 0, "met": True, "pool_share": None, "drawn_share": None, "rate": None}


def test_a_characteristic_without_a_label_is_named_by_its_key():
    rows = _report(pool=POOL, result=[], quotas={"area": {"Nord": [0, 1]}},
                   labels={"gender": "Gender"})

    assert ("area", "Nord") in rows


# --- Who is seated, in the pool, gone -------------------------------------------------


def _seat(council, college, name, *, ended=None, candidate=None, user=None):
    return Member.objects.create(council=council, college=college, name=name,
                                 mode=Member.Mode.CHOICE, candidate=candidate, user=user,
                                 joined_at=NOW - dt.timedelta(days=100), ended_at=ended)


@pytest.fixture
def other(direction):
    from councils import services

    return services.council_create(
        name="Conseil citoyen du Breil", slug="breil", territory="Nantes, Breil",
        direction=direction, term_start=dt.date(2026, 1, 1), term_end=dt.date(2028, 12, 31),
        colleges=[("Habitants", 10)], sub_areas=["Est"])


def test_the_councils_list_counts_the_seated_only(council, residents, other,
                                                  django_assert_num_queries):
    _seat(council, residents, "Amina")
    _seat(council, residents, "Bruno")
    _seat(council, residents, "Chloé", ended=NOW - dt.timedelta(days=1))
    _seat(other, other.colleges.get(), "Zoé", ended=NOW - dt.timedelta(days=1))

    with django_assert_num_queries(1):
        councils = list(selectors.council_list())
        listed = [(c.slug, c.seated, c.direction.name) for c in councils for _twice in (1, 2)]

    assert sorted(set(listed)) == [("breil", 0, "Cohésion urbaine"),
                                   ("malakoff", 2, "Cohésion urbaine")]


def test_the_pool_counts_this_councils_candidates_still_in_it(council, other):
    candidates = make_pool(council, 5)
    make_pool(other, 3, seed=8)
    candidates[0].withdrawn_at = NOW
    candidates[0].save()

    assert selectors.pool_size(council) == 4
    assert selectors.pool_size(other) == 3


def test_former_members_are_this_councils_who_left_latest_first(
        council, residents, other, django_assert_num_queries):
    _seat(council, residents, "Amina")
    first = _seat(council, residents, "Bruno", ended=NOW - dt.timedelta(days=9))
    latest = _seat(council, residents, "Chloé", ended=NOW - dt.timedelta(days=2))
    _seat(other, other.colleges.get(), "Zoé", ended=NOW - dt.timedelta(days=1))
    replacement = Draw.objects.create(council=council, college=residents, seats=1,
                                      seed_source="Loto", announced_at=NOW, replaces=first)

    with django_assert_num_queries(1):
        former = list(selectors.former_members(council))
        read = [(m.name, m.college.name, getattr(getattr(m, "replacement", None), "pk", None))
                for m in former for _twice in (1, 2)]

    assert [m.pk for m in former] == [latest.pk, first.pk]
    assert read[::2] == [("Chloé", "Habitants", None), ("Bruno", "Habitants", replacement.pk)]


def test_the_seated_members_come_with_their_college_and_account(
        council, residents, other, django_assert_num_queries):
    amina = UserFactory(display_name="Amina")
    _seat(council, residents, "Amina", user=amina)
    _seat(council, residents, "Chloé", ended=NOW - dt.timedelta(days=2))
    _seat(other, other.colleges.get(), "Zoé")

    with django_assert_num_queries(1):
        members = list(selectors.active_members(council))
        read = [(m.name, m.college.name, m.user.display_name) for m in members for _ in (1, 2)]

    assert read == [("Amina", "Habitants", "Amina")] * 2


# --- A person's candidacies -----------------------------------------------------------


def test_a_persons_candidacies_say_where_they_sit(council, residents, other,
                                                   django_assert_num_queries):
    person = UserFactory(email="lea@example.org")
    by_account, = make_pool(council, 1, seed=3)
    by_account.user = person
    by_account.email = "another@example.org"
    by_account.save()
    by_address, = make_pool(other, 1, seed=4)
    by_address.email = "LEA@example.org"
    by_address.save()
    withdrawn, = make_pool(council, 1, seed=5)
    withdrawn.user, withdrawn.withdrawn_at = person, NOW
    withdrawn.save()
    make_pool(council, 2, seed=6)  # others'
    _seat(other, other.colleges.get(), "Léa", candidate=by_address)
    _seat(council, residents, "Léa", candidate=by_account, ended=NOW - dt.timedelta(days=1))

    with django_assert_num_queries(1):
        mine = selectors.candidacies_of(person)
        read = [(c.pk, c.council.name, c.sits) for c in mine for _ in (1, 2)]

    assert read[::2] == [(by_account.pk, "Conseil citoyen de Malakoff", False),
                         (by_address.pk, "Conseil citoyen du Breil", True)]


def test_a_signed_out_visitor_has_no_candidacy(council, django_assert_num_queries):
    make_pool(council, 2)

    with django_assert_num_queries(0):
        assert selectors.candidacies_of(AnonymousUser()) == []


# --- A council's page -----------------------------------------------------------------


def test_a_councils_page_reads_every_part_in_its_queries(
        council, residents, other, django_assert_num_queries):
    candidate, = make_pool(council, 1, seed=2)
    amina = _seat(council, residents, "Amina", candidate=candidate)
    _seat(council, residents, "Chloé", ended=NOW - dt.timedelta(days=2))
    _seat(other, other.colleges.get(), "Zoé")
    community = CommunityFactory(name="Malakoff ensemble")
    channel = Channel.objects.create(community=community, name="Conseil citoyen")
    Council.objects.filter(pk=council.pk).update(community=community, channel=channel)
    announce(residents, seats=1, quotas={}, fix_seed="")
    Draw.objects.create(council=council, college=residents, seats=1, seed_source="x",
                        announced_at=NOW, replaces=amina)

    with django_assert_num_queries(6):
        page = selectors.council_page("malakoff")
        for _twice in (1, 2):
            parts = (page.direction.name, page.community.name, page.channel.community.name,
                     [c.name for c in page.colleges.all()],
                     [c.key for c in page.characteristics.all()],
                     [(m.name, m.college.name, m.candidate.public_id) for m in page.seated],
                     sorted((d.college.name, d.replaces and d.replaces.name or "")
                            for d in page.all_draws),
                     page.all_sessions)

    assert parts[:3] == ("Cohésion urbaine", "Malakoff ensemble", "Malakoff ensemble")
    assert parts[3] == ["Habitants", "Associations et acteurs locaux"]
    assert set(parts[4]) == {"age_band", "gender", "sub_area"}
    assert parts[5] == [("Amina", "Habitants", candidate.public_id)]
    assert parts[6] == [("Habitants", ""), ("Habitants", "Amina")]


# --- A draw's replacements ------------------------------------------------------------


def test_a_draws_replacements_in_the_order_announced(council, residents,
                                                      django_assert_num_queries):
    pool = make_pool(council, 3, seed=9)
    draw = announce(residents, seats=3, quotas={}, fix_seed="")
    left = [_seat(council, residents, f"M{n}", candidate=c, ended=NOW) for n, c in
            enumerate(pool)]
    Member.objects.filter(pk__in=[m.pk for m in left]).update(draw=draw)
    # `later` and `tied` are announced at the same instant: `later` was made
    # first, yet is stored last and replaces the last member who left.
    later = Draw.objects.create(council=council, college=residents, seats=1, seed_source="x",
                                announced_at=NOW, replaces=left[2])
    earlier = Draw.objects.create(council=council, college=residents, seats=1,
                                  seed_source="x", announced_at=NOW - dt.timedelta(hours=1),
                                  replaces=left[1])
    tied = Draw.objects.create(council=council, college=residents, seats=1, seed_source="x",
                               announced_at=NOW, replaces=left[0])
    rewritten(later, announced_at=NOW)

    with django_assert_num_queries(1):
        replacements = selectors.replacements_of(draw)
        read = [(d.pk, d.council.slug, d.replaces.candidate.public_id) for d in replacements
                for _ in (1, 2)]

    assert [d.pk for d in replacements] == [earlier.pk, later.pk, tied.pk]
    assert read[::2] == [(earlier.pk, "malakoff", pool[1].public_id),
                         (later.pk, "malakoff", pool[2].public_id),
                         (tied.pk, "malakoff", pool[0].public_id)]
    assert selectors.replacements_of(Draw.objects.create(
        council=council, college=residents, seats=1, seed_source="x", announced_at=NOW)) == []


# --- A council's sessions, either side of now -----------------------------------------


def test_a_session_ending_now_is_past_and_one_still_running_upcoming():
    def session(minutes):
        return SimpleNamespace(event=SimpleNamespace(ends_at=NOW + dt.timedelta(minutes=minutes)))

    sessions = [session(-60), session(0), session(1), session(90)]

    upcoming, past = selectors.sessions_of(SimpleNamespace(all_sessions=sessions), NOW)

    assert upcoming == [sessions[2], sessions[3]]
    assert past == [sessions[1], sessions[0]]

