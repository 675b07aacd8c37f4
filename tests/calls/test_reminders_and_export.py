"""Reminders 7 days and 1 day before the deadline, each sent once; the
funders' exports: their assigned applications only, formulas neutralised."""

import csv
import datetime as dt
import io

from django.urls import reverse

from calls import services, tasks
from notifications.models import Notification
from tests.factories import DirectionFactory, UserFactory

from .conftest import make_org


def _reminders():
    return list(Notification.objects.filter(kind="call_deadline_reminder")
                .values_list("recipient__email", "data__days"))


def test_each_reminder_is_sent_once_to_the_drafts_admins(application, submitted, call, lead,
                                                         partner_org):
    """`submitted` is another application: submitted ones are not reminded."""
    draft = services.application_start(call=call, organisation=partner_org[0],
                                       user=partner_org[1], title="Autre")
    services.cocarrier_invite(application=draft, organisation=lead[0], actor=partner_org[1])
    week_before = call.closes_at - dt.timedelta(days=7)
    # A second before the window: nothing.
    assert services.reminders_send_due(now=week_before - dt.timedelta(seconds=1)) == {
        "week": 0, "day": 0}
    assert services.reminders_send_due(now=week_before) == {"week": 1, "day": 0}
    assert sorted(_reminders()) == [("co@example.org", 7), ("lead@example.org", 7)]
    # Run again, and by the task: nothing twice.
    assert tasks.send_reminders(now=(week_before + dt.timedelta(hours=1)).isoformat()) == {
        "week": 0, "day": 0}
    day_before = call.closes_at - dt.timedelta(days=1)
    assert services.reminders_send_due(now=day_before - dt.timedelta(seconds=1)) == {
        "week": 0, "day": 0}
    assert services.reminders_send_due(now=day_before) == {"week": 0, "day": 1}
    assert services.reminders_send_due(now=day_before + dt.timedelta(minutes=5)) == {
        "week": 0, "day": 0}
    assert len(_reminders()) == 4
    # Members who are not admins are not reminded.
    assert not Notification.objects.filter(kind="call_deadline_reminder",
                                           recipient__email__contains="member").exists()
    # After the deadline, nothing.
    assert services.reminders_send_due(now=call.closes_at) == {"week": 0, "day": 0}


def _rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_a_funder_exports_its_assigned_applications_with_formulas_neutralised(
        client, call, submitted, reviewers, lead, agent, funder):
    second = reviewers[1]  # an agent of the funder (reviewers[0]: of the call's direction)
    other = services.application_start(call=call, organisation=make_org(
        "=HYPERLINK(\"http://evil\")", "evil@example.org")[0], user=lead[1], title="@SUM(A1)")
    # (`other` stays a draft: drafts are never exported.)
    assert other.pk
    services.reviewer_assign(application=submitted, reviewer=second)
    services.application_complete(application=submitted, agent=agent)
    services.scores_save(application=submitted, reviewer=second, scores={
        c.pk: (4, "=1+1 cmd") for c in call.criteria.all()})
    submitted.title = "=cmd|'/c calc'!A1"
    submitted.save()
    client.force_login(second)
    rows = _rows(client.get(reverse("calls:export", args=[call.slug])))
    assert rows[0][:2] == ["Application", "Organisation"]
    assert len(rows) == 2
    assert rows[1][0] == "'=cmd|'/c calc'!A1"
    assert "'=1+1 cmd" in rows[1]
    assert rows[1][-1] == "4.00"


def test_a_funder_without_assignment_exports_nothing_and_an_outsider_is_refused(
        client, call, submitted, reviewers, agent):
    services.reviewer_assign(application=submitted, reviewer=reviewers[0])
    outsider_direction = DirectionFactory(name="Ailleurs", slug="ailleurs")
    outsider = UserFactory(email="outsider@example.org")
    outsider_direction.staff.add(outsider)
    client.force_login(outsider)
    assert client.get(reverse("calls:export", args=[call.slug])).status_code == 403
    client.force_login(reviewers[1])  # an agent of the funder, not assigned
    assert len(_rows(client.get(reverse("calls:export", args=[call.slug])))) == 1
    client.force_login(agent)  # the call's agent: every assignment
    assert len(_rows(client.get(reverse("calls:export", args=[call.slug])))) == 2
