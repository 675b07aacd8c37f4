"""The citizen opinion's services (issue #17, items 4 and 5): co-writing
states and refusals, publication, notifications, answers counted late."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from notifications.models import Notification
from processes import accountability, opinion_selectors, services
from processes.models import Recommendation
from processes.services import opinion as op


pytestmark = pytest.mark.django_db


def _draft(process, member, proposal, title="Des pistes protégées"):
    return op.recommendation_draft(process=process, author=member, title=title,
                                   text="Séparer les pistes de la chaussée.",
                                   proposals=[proposal])


def test_a_non_member_cannot_draft(process, proposal, author):
    with pytest.raises(ValidationError) as error:
        _draft(process, author, proposal)
    assert error.value.code == "not_panel"
    assert not Recommendation.objects.exists()


def test_sent_back_needs_a_note_then_revised_then_accepted(process, proposal, member, lead):
    recommendation = _draft(process, member, proposal)
    with pytest.raises(ValidationError):
        op.recommendation_decide(recommendation=recommendation, actor=lead, accept=False)
    op.recommendation_decide(recommendation=recommendation, actor=lead, accept=False,
                             note="Citez le budget.")
    recommendation.refresh_from_db()
    assert recommendation.state == Recommendation.State.CHANGES_REQUESTED
    assert Notification.objects.filter(recipient=member,
                                       kind="process_recommendation_decided").count() == 1
    op.recommendation_revise(recommendation=recommendation, author=member, title="Pistes",
                             text="Avec le budget.", proposals=[proposal])
    recommendation.refresh_from_db()
    assert recommendation.state == Recommendation.State.PROPOSED
    op.recommendation_decide(recommendation=recommendation, actor=lead, accept=True)
    recommendation.refresh_from_db()
    assert recommendation.is_accepted
    assert list(recommendation.proposals.all()) == [proposal]


def test_cannot_publish_without_an_accepted_recommendation(process, proposal, member, lead):
    _draft(process, member, proposal)
    with pytest.raises(ValidationError) as error:
        op.opinion_publish(process=process, actor=lead)
    assert error.value.code == "no_recommendation"
    assert not op.opinion_of(process).is_published


def _published(process, proposal, member, lead):
    recommendation = _draft(process, member, proposal)
    op.recommendation_decide(recommendation=recommendation, actor=lead, accept=True)
    op.opinion_publish(process=process, actor=lead)
    recommendation.refresh_from_db()
    return recommendation


def test_publishing_tells_each_contributor_once_and_freezes(process, proposal, member, lead,
                                                            author, supporter):
    services.support_add(proposal=proposal, person=supporter)
    services.comment_add(proposal=proposal, author=supporter, text="Oui !")
    recommendation = _published(process, proposal, member, lead)
    told = Notification.objects.filter(kind="process_opinion_published")
    assert sorted(n.recipient_id for n in told) == sorted([author.pk, supporter.pk])
    with pytest.raises(ValidationError) as error:
        _draft(process, member, proposal, title="Une autre")
    assert error.value.code == "published"
    with pytest.raises(ValidationError):
        op.introduction_set(process=process, introduction="Plus tard", actor=lead)
    with pytest.raises(ValidationError):
        op.opinion_publish(process=process, actor=lead)
    assert told.count() == 2
    assert recommendation.is_accepted


def test_answer_needs_a_reason_and_tells_linked_authors(process, proposal, member, lead, author):
    recommendation = _published(process, proposal, member, lead)
    with pytest.raises(ValidationError):
        op.recommendation_answer(recommendation=recommendation, actor=lead, status="adopted",
                                 reason="  ")
    recommendation.refresh_from_db()
    assert recommendation.answered_at is None
    op.recommendation_answer(recommendation=recommendation, actor=lead, status="adopted",
                             reason="Budget voté.")
    assert Notification.objects.filter(kind="process_recommendation_answered",
                                       recipient=author).count() == 1


@pytest.mark.parametrize(("days_after_due", "overdue"), [(0, 0), (1, 1)])
def test_recommendation_answers_overdue_at_the_boundary(process, proposal, member, lead,
                                                        days_after_due, overdue):
    recommendation = _published(process, proposal, member, lead)
    due = process.answer_due_on
    at = timezone.make_aware(dt.datetime.combine(due + dt.timedelta(days=days_after_due),
                                                 dt.time(12)))
    op.recommendation_answer(recommendation=recommendation, actor=lead, status="in_part",
                             reason="En partie.", now=at)
    counters = opinion_selectors.published_opinion_counters(process, today=due + dt.timedelta(3))
    assert (counters.owed, counters.answered, counters.overdue) == (1, 1, overdue)


def test_unanswered_counts_overdue_only_after_the_due_date():
    due = dt.date(2027, 6, 30)
    assert accountability.recommendation_counters([None], due_on=due, today=due).overdue == 0
    assert accountability.recommendation_counters(
        [None], due_on=due, today=due + dt.timedelta(1)).overdue == 1


def test_rules(process, proposal, member, lead, author):
    recommendation = _draft(process, member, proposal)
    assert member.has_perm("processes.draft_recommendation", process)
    assert not author.has_perm("processes.draft_recommendation", process)
    assert member.has_perm("processes.revise_recommendation", recommendation)
    assert lead.has_perm("processes.manage_opinion", process)
    assert not author.has_perm("processes.view_opinion", process)
