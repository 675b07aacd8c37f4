"""A decided case forgets the people and the reported content a year after its
decision (moderation/privacy_hooks.py `purge`, run by the retention task):
its reports go, its excerpt, address and author are emptied; what was
decided, when and why stay. An open case waits for its decision."""

import datetime as dt

import pytest
from django.utils import timezone

from moderation import privacy_hooks, services
from moderation.models import Case, Reason, Report
from privacy.services import retention_purge

pytestmark = pytest.mark.django_db

YEAR = dt.timedelta(days=365)


def reported(need, people):
    for role in ("citizen", "informed"):
        services.report_submit(kind="need", item=need, reporter=people[role],
                               reason=Reason.SPAM, text=f"Signalé par {role}")
    return Case.objects.get()


def decided(need, people, *, at):
    case = services.case_decide(case=reported(need, people), actor=people["gardener"],
                                decision=Case.Status.WARNED, note="Pas de publicité ici.")
    Case.objects.filter(pk=case.pk).update(decided_at=at)
    return Case.objects.get(pk=case.pk)


def test_a_case_decided_a_year_ago_to_the_second_is_kept(need, people):
    now = timezone.now()
    case = decided(need, people, at=now - YEAR)
    assert privacy_hooks.purge(now) == 0
    stored = Case.objects.get(pk=case.pk)
    assert stored.excerpt and stored.author_id and Report.objects.count() == 2


def test_a_second_later_the_people_and_the_content_are_forgotten_not_the_decision(
        need, people, author):
    now = timezone.now()
    case = decided(need, people, at=now - YEAR - dt.timedelta(seconds=1))
    assert case.excerpt and case.url and case.author == author
    assert privacy_hooks.purge(now) == 2 + 1  # two reports, one case
    stored = Case.objects.get(pk=case.pk)
    assert (stored.excerpt, stored.url, stored.author_id) == ("", "", None)
    assert not Report.objects.exists()
    assert (stored.status, stored.note, stored.decided_by, stored.decided_at) == (
        Case.Status.WARNED, "Pas de publicité ici.", people["gardener"], case.decided_at)
    assert privacy_hooks.purge(now) == 0  # a second run changes nothing


def test_an_open_case_waits_for_its_decision_however_old(need, people):
    case = reported(need, people)
    Case.objects.filter(pk=case.pk).update(created_at=timezone.now() - 3 * YEAR)
    assert privacy_hooks.purge(timezone.now()) == 0
    assert Case.objects.get(pk=case.pk).excerpt and Report.objects.count() == 2


def test_the_retention_task_runs_it(need, people):
    now = timezone.now()
    decided(need, people, at=now - 2 * YEAR)
    assert retention_purge(now=now)["moderation"] == 3
