"""The moderation queue (docs/moderation.md): reports grouped per item, once
per person, decided by the community's pair (the cultivator, staff), the
outcome told to each reporter and never who reported to the author."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from discussions import services as talk
from discussions.models import Message
from moderation import services
from moderation.models import Case, Reason, Report
from needs.models import Need
from notifications.models import Notification
from notifications.rendering import render_text
from tests.needs.conftest import make_need

pytestmark = pytest.mark.django_db


def report(item, person, kind="need", reason=Reason.SPAM, text=""):
    return services.report_submit(kind=kind, item=item, reporter=person, reason=reason, text=text)


def queue_url(community):
    return reverse("moderation:queue", kwargs={"slug": community.slug})


def decide_url(case):
    return reverse("moderation:decide", kwargs={"slug": case.community.slug, "case_id": case.pk})


def report_url(community, kind, pk):
    return reverse("moderation:report", kwargs={"slug": community.slug, "kind": kind,
                                                "object_id": pk})


# --- Reporting ------------------------------------------------------------------------


def test_reports_of_one_item_group_into_one_case(need, people):
    report(need, people["citizen"])
    report(need, people["engaged"], reason=Reason.ABUSE, text="Publicité")

    case = Case.objects.get()
    assert (case.kind, case.object_id, case.status) == ("need", need.pk, Case.Status.OPEN)
    assert case.reports.count() == 2
    assert "Une salle pour la bourse" in case.excerpt


def test_a_second_report_by_the_same_person_is_refused(need, people):
    report(need, people["citizen"])
    with pytest.raises(ValidationError) as refused:
        report(need, people["citizen"], reason=Reason.ABUSE)
    assert refused.value.code == "already_reported"
    assert Report.objects.count() == 1


def test_a_second_report_by_the_form_is_refused_with_a_clear_message(login, community, need,
                                                                      people):
    client = login(people["citizen"])
    url = report_url(community, "need", need.pk)
    assert client.post(url, {"reason": "spam"}).status_code == 302
    response = client.post(url, {"reason": "abuse", "text": "encore"})
    assert response.status_code == 200
    assert "You already reported this" in response.content.decode()
    assert Report.objects.count() == 1


def test_a_report_needs_a_reason_from_the_list(need, people):
    with pytest.raises(ValidationError) as refused:
        report(need, people["citizen"], reason="boring")
    assert refused.value.code == "bad_reason"
    assert not Case.objects.exists()


def test_one_cannot_report_what_one_wrote(need, author):
    with pytest.raises(ValidationError) as refused:
        report(need, author)
    assert refused.value.code == "own_item"


def test_one_cannot_report_what_one_cannot_read(community, people, author, login, general_engaged):
    private = make_need(community, author, visibility=Need.Visibility.GARDENERS)
    with pytest.raises(ValidationError) as refused:
        report(private, people["citizen"])
    assert refused.value.code == "cannot_read"
    assert login(people["citizen"]).get(
        report_url(community, "need", private.pk)).status_code == 403
    assert login(people["citizen"]).post(
        report_url(community, "message", general_engaged.pk), {"reason": "spam"}
    ).status_code == 403
    assert not Report.objects.exists()


@pytest.fixture
def general_engaged(community, people):
    from communities.models import Circle

    channel = talk.channel_create(community=community, name="Noyau", min_circle=Circle.ENGAGED,
                                  actor=people["gardener"])
    return talk.message_post(channel=channel, author=people["engaged"], body="Entre nous")


def test_an_item_of_another_community_is_not_found_here(other_community, need, people, login):
    assert login(people["citizen"]).get(
        report_url(other_community, "need", need.pk)).status_code == 404


def test_reporting_a_message_from_its_channel_files_it_in_the_queue(message, people):
    talk.message_report(message=message, reporter=people["informed"], reason="Publicité")

    case = Case.objects.get()
    assert (case.kind, case.object_id) == ("message", message.pk)
    assert case.reports.get().text == "Publicité"
    with pytest.raises(ValidationError) as refused:
        report(message, people["informed"], kind="message")
    assert refused.value.code == "already_reported"


# --- The queue and decisions -----------------------------------------------------------


def test_the_queue_shows_open_cases_oldest_first_with_reasons_and_counts(
    login, community, need, message, people
):
    report(message, people["citizen"], kind="message")
    report(need, people["citizen"], reason=Reason.ABUSE, text="Des insultes")
    report(need, people["engaged"], reason=Reason.ABUSE)

    page = login(people["gardener"]).get(queue_url(community)).content.decode()
    assert page.index("Achetez mes graines") < page.index("Une salle pour la bourse")
    assert "reported 2 times" in page
    assert "Insulting, hateful or harassing (2)" in page
    assert "Des insultes" in page
    assert "citizen@example.org" not in page


@pytest.mark.parametrize("role", ["citizen", "engaged", "other_gardener"])
def test_a_decision_by_someone_else_than_the_pair_is_refused(login, need, people, role):
    report(need, people["citizen"])
    case = Case.objects.get()

    response = login(people[role]).post(decide_url(case), {"decision": "hidden", "note": "Non"})

    assert response.status_code == 403
    case.refresh_from_db()
    need.refresh_from_db()
    assert case.status == Case.Status.OPEN and need.hidden_at is None
    # nobody told of a decision (the pair was told of the case only)
    assert not Notification.objects.filter(
        kind__in=["moderation_outcome", "moderation_decision"]).exists()


def test_the_other_communitys_pair_cannot_decide_through_its_own_address(
    login, other_community, need, people
):
    report(need, people["citizen"])
    case = Case.objects.get()
    url = reverse("moderation:decide", kwargs={"slug": other_community.slug, "case_id": case.pk})
    assert login(people["other_gardener"]).post(url, {"decision": "kept"}).status_code == 404
    assert Case.objects.get().status == Case.Status.OPEN


def test_hiding_needs_a_reason_and_nothing_changes_without_one(need, people):
    report(need, people["citizen"])
    with pytest.raises(ValidationError) as refused:
        services.case_decide(case=Case.objects.get(), actor=people["gardener"],
                             decision="hidden", note=" ")
    assert refused.value.code == "note_required"
    need.refresh_from_db()
    assert need.hidden_at is None and Case.objects.get().status == Case.Status.OPEN


def test_the_decision_is_recorded_once_and_each_reporter_told_once(
    login, need, people, author, django_capture_on_commit_callbacks
):
    mail.outbox = []
    report(need, people["citizen"])
    report(need, people["engaged"])
    case = Case.objects.get()
    client = login(people["gardener"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide_url(case), {"decision": "warned", "note": "Pas de publicité ici."})
        again = client.post(decide_url(case), {"decision": "hidden", "note": "Finalement"},
                            follow=True)

    case.refresh_from_db()
    assert (case.status, case.decided_by, case.note) == (
        Case.Status.WARNED, people["gardener"], "Pas de publicité ici.")
    assert case.decided_at is not None
    assert "already decided" in again.content.decode()
    for reporter in (people["citizen"], people["engaged"]):
        told = Notification.objects.filter(recipient=reporter, kind="moderation_outcome")
        assert told.count() == 1
        assert "warned its author" in render_text(told.get())
    # The author reads the decision and why, never who reported.
    warning = Notification.objects.get(recipient=author)
    assert warning.kind == "moderation_decision"
    text = render_text(warning)
    assert "Pas de publicité ici." in text
    to_author = [m for m in mail.outbox if author.email in m.to[0]]
    assert len(to_author) == 1
    for reporter in (people["citizen"], people["engaged"]):
        for leak in (str(reporter), reporter.email):
            assert leak not in text
            assert leak not in to_author[0].body
            assert leak not in str(warning.data)
    need.refresh_from_db()
    assert need.hidden_at is None  # warned, kept


def test_a_hidden_need_disappears_for_readers(login, community, need, people, author):
    report(need, people["citizen"])
    services.case_decide(case=Case.objects.get(), actor=people["gardener"], decision="hidden",
                         note="Hors sujet")

    need_url = need.get_absolute_url()
    list_url = reverse("needs:list", kwargs={"slug": community.slug})
    for reader in ("citizen", "engaged"):
        client = login(people[reader])
        assert client.get(need_url).status_code == 403
        assert "Une salle pour la bourse" not in client.get(list_url).content.decode()
        assert "Une salle pour la bourse" not in client.get(
            reverse("communities:detail", kwargs={"slug": community.slug})).content.decode()
    # Its author still reads it, with why.
    page = login(author).get(need_url).content.decode()
    assert "Hors sujet" in page


def test_a_message_hidden_from_the_queue_is_hidden_in_its_channel(message, people):
    report(message, people["citizen"], kind="message")
    services.case_decide(case=Case.objects.get(), actor=people["gardener"], decision="hidden",
                         note="Publicité")
    message.refresh_from_db()
    assert message.is_hidden and message.hidden_reason == "Publicité"
    assert Notification.objects.filter(recipient=people["citizen"],
                                       kind="moderation_outcome").count() == 1


def test_hiding_a_message_in_its_channel_decides_its_case(message, people):
    talk.message_report(message=message, reporter=people["informed"], reason="Pub")
    talk.message_hide(message=message, actor=people["gardener"], reason="Publicité")

    case = Case.objects.get()
    assert (case.status, case.decided_by) == (Case.Status.HIDDEN, people["gardener"])
    assert Notification.objects.filter(recipient=people["informed"],
                                       kind="moderation_outcome").count() == 1
    assert not Message.objects.filter(pk=message.pk, hidden_at__isnull=True).exists()


def test_a_hidden_item_cannot_be_reported_again(message, people):
    talk.message_hide(message=message, actor=people["gardener"], reason="Publicité")
    message.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        report(message, people["citizen"], kind="message")
    assert refused.value.code == "hidden"


def test_the_cultivator_and_staff_decide_too(need, people):
    report(need, people["citizen"])
    report(need, people["engaged"])
    case = Case.objects.get()
    assert people["cultivator"].has_perm("moderation.decide_case", case)
    assert people["staff"].has_perm("moderation.decide_case", case)
    assert not people["other_gardener"].has_perm("moderation.decide_case", case)


def test_the_dashboard_links_the_queue_with_its_open_count(login, community, need, people):
    report(need, people["citizen"])
    page = login(people["gardener"]).get(
        reverse("insights:dashboard", kwargs={"slug": community.slug})).content.decode()
    assert queue_url(community) in page
    assert '<span class="badge">1<' in page


def test_the_report_button_shows_only_to_those_allowed(login, need, people, author):
    url = report_url(need.community, "need", need.pk)
    assert url in login(people["citizen"]).get(need.get_absolute_url()).content.decode()
    assert url not in login(author).get(need.get_absolute_url()).content.decode()


# Queries of the queue page, whatever the number of cases and reports:
#  1. session  2. user  3. the community (space lookup)  4. gardened communities
#  5. the open cases with their authors  6. their reports
#  7. unread notifications (navigation)
QUEUE_QUERIES = 7


@pytest.mark.parametrize("size", [1, 6])
def test_the_queue_costs_the_same_at_any_size(
    login, community, people, author, django_assert_num_queries, size
):
    for n in range(size):
        item = make_need(community, author, title=f"Item {n}")
        report(item, people["citizen"])
        report(item, people["engaged"], reason=Reason.ABUSE, text="Non")
    client = login(people["gardener"])

    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(queue_url(community))

    assert response.status_code == 200
    assert len(response.context["entries"]) == size
