"""The edges of calls/services/reminders.py that the mutation run found
unpinned (docs/testing.md, "Mutation testing"): a deadline less than a day
away gets the day's reminder only, saying 1 day; a closed call or a call put
back in draft reminds nobody; a reminder claimed for one application leaves
the others to their own dates."""

import datetime as dt

from django.utils import timezone

from calls import services
from calls.models import Application, Call
from notifications.models import Notification

from .test_funders_and_reports import _fund, outside  # noqa: F401 (a fixture)

HALF_DAY = dt.timedelta(hours=12)


def _reminders():
    return sorted(Notification.objects.filter(kind="call_deadline_reminder")
                  .values_list("recipient__email", "data__days"))


def _reminded():
    return sorted(Notification.objects.filter(kind="call_final_report_reminder")
                  .values_list("recipient__email", "data__days"))


def test_a_deadline_half_a_day_away_gets_the_days_reminder_only(application, call):
    assert services.reminders_send_due(now=call.closes_at - HALF_DAY) == {"week": 0, "day": 1}
    assert _reminders() == [("lead@example.org", 1)]
    application.refresh_from_db()
    assert application.reminder_week_sent_at is None


def test_a_closed_call_or_one_back_in_draft_reminds_nobody(application, call):
    assert services.reminders_send_due(now=call.closes_at) == {"week": 0, "day": 0}
    assert services.reminders_send_due(now=call.closes_at + HALF_DAY) == {"week": 0, "day": 0}
    Call.objects.filter(pk=call.pk).update(state=Call.State.DRAFT)
    assert services.reminders_send_due(now=call.closes_at - HALF_DAY) == {"week": 0, "day": 0}
    assert _reminders() == []


def test_a_reminder_claimed_for_one_draft_leaves_the_others_to_their_own_date(
        application, call, lead):
    later = Call.objects.get(pk=call.pk)
    later.pk = None
    later.slug = f"{call.slug}-2"
    later.closes_at = call.closes_at + dt.timedelta(days=30)
    later.save()
    other = Application.objects.create(call=later, organisation=lead[0], created_by=lead[1],
                                       title="Plus tard")
    week_before = call.closes_at - dt.timedelta(days=7)
    assert services.reminders_send_due(now=week_before) == {"week": 1, "day": 0}
    other.refresh_from_db()
    assert other.reminder_week_sent_at is None
    assert services.reminders_send_due(now=later.closes_at - dt.timedelta(days=7)) == {
        "week": 1, "day": 0}


def test_a_final_report_due_half_a_day_away_gets_the_days_reminder_only(
        submitted, agent, lead, call, outside):  # noqa: F811
    due = timezone.now() + dt.timedelta(days=30)
    _fund(submitted, agent, report_due_at=due)
    assert services.report_reminders_send_due(now=due - HALF_DAY) == {"fortnight": 0, "day": 1}
    assert _reminded() == [("lead@example.org", 1)]


def test_a_draft_another_run_claimed_after_this_one_listed_it_is_not_reminded_twice(
        application, call, monkeypatch):
    from calls.services import reminders

    claim = reminders._claim
    other_run = call.closes_at - HALF_DAY - dt.timedelta(minutes=1)

    def another_run_first(pk, flag, now):
        claim(pk, flag, other_run)  # the other run, a moment earlier, between listing and claim
        return claim(pk, flag, now)

    monkeypatch.setattr(reminders, "_claim", another_run_first)
    assert services.reminders_send_due(now=call.closes_at - HALF_DAY) == {"week": 0, "day": 0}
    assert _reminders() == []  # the other run tells; this one does not tell again
    application.refresh_from_db()
    assert application.reminder_day_sent_at == other_run
