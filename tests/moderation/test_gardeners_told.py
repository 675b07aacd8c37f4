"""The community's gardener pair is told when a report opens a case in their
community (docs/moderation.md): once per case, never per report, never
naming who reported."""

import pytest
from django.core import mail
from django.urls import reverse

from discussions import services as talk
from moderation import services
from moderation.models import Case, Reason
from notifications.models import Notification
from notifications.rendering import render_text

pytestmark = pytest.mark.django_db

KIND = "moderation_case_opened"


def report(item, person, kind="need", reason=Reason.SPAM):
    return services.report_submit(kind=kind, item=item, reporter=person, reason=reason)


def told(person):
    return list(Notification.objects.filter(recipient=person, kind=KIND))


def test_a_first_report_tells_both_gardeners_once_without_naming_the_reporter(
    need, people, community, django_capture_on_commit_callbacks
):
    mail.outbox = []
    reporter = people["citizen"]

    with django_capture_on_commit_callbacks(execute=True):
        report(need, reporter)

    for gardener in (people["gardener"], people["institution_gardener"]):
        [notification] = told(gardener)
        assert notification.url == reverse("moderation:queue", kwargs={"slug": community.slug})
        assert notification.actor is None
        text = render_text(notification)
        assert "Someone reported a need or proposal in" in text
        assert "Une salle pour la bourse" in text
        [email] = [m for m in mail.outbox if gardener.email in m.to[0]]  # immediately
        for leak in (str(reporter), reporter.email):
            assert leak not in text and leak not in str(notification.data)
            assert leak not in email.body
    # nobody else: not the other community's pair, the cultivator, the reporter
    for role in ("other_gardener", "cultivator", "citizen", "engaged"):
        assert told(people[role]) == []


def test_a_second_report_of_the_same_item_tells_nobody_again(need, people):
    report(need, people["citizen"])
    report(need, people["engaged"], reason=Reason.ABUSE)
    report(need, people["informed"], reason=Reason.OTHER)

    assert Case.objects.get().reports.count() == 3
    assert len(told(people["gardener"])) == 1
    assert len(told(people["institution_gardener"])) == 1


def test_a_report_after_the_decision_opens_a_new_case_and_tells_again(need, people):
    report(need, people["citizen"])
    services.case_decide(case=Case.objects.get(), actor=people["gardener"], decision="kept")

    report(need, people["engaged"])

    assert Case.objects.filter(status=Case.Status.OPEN).count() == 1
    assert len(told(people["institution_gardener"])) == 2
    # the deciding gardener too: a new case is new work for both
    assert len(told(people["gardener"])) == 2


def test_a_gardener_who_reports_is_not_told_of_their_own_report(need, people):
    report(need, people["gardener"])

    assert told(people["gardener"]) == []
    assert len(told(people["institution_gardener"])) == 1


def test_a_message_reported_in_its_channel_tells_the_pair_once(message, people):
    talk.message_report(message=message, reporter=people["citizen"], reason="Publicité")
    talk.message_report(message=message, reporter=people["engaged"], reason="Spam")

    [notification] = told(people["gardener"])
    assert "Someone reported a channel message in" in render_text(notification)
