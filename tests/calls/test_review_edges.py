"""The edges of the funders' joint review (calls/services/review.py) that
its first mutation run found unpinned: a reviewer scores only the
applications they are assigned to, scoring one application moves no other
and never sends back an opinion already given, the smallest amount granted,
each refusal in the words and code the agent or reviewer reads, the
decision's reasons, decider and notice as the carriers get them, the
opinion dated, and the application read with its call."""

from decimal import Decimal

import pytest
from django.utils import timezone

from calls import services
from calls.models import Application, Score
from notifications.models import Notification
from tests.refusals import refusals

from .conftest import complete, even_split

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_file(call, third, agent):
    """Another application to the same call, received and declared complete."""
    org, admin, _member = third
    other = services.application_start(call=call, organisation=org, user=admin,
                                       title="Vergers de quartier")
    complete(other, admin)
    other = services.application_submit(application=other, user=admin)
    return services.application_complete(application=other, agent=agent)


def status(application) -> str:
    return Application.objects.get(pk=application.pk).status


# --- Scores ----------------------------------------------------------------------------


def test_a_reviewer_scores_only_the_applications_they_are_assigned_to(
        complete_file, second_file, reviewers):
    services.reviewer_assign(application=complete_file, reviewer=reviewers[0])
    criterion = second_file.call.criteria.first()
    not_assigned = [(None, "You are not a reviewer of this application.", "not_assigned")]
    assert refusals(lambda: services.scores_save(
        application=second_file, reviewer=reviewers[0],
        scores={criterion.pk: (3, "")})) == not_assigned
    assert refusals(lambda: services.scores_save(
        application=complete_file, reviewer=reviewers[1],
        scores={criterion.pk: (3, "")})) == not_assigned
    assert not Score.objects.exists()


def test_scoring_one_application_moves_no_other_and_keeps_an_opinion_given(
        complete_file, second_file, reviewers):
    criterion = complete_file.call.criteria.first()
    services.reviewer_assign(application=complete_file, reviewer=reviewers[0])
    saved = services.scores_save(application=complete_file, reviewer=reviewers[0],
                                 scores={criterion.pk: (4, None)})
    assert [(s.criterion_id, s.value, s.comment) for s in saved] == [(criterion.pk, 4, "")]
    assert Score.objects.get().comment == ""
    assert (status(complete_file), status(second_file)) == (
        Application.Status.UNDER_REVIEW, Application.Status.COMPLETE)
    services.opinion_write(application=complete_file, text="Solide.")
    services.scores_save(application=complete_file, reviewer=reviewers[0],
                         scores={criterion.pk: (5, "Revu")})
    assert status(complete_file) == Application.Status.OPINION_GIVEN


def test_each_refused_score_says_why(submitted, agent, reviewers, call):
    criterion = call.criteria.first()
    services.reviewer_assign(application=submitted, reviewer=reviewers[0])
    scores = {criterion.pk: (3, "")}
    assert refusals(lambda: services.scores_save(
        application=submitted, reviewer=reviewers[0], scores=scores)) == [
        (None, "Declare the file complete before it is scored.", "not_complete")]
    services.application_complete(application=submitted, agent=agent)
    assert refusals(lambda: services.scores_save(
        application=submitted, reviewer=reviewers[0],
        scores={criterion.pk + 1000: (3, "")})) == [
        (None, "This criterion is not the call's.", "criterion")]
    assert refusals(lambda: services.scores_save(
        application=submitted, reviewer=reviewers[0], scores={criterion.pk: (6, "")})) == [
        (None, "A score is a whole number from 0 to 5.", "score_range")]
    services.application_decide(application=submitted, agent=agent, decision="not_funded",
                                reasons="Hors périmètre")
    assert refusals(lambda: services.scores_save(
        application=submitted, reviewer=reviewers[0], scores=scores)) == [
        (None, "This application is decided: its scores are final.", "decided")]
    assert not Score.objects.exists()


# --- Assignments and the opinion --------------------------------------------------------


def test_each_refused_assignment_says_why(submitted, reviewers, lead):
    services.reviewer_assign(application=submitted, reviewer=reviewers[0])
    assert refusals(lambda: services.reviewer_assign(
        application=submitted, reviewer=reviewers[0])) == [
        (None, "This reviewer is already assigned.", "assigned")]
    assert refusals(lambda: services.reviewer_assign(
        application=submitted, reviewer=lead[1])) == [
        (None, ("A reviewer is an agent of one of the call's funders or an "
                "administrator of a funding organisation."), "not_funder")]


def test_a_draft_is_neither_reviewed_nor_given_an_opinion(call, third, reviewers):
    org, admin, _member = third
    draft = services.application_start(call=call, organisation=org, user=admin,
                                       title="Brouillon")
    words = [(None, "Only a submitted application not yet decided is reviewed.", "state")]
    assert refusals(lambda: services.reviewer_assign(
        application=draft, reviewer=reviewers[0])) == words
    assert refusals(lambda: services.opinion_write(application=draft, text="Non")) == words
    assert status(draft) == Application.Status.DRAFT


def test_the_opinion_is_dated_and_an_empty_one_named_on_its_field(submitted):
    assert refusals(lambda: services.opinion_write(application=submitted, text="  ")) == [
        ("opinion", "Write the common opinion.", "opinion")]
    before = timezone.now()
    services.opinion_write(application=submitted, text="  Projet solide.  ")
    stored = Application.objects.get(pk=submitted.pk)
    assert stored.opinion == "Projet solide."
    assert before <= stored.opinion_at <= timezone.now()


def test_assigning_reads_the_application_and_its_call_at_once(
        submitted, reviewers, django_assert_num_queries):
    # The savepoint, the locked application with its call, the call's funders
    # and outside funders, the reviewer's directions and organisations, the
    # duplicate check, the INSERT, the release. Reading the call on its own
    # would add one.
    with django_assert_num_queries(QUERIES_TO_ASSIGN):
        services.reviewer_assign(application=submitted, reviewer=reviewers[0])


QUERIES_TO_ASSIGN = 9


# --- The decision ---------------------------------------------------------------------------


def test_each_refused_decision_says_why_on_its_field(submitted, agent):
    decide = services.application_decide
    assert refusals(lambda: decide(application=submitted, agent=agent, decision="maybe")) == [
        (None, "Choose a decision.", "decision")]
    assert refusals(lambda: decide(application=submitted, agent=agent, decision="funded",
                                   amount="0")) == [
        ("amount", "Give the amount granted.", "amount")]
    assert refusals(lambda: decide(application=submitted, agent=agent, decision="funded",
                                   amount="8000.01")) == [
        ("amount", "The amount granted cannot exceed the amount requested.", "amount_over")]
    assert refusals(lambda: decide(application=submitted, agent=agent, decision="not_funded",
                                   reasons=" ")) == [
        ("reasons", "Give the reasons of the decision.", "reasons")]
    assert status(submitted) == Application.Status.SUBMITTED
    decide(application=submitted, agent=agent, decision="not_funded", reasons="Non")
    assert refusals(lambda: decide(application=submitted, agent=agent, decision="not_funded",
                                   reasons="Non")) == [
        (None, "This application is already decided.", "decided")]


def test_a_draft_is_not_decided_in_words(call, third, agent):
    org, admin, _member = third
    draft = services.application_start(call=call, organisation=org, user=admin,
                                       title="Brouillon")
    assert refusals(lambda: services.application_decide(
        application=draft, agent=agent, decision="not_funded", reasons="Non")) == [
        (None, "Only a submitted application is decided.", "state")]


def test_one_euro_may_be_granted(submitted, agent):
    services.application_decide(application=submitted, agent=agent, decision="funded",
                                amount="1", split=even_split(submitted.call, "1"))
    assert Application.objects.get(pk=submitted.pk).granted_amount == Decimal(1)


def test_a_refusal_keeps_its_reasons_and_its_decider_and_tells_them(submitted, agent, lead):
    services.application_decide(application=submitted, agent=agent, decision="not_funded",
                                reasons="  Hors périmètre.  ")
    stored = Application.objects.get(pk=submitted.pk)
    assert (stored.decision_reasons, stored.decided_by, stored.granted_amount) == (
        "Hors périmètre.", agent, None)
    notice = Notification.objects.filter(kind="call_application_decided").first()
    assert notice.actor == agent
    assert {k: notice.data[k] for k in ("decision", "amount", "reasons", "split")} == {
        "decision": "not_funded", "amount": "", "reasons": "Hors périmètre.", "split": []}


def test_a_grant_has_no_reasons_and_tells_its_amount(submitted, agent):
    services.application_decide(application=submitted, agent=agent, decision="funded",
                                amount="8000", split=even_split(submitted.call, "8000"))
    stored = Application.objects.get(pk=submitted.pk)
    assert (stored.decision_reasons, stored.decided_by) == ("", agent)
    notice = Notification.objects.filter(kind="call_application_decided").first()
    assert (notice.data["decision"], notice.data["amount"], notice.data["reasons"]) == (
        "funded", "8000", "")
