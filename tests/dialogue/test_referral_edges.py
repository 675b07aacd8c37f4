"""Referrals from communities at their edges (processes/services/referrals.py)
that tests/dialogue/test_referrals.py did not pin: each refusal in its words,
field and code, writing nothing; the message's limit; the day a process
stops taking referrals; what a referral and its answer store; who is told
the answer, with what, when the result has no recorder or the community no
pair; and the answer read in a fixed number of queries. The mutation run of
this module stands on these tests (docs/testing.md)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from needs import services as need_services
from notifications.models import Notification
from processes import services
from processes.models import Referral
from processes.services.referrals import MESSAGE_MAX, accepts_referrals
from tests.dialogue.conftest import MANDATE, make_need, make_process
from tests.factories import MembershipFactory
from tests.refusals import refusals
from workgroups.models import Decision

pytestmark = pytest.mark.django_db

DUE = MANDATE["answer_due_on"]
NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
CLOSED = ("“Plan vélo 2027” does not take referrals: it is not published, or its answers were "
          "due by 30/06/2027.")


def refer(region_gardener, process, **fields):
    return services.referral_create(actor=region_gardener, process=process,
                                    **{"message": "Un plan haies ?", **fields})


# --- Which process takes referrals, to the day ----------------------------------------------


@pytest.mark.parametrize("publish,today,takes", [
    (True, DUE, True), (True, DUE + dt.timedelta(days=1), False), (False, DUE, False),
])
def test_a_process_takes_referrals_published_until_its_commitment_date(
        direction, lead, publish, today, takes):
    process = make_process(direction, lead, publish=publish)
    assert accepts_referrals(process, today=today) is takes


# --- Referring: each refusal in words, nothing written --------------------------------------


def test_a_referral_names_a_need_or_a_result_exactly(region_gardener, process, need, result):
    for sources in ({}, {"need": need, "decision": result}):
        assert refusals(lambda s=sources: refer(region_gardener, process, **s)) == [
            (None, "Refer a need or a working group's result.", "no_source")]
    assert not Referral.objects.exists()


def test_only_the_communitys_institution_gardener_refers(
        pair, process, need, other_community):
    assert refusals(lambda: refer(pair.territory_gardener, process, need=need)) == [
        (None, ("Only the institution gardener of Biodiversité refers its needs and results "
         "to a process."), "not_institution_gardener")]
    # A community without a pair has nobody to refer its needs.
    unpaired = make_need(other_community)
    assert refusals(lambda: refer(pair.institution_gardener, process, need=unpaired)) == [
        (None, ("Only the institution gardener of Alimentation durable refers its needs and "
         "results to a process."), "not_institution_gardener")]
    assert not Referral.objects.exists()


@pytest.mark.parametrize("message,expected", [
    ("  ", ("message", "Say what the community asks of the process.", "required")),
    (None, ("message", "Say what the community asks of the process.", "required")),
    ("m" * (MESSAGE_MAX + 1), ("message", "Keep it under 2000 characters.", "too_long")),
])
def test_the_message_is_required_and_bounded(region_gardener, process, need, message, expected):
    assert refusals(lambda: refer(region_gardener, process, need=need, message=message)
                    ) == [expected]
    assert not Referral.objects.exists()


def test_a_referral_stores_its_source_its_trimmed_message_and_who(
        region_gardener, process, need, result, community):
    referral = refer(region_gardener, process, need=need, message=f" {'m' * MESSAGE_MAX} ")
    referral = Referral.objects.get(pk=referral.pk)
    assert (referral.community, referral.need, referral.decision, referral.process,
            referral.message, referral.referred_by, referral.is_answered) == (
        community, need, None, process, "m" * MESSAGE_MAX, region_gardener, False)
    from_result = Referral.objects.get(pk=refer(region_gardener, process, decision=result).pk)
    assert (from_result.community, from_result.need, from_result.decision) == (
        community, None, result)


@pytest.mark.parametrize("publish,today", [(True, DUE + dt.timedelta(days=1)), (False, DUE)])
def test_a_process_that_takes_no_referral_is_named_with_its_date(
        direction, lead, region_gardener, need, publish, today):
    process = make_process(direction, lead, publish=publish)
    assert refusals(lambda: refer(region_gardener, process, need=need, today=today)) == [
        (None, CLOSED, "process_closed")]
    assert not Referral.objects.exists()
    if publish:
        refer(region_gardener, process, need=need, today=DUE)


def test_a_hidden_need_is_not_referred(region_gardener, process, need, pair):
    need_services.need_hide(need=need, actor=pair.territory_gardener, reason="Doublon.")
    assert refusals(lambda: refer(region_gardener, process, need=need)) == [
        (None, "A hidden item is not referred.", "hidden")]
    assert not Referral.objects.exists()


def test_an_item_is_referred_once_to_each_process(region_gardener, process, need, direction, lead):
    refer(region_gardener, process, need=need)
    assert refusals(lambda: refer(region_gardener, process, need=need)) == [
        (None, "This was already referred to “Plan vélo 2027”.", "already_referred")]
    other = make_process(direction, lead, title="Plan bocage")
    refer(region_gardener, other, need=need)
    assert Referral.objects.filter(need=need).count() == 2


# --- The answer -----------------------------------------------------------------------------


def test_an_answer_stores_its_status_its_trimmed_reason_who_and_when(
        region_gardener, process, need, lead):
    referral = refer(region_gardener, process, need=need)
    services.referral_answer(referral=referral, actor=lead, status="in_part",
                             reason="  Sur trois communes.  ", now=NOW)
    referral = Referral.objects.get(pk=referral.pk)
    assert (referral.status, referral.reason, referral.answered_at, referral.answered_by) == (
        "in_part", "Sur trois communes.", NOW, lead)


def test_a_final_answer_is_refused_again_by_its_name(region_gardener, process, need, lead):
    referral = refer(region_gardener, process, need=need)
    services.referral_answer(referral=referral, actor=lead, status="adopted", reason="Oui.",
                             now=NOW)
    assert refusals(lambda: services.referral_answer(
        referral=referral, actor=lead, status="under_study", reason="Finalement non.")) == [
        (None, "This referral is already answered (Adopted).", "already_answered")]
    assert Referral.objects.get(pk=referral.pk).answered_at == NOW


def test_the_author_and_the_pair_are_told_what_was_answered(
        region_gardener, process, need, lead, pair, community):
    referral = refer(region_gardener, process, need=need)
    services.referral_answer(referral=referral, actor=lead, status="adopted",
                             reason="Plantation en mars.")
    told = Notification.objects.filter(kind="process_referral_answered")
    assert sorted(told.values_list("recipient", flat=True)) == sorted([
        need.author.pk, pair.territory_gardener.pk, pair.institution_gardener.pk])
    line = told.get(recipient=need.author)
    assert (line.actor, line.community, line.url, line.data) == (
        lead, community, need.get_absolute_url(),
        {"title": "Des haies au village", "process": "Plan vélo 2027",
         "community": "Biodiversité", "status": "adopted", "reason": "Plantation en mars."})


def test_a_result_without_its_recorder_tells_the_pair_only(
        region_gardener, process, result, lead, pair):
    referral = refer(region_gardener, process, decision=result)
    Decision.objects.filter(pk=result.pk).update(recorded_by=None)  # their account was erased
    services.referral_answer(referral=referral, actor=lead, status="adopted", reason="Oui.")
    told = Notification.objects.filter(kind="process_referral_answered")
    assert sorted(told.values_list("recipient", flat=True)) == sorted([
        pair.territory_gardener.pk, pair.institution_gardener.pk])
    assert told.first().url == (f"/communities/biodiversite/groups/{result.group.slug}/"
                                "#decisions")


def test_a_community_whose_pair_ended_tells_the_author_only(
        region_gardener, process, need, lead, pair):
    referral = refer(region_gardener, process, need=need)
    pair.delete()
    services.referral_answer(referral=referral, actor=lead, status="not_adopted",
                             reason="Hors budget.")
    assert list(Notification.objects.filter(kind="process_referral_answered")
                .values_list("recipient", flat=True)) == [need.author.pk]


def test_whoever_recorded_the_result_is_told_besides_the_pair(
        region_gardener, process, result, lead, pair, community):
    recorder = MembershipFactory(community=community, circle=2).user
    Decision.objects.filter(pk=result.pk).update(recorded_by=recorder)
    referral = refer(region_gardener, process, decision=result)
    services.referral_answer(referral=referral, actor=lead, status="adopted", reason="Oui.")
    assert sorted(Notification.objects.filter(kind="process_referral_answered")
                  .values_list("recipient", flat=True)) == sorted([
        recorder.pk, pair.territory_gardener.pk, pair.institution_gardener.pk])


@pytest.mark.parametrize("source,count", [("need", 7), ("decision", 7)])
def test_an_answer_costs_a_fixed_number_of_queries(
        region_gardener, process, need, result, lead, source, count):
    """The referral with its process, community, need (its author, its
    community for the link) or result (its group, its recorder) in one
    query; then the update, the pair, the preferences, the lines written."""
    referral = refer(region_gardener, process, **{source: need if source == "need" else result})
    with CaptureQueriesContext(connection) as queries:
        services.referral_answer(referral=Referral(pk=referral.pk), actor=lead,
                                 status="adopted", reason="Oui.")
    assert len(queries) == count, [q["sql"][:60] for q in queries]
