"""The edges of the moderation queue's writes (moderation/services.py) that
their first mutation run found unpinned: texts that cannot be stored and the
length limit, one report per person *and kind of content*, a channel's hide
closing only that item's case and never telling its author through the
queue, a kept item's author left alone, a deleted item hidden without an
error, what each notice says (who decided, where, what, an excerpt of 120
characters), a decision that costs the same whatever the number of
reporters, and two first reports at the same moment telling the pair once."""

import threading

import pytest
from django.db import connection

from discussions import services as talk
from moderation import services
from moderation.models import Case, Reason, Report
from needs.models import Need
from notifications.models import Notification
from tests.refusals import refusals

pytestmark = pytest.mark.django_db


def report(item, person, kind="need", reason=Reason.SPAM, text=""):
    return services.report_submit(kind=kind, item=item, reporter=person, reason=reason, text=text)


def notices(kind: str):
    return Notification.objects.filter(kind=kind).order_by("pk")


# --- What a report may say -----------------------------------------------------------------


@pytest.mark.parametrize("text", ["Pub\x00 cachée", "Pub \ud800 cassée"], ids=["NUL", "surrogate"])
def test_a_text_that_cannot_be_stored_is_refused_in_words(need, people, text):
    assert refusals(lambda: report(need, people["citizen"], text=text)) == [
        (None, ("This text holds characters that cannot be stored (a NUL byte "
                "or a broken character). Remove them and try again."), "bad_characters")]
    assert not Case.objects.exists() and not Report.objects.exists()


def test_a_report_may_say_1000_characters_not_one_more(need, people):
    assert refusals(lambda: report(need, people["citizen"], text="a" * 1001)) == [
        (None, "Keep it under 1000 characters (this one has 1001).", "too_long")]
    report(need, people["citizen"], text="  " + "a" * 1000 + "  ")
    stored = Report.objects.get()
    assert (stored.text, stored.kind, stored.object_id) == ("a" * 1000, "need", need.pk)


def test_a_report_without_text_or_with_no_string_stores_no_text(need, people):
    report(need, people["citizen"], text=None)
    services.report_submit(kind="need", item=need, reporter=people["informed"],
                           reason=Reason.SPAM, text=["not", "a", "string"])
    services.report_submit(kind="need", item=need, reporter=people["engaged"],
                           reason=Reason.SPAM)
    assert list(Report.objects.values_list("text", flat=True)) == ["", "", ""]


def test_each_refused_report_says_why(need, people, author):
    assert refusals(lambda: report(need, people["citizen"], reason="boring")) == [
        (None, "Choose a reason from the list.", "bad_reason")]
    assert refusals(lambda: report(need, author)) == [
        (None, "You cannot report what you wrote.", "own_item")]
    assert refusals(lambda: report(need, people["other_gardener"])) == [
        (None, "You cannot report this.", "cannot_read")]
    report(need, people["citizen"])
    assert refusals(lambda: report(need, people["citizen"])) == [
        (None, ("You already reported this; the gardeners will look at it and tell you what "
                "they decide."), "already_reported")]


def test_the_same_number_in_another_kind_of_content_is_another_item(need, people, community):
    other = Case.objects.create(community=community, kind="message", object_id=need.pk,
                                excerpt="Un message")
    Report.objects.create(case=other, kind="message", object_id=need.pk,
                          reporter=people["citizen"], reason=Reason.SPAM)
    report(need, people["citizen"])
    assert Report.objects.filter(kind="need", object_id=need.pk).count() == 1


# --- What the pair and the others are told ---------------------------------------------------


def test_the_pair_is_told_where_what_and_why_with_a_short_excerpt(community, people, author):
    from tests.needs.conftest import make_need

    long_need = make_need(community, author, description="Une salle " + "très " * 60)
    report(long_need, people["citizen"], reason=Reason.ABUSE)
    notice = notices("moderation_case_opened").first()
    assert notice.community == community
    assert notice.data["community"] == community.name
    assert notice.data["reason"] == Reason.ABUSE
    assert notice.data["excerpt"] == Case.objects.get().excerpt[:120]
    assert len(notice.data["excerpt"]) == 120
    services.case_decide(case=Case.objects.get(), actor=people["gardener"], decision="kept")
    assert notices("moderation_outcome").get().data["excerpt"] == notice.data["excerpt"]


def test_the_reporters_and_the_author_are_told_who_decided_where_and_what(
        need, people, author, community):
    report(need, people["citizen"])
    services.case_decide(case=Case.objects.get(), actor=people["gardener"], decision="hidden",
                         note="Hors sujet")
    outcome = notices("moderation_outcome").get()
    decision = notices("moderation_decision").get()
    for notice in (outcome, decision):
        assert (notice.actor, notice.community) == (people["gardener"], community)
        assert notice.data["community"] == community.name
        assert notice.data["what"] and notice.data["what"] != "None"
        assert notice.data["excerpt"] == Case.objects.get().excerpt[:120]
    assert decision.recipient == author
    assert decision.url == Case.objects.get().url and decision.url
    assert decision.data["note"] == "Hors sujet"


def test_a_message_hidden_from_the_queue_is_hidden_by_who_decided(message, people):
    report(message, people["citizen"], kind="message")
    services.case_decide(case=Case.objects.get(), actor=people["gardener"], decision="hidden",
                         note="Publicité")
    message.refresh_from_db()
    assert (message.hidden_by, message.hidden_reason) == (people["gardener"], "Publicité")


def test_a_kept_items_author_is_not_told(need, people):
    report(need, people["citizen"])
    services.case_decide(case=Case.objects.get(), actor=people["gardener"], decision="kept")
    assert Case.objects.get().note == ""
    assert notices("moderation_outcome").count() == 1
    assert not notices("moderation_decision").exists()


def test_each_refused_decision_says_why(need, people):
    report(need, people["citizen"])
    case = Case.objects.get()
    assert refusals(lambda: services.case_decide(case=case, actor=people["gardener"],
                                                 decision="deleted")) == [
        (None, "Choose what to do with this content.", "bad_decision")]
    assert refusals(lambda: services.case_decide(case=case, actor=people["gardener"],
                                                 decision="warned")) == [
        (None, "Say why: the author will read it (never who reported).", "note_required")]
    assert Case.objects.get().status == Case.Status.OPEN


def test_an_item_deleted_meanwhile_is_decided_hidden_without_an_error(need, people):
    report(need, people["citizen"])
    Need.objects.filter(pk=need.pk).delete()
    services.case_decide(case=Case.objects.get(), actor=people["gardener"], decision="hidden",
                         note="Parti")
    assert Case.objects.get().status == Case.Status.HIDDEN


# --- A message hidden in its channel ----------------------------------------------------------


def test_hiding_a_message_closes_its_case_only_and_tells_its_author_nothing_more(
        message, people, community, author):
    # The other cases are opened first: picked by mistake, they would come first.
    same_number = Case.objects.create(community=community, kind="need", object_id=message.pk,
                                      excerpt="Un besoin")
    other = talk.message_post(channel=message.channel, author=author, body="Autre chose")
    report(other, people["citizen"], kind="message")
    report(message, people["citizen"], kind="message")

    talk.message_hide(message=message, actor=people["gardener"], reason="Publicité")

    closed = Case.objects.get(kind="message", object_id=message.pk)
    assert (closed.status, closed.note, closed.decided_by) == (
        Case.Status.HIDDEN, "Publicité", people["gardener"])
    assert Case.objects.get(kind="message", object_id=other.pk).status == Case.Status.OPEN
    assert Case.objects.get(pk=same_number.pk).status == Case.Status.OPEN
    outcome = notices("moderation_outcome").get()
    assert (outcome.recipient, outcome.actor, outcome.data["decision"]) == (
        people["citizen"], people["gardener"], Case.Status.HIDDEN)
    assert outcome.data["excerpt"] == "Achetez mes graines !"
    assert not notices("moderation_decision").exists()
    message.refresh_from_db()
    assert refusals(lambda: report(message, people["informed"], kind="message")) == [
        (None, "The gardeners already hid this; nothing more to report.", "hidden")]


def test_closing_says_how_many_cases_it_closed(message, people):
    assert services.case_close_hidden(kind="message", item=message, actor=people["gardener"],
                                      note="Rien") == 0
    report(message, people["citizen"], kind="message")
    assert services.case_close_hidden(kind="message", item=message, actor=people["gardener"],
                                      note="Pub") == 1


# --- What it costs -------------------------------------------------------------------------------


def test_deciding_costs_the_same_whatever_the_number_of_reporters(community, people, author):
    from django.test.utils import CaptureQueriesContext

    from tests.needs.conftest import make_need

    counts = []
    for reporters in (["citizen"], ["citizen", "informed", "engaged"]):
        need = make_need(community, author, title=f"Besoin {len(reporters)}")
        for role in reporters:
            report(need, people[role])
        case = Case.objects.get(object_id=need.pk)
        with CaptureQueriesContext(connection) as queries:
            services.case_decide(case=case, actor=people["gardener"], decision="kept")
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_closing_a_hidden_messages_case_reads_the_case_with_its_community(
        message, people, django_assert_num_queries):
    report(message, people["citizen"], kind="message")
    with django_assert_num_queries(QUERIES_TO_CLOSE):
        services.case_close_hidden(kind="message", item=message, actor=people["gardener"],
                                   note="Pub")


QUERIES_TO_CLOSE = 11


# --- Two first reports at once -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_first_reports_at_once_open_one_case_and_tell_the_pair_once(postgres, need, people):
    barrier, errors = threading.Barrier(2), []

    def run(person):
        try:
            barrier.wait()
            report(need, person)
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(people[role],))
               for role in ("citizen", "engaged")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    case = Case.objects.get()
    assert case.reports.count() == 2
    told = list(notices("moderation_case_opened").values_list("recipient", flat=True))
    assert sorted(told) == sorted({people["gardener"].pk, people["institution_gardener"].pk})
