"""What the moderation queue holds about a person, in their data export
(moderation/privacy_hooks.py): the reports they made, with the item's first
200 characters, their reason and words and the outcome; the reports about
what they wrote, with the decision and its reason, never who reported. And
the retention purge's count of what it changed."""

import datetime as dt

import pytest
from django.utils import timezone

from moderation import privacy_hooks, services
from moderation.models import Case, Reason, Report
from tests.needs.conftest import make_need

pytestmark = pytest.mark.django_db


def report(need, person, reason=Reason.SPAM, text=""):
    return services.report_submit(kind="need", item=need, reporter=person, reason=reason,
                                  text=text)


def test_a_reporter_finds_each_report_in_order_with_the_items_start_and_the_outcome(
        community, people, author):
    long_need = make_need(community, author, title="T" * 120, description="D" * 150)
    short_need = make_need(community, author, title="Une salle", description="Samedi.")
    first = report(long_need, people["citizen"], Reason.SPAM, "De la publicité")
    second = report(short_need, people["citizen"], Reason.OFF_TOPIC)
    services.case_decide(case=first.case, actor=people["gardener"], decision=Case.Status.HIDDEN,
                         note="Publicité.")
    exported = privacy_hooks.export(people["citizen"])["reports"]
    first.refresh_from_db()
    assert exported == [
        {"what": first.case.excerpt[:200], "reason": "Spam or advertising",
         "text": "De la publicité", "at": first.created_at.isoformat(), "outcome": "hidden"},
        {"what": second.case.excerpt, "reason": "Off topic for this community", "text": "",
         "at": second.created_at.isoformat(), "outcome": "open"},
    ]
    assert len(first.case.excerpt) > 200 and len(exported[0]["what"]) == 200
    assert privacy_hooks.export(people["informed"])["reports"] == []


def test_an_author_finds_the_reports_about_what_they_wrote_never_who_reported(
        community, people, author):
    need = make_need(community, author, title="T" * 120, description="D" * 150)
    made = report(need, people["citizen"], text="Signalé par Camille")
    services.case_decide(case=made.case, actor=people["gardener"], decision=Case.Status.WARNED,
                         note="Pas de publicité ici.")
    case = Case.objects.get()
    assert privacy_hooks.export(author)["reports_about_you"] == [
        {"what": case.excerpt[:200], "outcome": "kept, author warned",
         "why": "Pas de publicité ici.", "at": case.created_at.isoformat()},
    ]
    assert len(case.excerpt) > 200
    assert "Signalé par Camille" not in str(privacy_hooks.export(author))
    assert privacy_hooks.export(people["citizen"])["reports_about_you"] == []


def test_the_purge_counts_a_case_with_anything_left_to_forget(need, people, author):
    # A case reported from an item without text, or one whose address was
    # emptied: what is left (its address, its author) is forgotten and counted.
    now = timezone.now()
    old = now - dt.timedelta(days=400)
    case = services.case_decide(case=report(need, people["citizen"]).case,
                                actor=people["gardener"], decision=Case.Status.KEPT)
    Case.objects.filter(pk=case.pk).update(decided_at=old, excerpt="", url="")
    other = make_need(need.community, people["informed"], title="Autre")
    second = services.case_decide(case=report(other, people["citizen"]).case,
                                  actor=people["gardener"], decision=Case.Status.KEPT)
    Case.objects.filter(pk=second.pk).update(decided_at=old, excerpt="", author=None)
    assert privacy_hooks.purge(now) == 2 + 2  # two reports, two cases
    assert list(Case.objects.values_list("excerpt", "url", "author")) == [("", "", None)] * 2
    assert not Report.objects.exists()
