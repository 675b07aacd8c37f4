"""Draws in the database: announce, seed, run, verify, replace. Every
refusal changes nothing; boundaries are tested on both sides."""

import datetime as dt
from email.utils import parseaddr

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from councils import services
from councils.models import Draw, Member
from councils.services import engine

from .conftest import QUOTAS, announce, make_pool


def refused(code, callable_, **kwargs):
    with pytest.raises(ValidationError) as caught:
        callable_(**kwargs)
    error = caught.value
    assert getattr(error, "code", None) == code or (
        hasattr(error, "error_dict") and code in error.error_dict), error
    return caught.value


def test_a_quota_minimum_above_the_seats_is_refused_and_nothing_announced(residents):
    quotas = {"gender": {"woman": [5, 5]}}
    error = refused("min_over_seats", services.draw_announce, college=residents, seats=4,
                    quotas=quotas, seed_source="Loto")
    assert "Gender: woman" in error.messages[0]
    assert not Draw.objects.exists()
    assert services.draw_announce(college=residents, seats=5, quotas=quotas, seed_source="Loto")


def test_quotas_name_known_characteristics_and_categories_only(residents):
    refused("unknown", services.draw_announce, college=residents, seats=4,
            quotas={"income": {"low": [1, 2]}}, seed_source="Loto")
    refused("unknown", services.draw_announce, college=residents, seats=4,
            quotas={"gender": {"robot": [1, 2]}}, seed_source="Loto")
    refused("not_numbers", services.draw_announce, college=residents, seats=4,
            quotas={"gender": {"man": ["1", 2]}}, seed_source="Loto")
    assert not Draw.objects.exists()


def test_no_more_seats_than_the_college_has_free(residents):
    services.member_appoint(college=residents, name="Déléguée choisie")
    refused("too_many_seats", services.draw_announce, college=residents, seats=12, quotas={},
            seed_source="Loto")
    assert services.draw_announce(college=residents, seats=11, quotas={}, seed_source="Loto")


def test_the_seed_source_is_announced(residents):
    refused("seed_source", services.draw_announce, college=residents, seats=4, quotas={},
            seed_source="  ")


def test_the_seed_is_fixed_after_the_announcement_and_once(residents):
    announced = timezone.now()
    draw = services.draw_announce(college=residents, seats=4, quotas={}, seed_source="Loto",
                                  now=announced)
    refused("too_early", services.draw_fix_seed, draw=draw, seed="1 2 3", now=announced)
    refused("seed", services.draw_fix_seed, draw=draw, seed=" ")
    draw = services.draw_fix_seed(draw=draw, seed="1 2 3",
                                  now=announced + dt.timedelta(microseconds=1))
    assert draw.seed == "1 2 3"
    refused("fixed", services.draw_fix_seed, draw=draw, seed="4 5 6")
    draw.refresh_from_db()
    assert draw.seed == "1 2 3"


def test_the_draw_refuses_to_run_before_its_seed(residents, pool):
    draw = announce(residents, fix_seed=None)
    refused("no_seed", services.draw_run, draw=draw)
    draw.refresh_from_db()
    assert draw.status == Draw.Status.ANNOUNCED and not Member.objects.exists()


def test_a_draw_seats_the_drawn_meets_quotas_and_tells_them(
        residents, pool, mailoutbox, django_capture_on_commit_callbacks):
    draw = announce(residents)
    with django_capture_on_commit_callbacks(execute=True):
        draw = services.draw_run(draw=draw)
    assert draw.status == Draw.Status.DONE and len(draw.result) == 8
    assert len(draw.pool) == 60 and draw.algorithm.startswith("sortition-algorithms 0.12.15")
    members = Member.objects.filter(draw=draw)
    assert sorted(m.candidate.public_id for m in members) == draw.result
    assert {m.mode for m in members} == {Member.Mode.LOT}
    counts = engine.composition(draw.result, draw.pool)
    for key, categories in QUOTAS.items():
        for category, (low, high) in categories.items():
            assert low <= counts[key][category] <= high
    assert sorted(parseaddr(message.to[0])[1] for message in mailoutbox) == sorted(
        m.candidate.email for m in members)
    refused("done", services.draw_run, draw=draw)
    assert Member.objects.count() == 8


def test_same_pool_quotas_and_seed_give_the_same_panel(council, residents, pool):
    draw = services.draw_run(draw=announce(residents))
    matches, again = services.draw_verify(draw)
    assert matches and again == draw.result
    # The same inputs in another council's draw: the same ids are drawn.
    assert engine.draw(draw.pool, draw.quotas, 8, "12 23 34 45 50") == draw.result
    # A published result that was changed is caught.
    draw.result = sorted([*draw.result[1:], next(p for p, _v in draw.pool if p not in draw.result)])
    assert services.draw_verify(draw)[0] is False


def test_infeasible_quotas_name_the_quota_and_change_nothing(council, residents):
    make_pool(council, 30, gender="man")
    make_pool(council, 2, seed=8, gender="woman")
    draw = announce(residents)  # asks for at least 3 women
    error = refused("quota_unmet", services.draw_run, draw=draw)
    assert "Gender: woman" in error.messages[0]
    draw.refresh_from_db()
    assert draw.status == Draw.Status.ANNOUNCED and draw.result == [] and draw.pool == []
    assert not Member.objects.exists()


def test_a_withdrawn_candidate_is_not_in_the_pool(council, residents, pool):
    services.candidate_withdraw(candidate=pool[0])
    draw = services.draw_run(draw=announce(residents))
    assert pool[0].public_id not in [public_id for public_id, _v in draw.pool]
    assert len(draw.pool) == 59


def test_a_replacement_keeps_the_quotas(council, residents, pool):
    draw = services.draw_run(draw=announce(residents))
    leaving = Member.objects.filter(draw=draw).order_by("candidate__public_id").first()
    refused("active", services.replacement_announce, member=leaving, seed_source="Loto")
    services.candidate_withdraw(candidate=leaving.candidate)  # ends the seat too
    leaving.refresh_from_db()
    assert leaving.ended_at is not None
    replacement = services.replacement_announce(member=leaving, seed_source="Loto du 20")
    refused("duplicate", services.replacement_announce, member=leaving, seed_source="Loto")
    assert replacement.seats == 1
    for key, categories in draw.quotas.items():
        for category, (low, high) in categories.items():
            seated = sum(1 for m in Member.objects.filter(draw=draw, ended_at__isnull=True)
                         if m.candidate.characteristics[key] == category)
            assert replacement.quotas[key][category] == [max(0, low - seated), high - seated]
    services.draw_fix_seed(draw=replacement, seed="3 9 27")
    replacement = services.draw_run(draw=replacement)
    assert len(replacement.result) == 1 and replacement.result[0] not in draw.result
    panel = [m.candidate.public_id for m in Member.objects.filter(
        college=residents, ended_at__isnull=True)]
    assert len(panel) == 8
    counts = engine.composition(panel, draw.pool)
    for key, categories in draw.quotas.items():
        for category, (low, high) in categories.items():
            assert low <= counts[key][category] <= high, (key, category)
    assert services.draw_verify(replacement)[0]


def test_a_member_by_choice_has_no_replacement_draw(residents):
    member = services.member_appoint(college=residents, name="Délégué")
    services.member_withdraw(member=member)
    refused("choice", services.replacement_announce, member=member, seed_source="Loto")
    refused("ended", services.member_withdraw, member=member)


def test_a_full_college_takes_no_member(council):
    college = council.colleges.get(name="Associations et acteurs locaux")
    for n in range(6):
        services.member_appoint(college=college, name=f"Association {n}")
    refused("full", services.member_appoint, college=college, name="Une de trop")
    assert Member.objects.filter(college=college).count() == 6
