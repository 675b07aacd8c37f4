"""The edges of councils/services/draws.py that the mutation run found
unpinned (docs/testing.md, "Mutation testing"): each refusal's words and
code, the length limits on both sides, what a run writes on the members'
rows, and replacements of replacements."""

import datetime as dt
from email.utils import parseaddr

from django.utils import timezone

import audit
from audit.models import AuditEntry
from councils import services
from councils.models import Draw, Member
from tests.factories import UserFactory
from tests.refusals import refusals

from .conftest import announce, make_pool

GENDER_2_2 = {"gender": {"woman": [2, 2], "man": [2, 2]}}


def test_verifying_a_draw_not_run_yet_is_refused_in_words(residents):
    draw = announce(residents, seats=4, quotas={})
    assert refusals(lambda: services.draw_verify(draw=draw)) == [
        (None, "This draw has not been run yet.", "not_run")]


def test_the_replacement_refusals_say_why(council, residents):
    make_pool(council, 10)
    draw = services.draw_run(draw=announce(residents, seats=4, quotas={}))
    seated = Member.objects.filter(draw=draw).order_by("pk").first()
    assert refusals(lambda: services.replacement_announce(member=seated, seed_source="Loto")) \
        == [(None, "Only the seat of a member who left can be drawn again.", "active")]
    chosen = services.member_appoint(college=residents, name="Déléguée")
    services.member_withdraw(member=chosen)
    assert refusals(lambda: services.replacement_announce(member=chosen, seed_source="Loto")) \
        == [(None, "This member was not drawn by lot.", "choice")]
    services.member_withdraw(member=seated)
    services.replacement_announce(member=seated, seed_source="Loto")
    assert refusals(lambda: services.replacement_announce(member=seated, seed_source="Loto")) \
        == [(None, "A replacement is already announced for this seat.", "duplicate")]


def test_a_replacement_keeps_who_announced_it_and_where_its_seed_comes_from(
        council, residents, agent):
    make_pool(council, 10)
    draw = services.draw_run(draw=announce(residents, seats=4, quotas={}))
    leaving = services.member_withdraw(member=Member.objects.filter(draw=draw).first())
    at = timezone.now() - dt.timedelta(hours=1)
    replacement = services.replacement_announce(member=leaving, seed_source="  Loto du 20  ",
                                                actor=agent, now=at)
    replacement.refresh_from_db()
    assert replacement.seed_source == "Loto du 20"
    assert replacement.announced_by == agent and replacement.announced_at == at
    assert replacement.college == residents and replacement.replaces == leaving
    still_seated = Member.objects.filter(draw=draw, ended_at__isnull=True).first()
    assert refusals(lambda: services.replacement_announce(
        member=still_seated, seed_source="Loto")) == [
        (None, "Only the seat of a member who left can be drawn again.", "active")]


def _leave(draw, gender) -> Member:
    member = Member.objects.filter(draw=draw, ended_at__isnull=True,
                                   candidate__characteristics__gender=gender).order_by("pk")[0]
    return services.member_withdraw(member=member)


def test_replacements_of_replacements_count_everyone_still_seated_from_the_first_draw(
        council, residents):
    make_pool(council, 10, gender="woman")
    make_pool(council, 10, seed=8, gender="man")
    # A member by choice of the other college holds a seat but was not drawn.
    services.member_appoint(college=council.colleges.get(name="Associations et acteurs locaux"),
                            name="Association du quartier")
    first = services.draw_run(draw=announce(residents, seats=4, quotas=GENDER_2_2))
    # A man leaves: his replacement must be a man, and no woman may be drawn.
    one = services.replacement_announce(member=_leave(first, "man"), seed_source="Loto 1")
    assert one.quotas["gender"] == {"woman": [0, 0], "man": [1, 1], "other": [0, 4]}
    services.draw_fix_seed(draw=one, seed="3 9 27")
    one = services.draw_run(draw=one)
    # A woman of the first draw leaves: the man drawn in the replacement counts.
    two = services.replacement_announce(member=_leave(first, "woman"), seed_source="Loto 2")
    assert two.quotas["gender"] == {"woman": [1, 1], "man": [0, 0], "other": [0, 4]}
    # The replacement's man leaves too: his seat goes back to the first draw's
    # quotas, where one woman and one man are now missing for one seat.
    leaving = _leave(one, "man")
    assert refusals(lambda: services.replacement_announce(
        member=leaving, seed_source="Loto 3")) == [
        (None, "The minimums of “Gender” add up to 2, more than the 1 seats drawn.",
         "mins_over_seats")]
    assert Draw.objects.count() == 3


def test_the_seed_source_is_stripped_and_kept_under_300_characters(residents, agent):
    at = timezone.now() - dt.timedelta(minutes=5)
    draw = services.draw_announce(college=residents, seats=4, quotas={},
                                  seed_source="  Loto  ", actor=agent, now=at)
    draw.refresh_from_db()
    assert draw.seed_source == "Loto" and draw.announced_by == agent and draw.announced_at == at
    assert services.draw_announce(college=residents, seats=4, quotas={},
                                  seed_source="x" * 300).seed_source == "x" * 300
    assert refusals(lambda: services.draw_announce(
        college=residents, seats=4, quotas={}, seed_source="x" * 301)) == [
        ("seed_source", "Keep it under 300 characters.", "too_long")]
    assert refusals(lambda: services.draw_announce(
        college=residents, seats=4, quotas={}, seed_source=None)) == [
        ("seed_source", ("Say where the seed will come from, before the draw (for example: "
                         "the numbers of a public lottery on a given date)."), "seed_source")]
    assert Draw.objects.count() == 2


def test_the_seed_is_stripped_and_kept_under_200_characters(residents):
    draw = announce(residents, seats=4, quotas={}, fix_seed=None)
    assert refusals(lambda: services.draw_fix_seed(draw=draw, seed="x" * 201)) == [
        ("seed", "Keep it under 200 characters.", "too_long")]
    assert refusals(lambda: services.draw_fix_seed(draw=draw, seed=None)) == [
        ("seed", "Enter the seed as published.", "seed")]
    fixed_at = timezone.now() + dt.timedelta(minutes=1)
    draw = services.draw_fix_seed(draw=draw, seed=" " + "x" * 200 + " ", now=fixed_at)
    draw.refresh_from_db()
    assert draw.seed == "x" * 200 and draw.seed_fixed_at == fixed_at
    assert refusals(lambda: services.draw_fix_seed(draw=draw, seed="1")) == [
        (None, "The seed of this draw is already fixed.", "fixed")]


def test_a_seed_at_the_announcement_instant_is_refused_in_words(residents):
    at = timezone.now()
    draw = services.draw_announce(college=residents, seats=4, quotas={}, seed_source="Loto",
                                  now=at)
    too_early = [(None, "The seed can only be fixed after the draw's announcement.",
                  "too_early")]
    assert refusals(lambda: services.draw_fix_seed(draw=draw, seed="1 2", now=at)) == too_early
    assert refusals(lambda: services.draw_fix_seed(
        draw=draw, seed="1 2", now=at - dt.timedelta(microseconds=1))) == too_early


def test_the_quota_refusals_name_the_characteristic_and_category(residents):
    assert refusals(lambda: services.draw_announce(
        college=residents, seats=4, quotas={"income": {"low": [1, 2]}}, seed_source="Loto")) \
        == [(None, "The council has no characteristic “income”.", "unknown")]
    assert refusals(lambda: services.draw_announce(
        college=residents, seats=4, quotas={"gender": {"robot": [1, 2]}}, seed_source="Loto")) \
        == [(None, "“robot” is not a category of “gender”.", "unknown")]
    for pair in ([True, 2], [1, 2, 3], [1], "12", [1.0, 2]):
        assert refusals(lambda pair=pair: services.draw_announce(
            college=residents, seats=4, quotas={"gender": {"man": pair}}, seed_source="Loto")) \
            == [(None, "A quota is two whole numbers.", "not_numbers")]
    draw = services.draw_announce(college=residents, seats=4, seed_source="Loto",
                                  quotas={"gender": {"man": (1, 2)}, "age_band": {}})
    assert draw.quotas["gender"]["man"] == [1, 2] and draw.quotas["gender"]["woman"] == [0, 4]
    assert not Draw.objects.exclude(pk=draw.pk).exists()


def test_too_many_seats_says_how_many_are_free(residents):
    services.member_appoint(college=residents, name="Déléguée choisie")
    assert refusals(lambda: services.draw_announce(
        college=residents, seats=12, quotas={}, seed_source="Loto")) == [
        (None, "The college “Habitants” has 11 free seat(s); you asked to draw 12.",
         "too_many_seats")]


def test_a_run_is_refused_when_the_seats_were_filled_since_the_announcement(council, residents):
    make_pool(council, 20)
    draw = announce(residents, seats=11, quotas={})
    other = announce(residents, seats=1, quotas={})
    services.member_appoint(college=residents, name="Déléguée choisie")
    assert services.draw_run(draw=draw).status == Draw.Status.DONE  # 11 free: just enough
    assert refusals(lambda: services.draw_run(draw=other)) == [
        (None, "The college “Habitants” no longer has 1 free seat(s).", "too_many_seats")]
    other.refresh_from_db()
    assert other.status == Draw.Status.ANNOUNCED


def test_the_run_refusals_say_why(council, residents):
    make_pool(council, 10)
    draw = announce(residents, seats=4, quotas={}, fix_seed=None)
    assert refusals(lambda: services.draw_run(draw=draw)) == [
        (None, ("The seed is not fixed yet: enter it once its announced source has published "
                "it, then run the draw."), "no_seed")]
    draw = services.draw_run(draw=services.draw_fix_seed(draw=draw, seed="1"))
    assert refusals(lambda: services.draw_run(draw=draw)) == [
        (None, "This draw has already been run.", "done")]


def test_the_drawn_are_seated_with_their_account_and_told_once_each(
        council, residents, mailoutbox, django_capture_on_commit_callbacks):
    people = make_pool(council, 6)
    account = UserFactory(email=people[0].email)
    people[0].user = account
    people[0].save(update_fields=["user"])
    at = timezone.now() - dt.timedelta(minutes=1)
    draw = announce(residents, seats=6, quotas={})
    with django_capture_on_commit_callbacks(execute=True):
        draw = services.draw_run(draw=draw, now=at)
    draw.refresh_from_db()
    assert draw.ran_at == at and draw.status == Draw.Status.DONE
    members = Member.objects.filter(draw=draw)
    assert len(members) == 6
    for member in members:
        assert (member.council, member.college, member.mode) == (
            council, residents, Member.Mode.LOT)
        assert member.name == member.candidate.name and member.joined_at == at
        assert member.user_id == member.candidate.user_id
    assert Member.objects.get(candidate=people[0]).user == account
    assert sorted(parseaddr(message.to[0])[1] for message in mailoutbox) == sorted(
        p.email for p in people)


def test_a_seated_candidate_is_not_in_the_next_draws_pool_but_one_who_left_is(
        council, residents):
    make_pool(council, 10)
    first = services.draw_run(draw=announce(residents, seats=4, quotas={}))
    left = services.member_withdraw(member=Member.objects.filter(draw=first).first())
    second = services.draw_run(draw=announce(residents, seats=2, quotas={}))
    in_pool = {public_id for public_id, _values in second.pool}
    assert len(second.pool) == 7 and left.candidate.public_id in in_pool
    assert set(first.result) & in_pool == {left.candidate.public_id}
    assert second.pool == sorted(second.pool)


def test_another_councils_candidates_with_the_same_ids_are_neither_drawn_nor_seated(
        direction, council, residents, agent):
    other = services.council_create(
        name="Conseil citoyen du Breil", slug="breil", territory="Nantes, Breil",
        direction=direction, term_start=dt.date(2026, 1, 1), term_end=dt.date(2028, 12, 31),
        colleges=[("Habitants", 12)], sub_areas=["Nord", "Sud"],
    )
    make_pool(other, 10)  # the same public ids as below, in another council
    make_pool(council, 6)
    draw = services.draw_run(draw=announce(residents, seats=4, quotas={}), actor=agent)
    assert len(draw.pool) == 6
    members = Member.objects.filter(draw=draw)
    assert len(members) == 4 and {m.candidate.council_id for m in members} == {council.pk}
    assert not Member.objects.filter(council=other).exists()
    entry = AuditEntry.objects.get(action=audit.Action.COUNCIL_DRAW_RUN)
    assert (entry.target_type, entry.target_id) == ("councils.draw", str(draw.pk))
