"""A council's own services at their edges (councils/services/councils.py):
each refusal in its words, on its field, with its code, and writing
nothing; each limit itself allowed; what a council, its colleges and its
characteristics store; the members by choice, their seats and their leaving.
The mutation run of this module stands on these tests (docs/testing.md)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from councils import services
from councils.models import Candidate, Characteristic, College, Council, Draw, Member
from tests.factories import UserFactory
from tests.refusals import refusals

from .conftest import START, announce, create, make_pool, update

NOW = dt.datetime(2027, 3, 1, 18, 30, tzinfo=dt.UTC)


def colleges(council):
    return list(College.objects.filter(council=council).values_list("name", "seats", "order"))


def characteristics(council):
    return list(Characteristic.objects.filter(council=council)
                .values_list("key", "label", "categories", "order"))


HOUSING = ("housing", "Housing", ["tenant", "owner"])


# --- Creating: each refusal in its words, field and code; nothing written ------------------


@pytest.mark.parametrize("fields,expected", [
    ({"name": "  "}, [("name", "Give the council a name.", "required")]),
    ({"name": None}, [("name", "Give the council a name.", "required")]),
    ({"name": "n" * 121}, [("name", "Keep it under 120 characters.", "too_long")]),
    ({"territory": ""}, [("territory", "Name the territory the council serves.", "required")]),
    ({"territory": "t" * 201}, [("territory", "Keep it under 200 characters.", "too_long")]),
    ({"term_end": START}, [("term_end", "The term must end after it starts.", "term_order")]),
    ({"colleges": []}, [("colleges", "Give the council at least one college.", "required")]),
    ({"colleges": [("Habitants", 0)]},
     [("colleges", "The college “Habitants” needs at least one seat.", "no_seat")]),
    ({"colleges": [("A", 1), ("a", 1), ("B", 1), (" b ", 2)]},
     [("colleges", "Two colleges have the same name: a, b.", "duplicate_college")]),
    ({"sub_areas": []},
     [("sub_areas", "Name at least one sub-area of the territory.", "required")]),
    ({"sub_areas": ["Est", "est"]},
     [("sub_areas", "A sub-area is named twice.", "duplicate_sub_area")]),
    ({"extra_characteristics": [("gender", "Genre", ["f", "m"])]},
     [("characteristics", "The characteristic “Genre” is named twice.",
       "duplicate_characteristic")]),
    ({"extra_characteristics": [HOUSING, ("housing", "Logement", ["a", "b"])]},
     [("characteristics", "The characteristic “Housing” is named twice.",
       "duplicate_characteristic"),
      ("characteristics", "The characteristic “Logement” is named twice.",
       "duplicate_characteristic")]),
    ({"extra_characteristics": [("housing", "Housing", ["tenant"])]},
     [("characteristics", "The characteristic “Housing” needs at least two categories.",
       "too_few_categories")]),
    ({"slug": None}, [("slug", "Choose another address: “” is not available.", "reserved_slug")]),
    ({"slug": " Mine "},
     [("slug", "Choose another address: “mine” is not available.", "reserved_slug")]),
    ({"slug": "Malakoff"},
     [("slug", "Another council already has the address “malakoff”.", "duplicate_slug")]),
])
def test_each_refusal_is_in_words_on_its_field_and_writes_nothing(
        direction, council, fields, expected):
    assert refusals(lambda: create(direction, **fields)) == expected
    assert list(Council.objects.values_list("slug", flat=True)) == ["malakoff"]
    assert College.objects.exclude(council=council).count() == 0


def test_every_refusal_of_the_fields_comes_at_once(direction):
    assert [field for field, _message, _code in refusals(lambda: create(
        direction, name="", territory="", colleges=[], sub_areas=[], term_end=START))] == [
        "colleges", "name", "sub_areas", "term_end", "territory"]


def test_each_limit_itself_is_allowed_and_the_values_are_trimmed(direction):
    council = create(direction, name=f" {'n' * 120} ", territory=f" {'t' * 200} ",
                     slug=" Breil ", term_end=START + dt.timedelta(days=1),
                     colleges=[(" Habitants ", 1)],
                     extra_characteristics=[("housing", "Housing", ["tenant", "owner"])])
    assert (council.name, council.territory, council.slug, council.description) == (
        "n" * 120, "t" * 200, "breil", "")
    assert colleges(council) == [("Habitants", 1, 0)]


def test_a_council_stores_its_colleges_and_characteristics_in_order(direction):
    council = create(direction, description="Un conseil pour le quartier.",
                     colleges=[("Habitants", 10), ("Associations", 4)],
                     extra_characteristics=[HOUSING])
    assert Council.objects.get(pk=council.pk).description == "Un conseil pour le quartier."
    assert colleges(council) == [("Habitants", 10, 0), ("Associations", 4, 1)]
    assert characteristics(council) == [
        ("age_band", "Age band", ["16-29", "30-44", "45-59", "60+"], 0),
        ("gender", "Gender", ["woman", "man", "other"], 1),
        ("sub_area", "Sub-area", ["Est", "Ouest"], 2),
        ("housing", "Housing", ["tenant", "owner"], 3),
    ]


# --- Changing: the same refusals, and what the council's history holds ----------------------


def test_a_change_is_checked_like_a_creation_and_changes_nothing(council):
    assert refusals(lambda: update(council, name="Nouveau nom", term_end=council.term_start)
                    ) == [("term_end", "The term must end after it starts.", "term_order")]
    assert Council.objects.get(pk=council.pk).name == "Conseil citoyen de Malakoff"


def test_a_change_renames_reorders_and_stores_every_field(council):
    update(council, name=" Conseil de Malakoff ", territory=" Nantes ", description="Neuf.",
           term_start=START, term_end=dt.date(2030, 6, 30),
           colleges=[("HABITANTS", 14), ("Conseil des jeunes", 4),
                     ("Associations et acteurs locaux", 6)])
    saved = Council.objects.get(pk=council.pk)
    assert (saved.name, saved.territory, saved.description, saved.term_start, saved.term_end,
            saved.slug) == ("Conseil de Malakoff", "Nantes", "Neuf.", START,
                            dt.date(2030, 6, 30), "malakoff")
    assert colleges(council) == [("HABITANTS", 14, 0), ("Conseil des jeunes", 4, 1),
                                 ("Associations et acteurs locaux", 6, 2)]


def test_the_description_stays_unless_one_is_given(council):
    update(council, description="Le conseil du quartier.")
    services.council_update(council=council, name="Conseil de Malakoff", territory="Nantes",
                            term_start=START, term_end=dt.date(2030, 6, 30),
                            colleges=[("Habitants", 12)], sub_areas=["Nord", "Centre", "Sud"])
    assert Council.objects.get(pk=council.pk).description == "Le conseil du quartier."
    update(council, description="")
    assert Council.objects.get(pk=council.pk).description == ""


def test_a_member_who_left_holds_no_seat_but_keeps_the_college(council, residents):
    services.member_appoint(college=residents, name="Jeanne")
    paul = services.member_appoint(college=residents, name="Paul")
    services.member_withdraw(member=paul)
    update(council, colleges=[("Habitants", 1), ("Associations et acteurs locaux", 6)])
    assert refusals(lambda: update(council, colleges=[("Habitants", 0),
                                                      ("Associations et acteurs locaux", 6)])
                    ) == [("colleges", "The college “Habitants” needs at least one seat.",
                           "no_seat")]
    services.member_withdraw(member=Member.objects.get(name="Jeanne"))
    assert refusals(lambda: update(council, colleges=[("Associations et acteurs locaux", 6)])
                    ) == [("colleges", ("The college “Habitants” has members or draws: it cannot "
                           "be removed."), "college_in_use")]
    assert College.objects.filter(pk=residents.pk).exists()


def test_seats_below_the_members_seated_are_refused_with_their_count(council, residents):
    for name in ("Jeanne", "Paul"):
        services.member_appoint(college=residents, name=name)
    assert refusals(lambda: update(council, colleges=[("Habitants", 1),
                                                      ("Associations et acteurs locaux", 6)])
                    ) == [("colleges", ("The college “Habitants” has 2 members seated: it cannot "
                           "have fewer seats."), "seats_taken")]


def test_each_college_counts_its_own_members_after_one_is_removed(council):
    partners = council.colleges.get(name="Associations et acteurs locaux")
    for name in ("Jeanne", "Paul"):
        services.member_appoint(college=partners, name=name)
    # Habitants (first) goes, having no member: the next college is still checked.
    assert refusals(lambda: update(council, colleges=[("Associations et acteurs locaux", 1)])
                    ) == [("colleges", ("The college “Associations et acteurs locaux” has 2 "
                           "members seated: it cannot have fewer seats."), "seats_taken")]
    update(council, colleges=[("Habitants", 1), ("Associations et acteurs locaux", 2)])
    assert colleges(council) == [("Habitants", 1, 0), ("Associations et acteurs locaux", 2, 1)]


def test_a_college_with_a_draw_and_no_member_stays(council):
    partners = council.colleges.get(name="Associations et acteurs locaux")
    announce(partners, seats=2, quotas={}, fix_seed="")
    assert refusals(lambda: update(council, colleges=[("Habitants", 12)])) == [
        ("colleges", ("The college “Associations et acteurs locaux” has members or draws: it "
         "cannot be removed."), "college_in_use")]


def test_an_announced_draw_freezes_the_categories(council, residents):
    announce(residents, quotas={}, fix_seed="")
    assert refusals(lambda: update(council, sub_areas=["Nord", "Centre", "Sud", "Ouest"])) == [
        ("characteristics", ("A draw is announced and not run yet: its categories cannot change "
         "until it is run."), "draw_announced")]


def test_only_this_councils_announced_draw_freezes_its_categories(direction, council, residents):
    other = create(direction)
    announce(other.colleges.get(), quotas={}, fix_seed="")
    make_pool(council, 12)
    services.draw_run(draw=announce(residents, seats=1, quotas={},
                                    now=timezone.now() - dt.timedelta(days=1)))
    update(council, sub_areas=["Nord", "Centre", "Sud", "Ouest"])
    assert council.characteristics.get(key="sub_area").categories == [
        "Nord", "Centre", "Sud", "Ouest"]


def test_only_this_councils_pool_and_only_who_stays_in_it_hold_a_category(direction, council):
    other = create(direction, sub_areas=["Nord", "Est"])
    make_pool(other, 2, sub_area="Nord")
    gone = make_pool(council, 1, seed=9, sub_area="Nord")[0]
    services.candidate_withdraw(candidate=Candidate.objects.get(pk=gone.pk))
    update(council, sub_areas=["Centre", "Sud"])
    assert council.characteristics.get(key="sub_area").categories == ["Centre", "Sud"]


def test_categories_in_use_are_named_on_their_field(direction):
    council = create(direction, extra_characteristics=[
        ("housing", "Housing", ["tenant", "owner", "hosted"])])
    make_pool(council, 1, housing="tenant", sub_area="Est")
    make_pool(council, 1, seed=8, housing="owner", sub_area="Est")
    assert refusals(lambda: update(council, extra_characteristics=[
        ("housing", "Housing", ["hosted", "other"])])) == [
        ("characteristics", ("Candidates of the pool are in “owner, tenant” (Housing): it cannot "
         "be removed."), "category_in_use")]
    assert refusals(lambda: update(council, sub_areas=["Ouest"])) == [
        ("sub_areas", "Candidates of the pool are in “Est” (Sub-area): it cannot be removed.",
         "category_in_use")]


def test_with_a_pool_characteristics_are_not_added(council):
    make_pool(council, 1)
    assert refusals(lambda: update(council, extra_characteristics=[HOUSING])) == [
        ("characteristics", ("The pool already has candidates: characteristics can no longer be "
         "added or removed, only their categories extended."), "pool_not_empty")]


def test_without_a_pool_a_characteristic_is_renamed_then_removed(direction):
    council = create(direction, extra_characteristics=[HOUSING])
    update(council, extra_characteristics=[("housing", "Logement", ["tenant", "owner"])])
    assert characteristics(council)[3] == ("housing", "Logement", ["tenant", "owner"], 3)
    update(council, extra_characteristics=[])
    assert [key for key, *_rest in characteristics(council)] == [
        "age_band", "gender", "sub_area"]


# --- Members by choice ---------------------------------------------------------------------


@pytest.fixture
def small(direction):
    return create(direction, colleges=[("Habitants", 1), ("Associations", 1)])


def test_a_member_by_choice_is_stored_as_named(small):
    user = UserFactory()
    college = small.colleges.get(name="Habitants")
    member = services.member_appoint(college=college, name="  Jeanne Martin ", user=user, now=NOW)
    member = Member.objects.get(pk=member.pk)
    assert (member.council_id, member.college, member.mode, member.name, member.user,
            member.joined_at) == (small.pk, college, Member.Mode.CHOICE, "Jeanne Martin", user,
                                  NOW)


@pytest.mark.parametrize("name", ["", "  ", None])
def test_a_member_needs_a_name(small, name):
    assert refusals(lambda: services.member_appoint(
        college=small.colleges.get(name="Habitants"), name=name)) == [
        (None, "Give the member's name.", "name")]
    assert not Member.objects.exists()


def test_a_full_college_is_refused_and_each_college_counts_its_own_seats(small):
    residents = small.colleges.get(name="Habitants")
    jeanne = services.member_appoint(college=residents, name="Jeanne")
    assert refusals(lambda: services.member_appoint(college=residents, name="Paul")) == [
        (None, "Every seat of the college “Habitants” is taken.", "full")]
    services.member_appoint(college=small.colleges.get(name="Associations"), name="Paul")
    services.member_withdraw(member=jeanne)
    services.member_appoint(college=residents, name="Lucie")
    assert sorted(Member.objects.filter(ended_at__isnull=True).values_list("name", flat=True)
                  ) == ["Lucie", "Paul"]


def test_leaving_twice_is_refused_by_name_and_the_first_date_stays(council, residents):
    member = services.member_appoint(college=residents, name="Jeanne")
    services.member_withdraw(member=member, now=NOW)
    assert refusals(lambda: services.member_withdraw(member=member)) == [
        (None, "Jeanne has already left the council.", "ended")]
    assert Member.objects.get(pk=member.pk).ended_at == NOW


def test_a_drawn_member_leaves_in_a_fixed_number_of_queries(council, residents, agent,
                                                            community):
    services.channel_open(council=council, community=community, actor=agent)
    make_pool(council, 12)
    draw = services.draw_run(draw=announce(residents, seats=1, quotas={},
                                           now=timezone.now() - dt.timedelta(days=1)))
    member = draw.members.get()
    assert draw.status == Draw.Status.DONE
    with CaptureQueriesContext(connection) as queries:
        services.member_withdraw(member=Member(pk=member.pk))
    # The member with its council, channel and candidacy in one query, the
    # update, the accounts it is known by (savepoint and release around them).
    assert len(queries) == 5, [q["sql"] for q in queries]

