"""Admissibility of a received application (issue #19, the status
"complete"): the call's agent asks the carriers for missing pieces, their
admins add them (even after the deadline, and nothing else), the agent
declares the file complete, and only then do reviewers score it. Every
refusal and boundary, through the services, the rules and the pages."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from calls import services, waiting
from calls.models import Application, Attachment, Call
from notifications.models import Notification
from notifications.rendering import render_text
from organisations import services as organisations

from .conftest import complete, pdf


def _status(application):
    return Application.objects.values_list("status", flat=True).get(pk=application.pk)


def _told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


@pytest.fixture
def carried(application, lead, partner_org):
    """Received, carried with a co-carrier: the lead's and the co-carrier's admins and members."""
    services.cocarrier_invite(application=application, organisation=partner_org[0],
                              actor=lead[1])
    complete(application, lead[1])
    return services.application_submit(application=application, user=lead[1])


def _draft(call, lead):
    return services.application_start(call=call, organisation=lead[0], user=lead[1],
                                      title="Un brouillon")


def _drop(application, name):
    Attachment.objects.filter(application=application, document__name=name).delete()


def _close(call):
    Call.objects.filter(pk=call.pk).update(opens_at=timezone.now() - dt.timedelta(days=30),
                                           closes_at=timezone.now() - dt.timedelta(days=1))


# --- Asking for missing pieces -------------------------------------------------------------


def test_the_request_is_kept_and_told_to_every_admin_of_the_carriers(carried, agent):
    before = timezone.now()
    done = services.pieces_request(application=carried, agent=agent,
                                   text="  Les statuts signés, s'il vous plaît.  ")
    assert done.pieces_request == "Les statuts signés, s'il vous plaît."
    assert done.pieces_requested_at >= before
    assert done.status == Application.Status.SUBMITTED
    # The admins of the lead and of the co-carrier; not their plain members.
    assert _told("call_pieces_requested") == {"lead@example.org", "co@example.org"}
    line = Notification.objects.filter(kind="call_pieces_requested").first()
    assert line.actor_id == agent.pk
    assert render_text(line) == ("The call “Quartiers fertiles” asks for missing pieces of "
                                 "“Potagers partagés”: Les statuts signés, s'il vous plaît.")


def test_a_carriers_member_who_administers_another_organisation_is_not_told(
        carried, agent, lead):
    # The lead's plain member is the admin of an organisation of their own.
    organisations.organisation_create(creator=lead[2], name="Autre", kind="association")
    services.pieces_request(application=carried, agent=agent, text="Le budget.")
    assert "lead.member@example.org" not in _told("call_pieces_requested")


@pytest.mark.parametrize("text", ["", "   \n "])
def test_an_empty_request_is_refused_and_nothing_is_written(carried, agent, text):
    with pytest.raises(ValidationError) as refused:
        services.pieces_request(application=carried, agent=agent, text=text)
    assert refused.value.message_dict == {"text": ["Say which pieces are missing."]}
    carried.refresh_from_db()
    assert (carried.pieces_request, carried.pieces_requested_at) == ("", None)
    assert not _told("call_pieces_requested")


def test_pieces_are_asked_for_a_received_application_only(carried, agent, lead):
    application = _draft(carried.call, lead)
    with pytest.raises(ValidationError, match="Only a received application") as refused:
        services.pieces_request(application=application, agent=agent, text="Les statuts.")
    assert refused.value.code == "state"
    services.application_complete(application=carried, agent=agent)
    with pytest.raises(ValidationError, match="Only a received application"):
        services.pieces_request(application=carried, agent=agent, text="Les statuts.")
    assert not Application.objects.exclude(pieces_requested_at=None).exists()
    assert not _told("call_pieces_requested")


def test_the_request_waits_on_the_carriers_admins_dashboard_until_complete(
        carried, agent, lead, partner_org):
    assert waiting.pieces(lead[1]) == []
    services.pieces_request(application=carried, agent=agent, text="Le budget signé.")
    for admin in (lead[1], partner_org[1]):
        items = waiting.pieces(admin)
        assert [i.url for i in items] == [carried.get_absolute_url()]
        assert items[0].text == "Attach the missing pieces of “Potagers partagés”"
    assert waiting.pieces(lead[2]) == []  # a member, not an admin
    services.application_complete(application=carried, agent=agent)
    assert waiting.pieces(lead[1]) == []


# --- The pieces added while the request is pending -----------------------------------------


def test_while_pieces_are_asked_the_carriers_admins_attach_even_after_the_deadline(
        carried, agent, lead, partner_org):
    _drop(carried, "Budget")
    _close(carried.call)
    budget = carried.call.required_documents.get(name="Budget")
    statutes = carried.call.required_documents.get(name="Statuts")
    services.pieces_request(application=carried, agent=agent, text="Le budget manque.")
    # The lead's admin adds the missing one, the co-carrier's admin replaces another.
    services.attachment_upload(application=carried, document=budget,
                               upload=pdf("budget.pdf"), user=lead[1])
    services.attachment_upload(application=carried, document=statutes,
                               upload=pdf("statuts-signes.pdf"), user=partner_org[1])
    assert sorted(carried.attachments.values_list("filename", flat=True)) == [
        "budget.pdf", "statuts-signes.pdf"]
    assert _status(carried) == Application.Status.SUBMITTED


def test_without_a_request_a_received_application_takes_no_attachment(carried, lead):
    statutes = carried.call.required_documents.get(name="Statuts")
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.attachment_upload(application=carried, document=statutes,
                                   upload=pdf("autre.pdf"), user=lead[1])
    assert carried.attachments.get(document=statutes).filename == "statuts.pdf"


def test_a_carriers_plain_member_adds_no_piece(carried, agent, lead):
    services.pieces_request(application=carried, agent=agent, text="Les statuts.")
    statutes = carried.call.required_documents.get(name="Statuts")
    with pytest.raises(ValidationError, match="Only an administrator of a carrier"):
        services.attachment_upload(application=carried, document=statutes,
                                   upload=pdf("autre.pdf"), user=lead[2])
    assert carried.attachments.get(document=statutes).filename == "statuts.pdf"


def test_only_attachments_become_editable_and_only_until_complete(carried, agent, lead):
    services.pieces_request(application=carried, agent=agent, text="Les statuts.")
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.application_save(application=carried, summary="Autre chose")
    services.application_complete(application=carried, agent=agent)
    statutes = carried.call.required_documents.get(name="Statuts")
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.attachment_upload(application=carried, document=statutes,
                                   upload=pdf("tard.pdf"), user=lead[1])
    carried.refresh_from_db()
    assert carried.summary == "Des potagers."
    assert carried.attachments.get(document=statutes).filename == "statuts.pdf"


# --- Declaring the file complete -----------------------------------------------------------


def test_declared_complete_it_is_dated_signed_and_told_to_the_carriers(carried, agent):
    before = timezone.now()
    done = services.application_complete(application=carried, agent=agent)
    carried.refresh_from_db()
    assert carried.status == done.status == Application.Status.COMPLETE
    assert carried.completed_by == agent and carried.completed_at >= before
    assert _told("call_application_complete") == {
        "lead@example.org", "lead.member@example.org", "co@example.org", "co.member@example.org"}
    line = Notification.objects.filter(kind="call_application_complete").first()
    assert render_text(line) == ("The file “Potagers partagés” is complete for the call "
                                 "“Quartiers fertiles”: its instruction starts.")


def test_a_missing_document_is_named_and_nothing_changes(carried, agent):
    _drop(carried, "Budget")
    with pytest.raises(ValidationError) as refused:
        services.application_complete(application=carried, agent=agent)
    assert refused.value.messages == ["The document “Budget” is missing."]
    carried.refresh_from_db()
    assert (carried.status, carried.completed_at, carried.completed_by) == (
        Application.Status.SUBMITTED, None, None)
    assert not _told("call_application_complete")


def test_complete_only_from_received(carried, agent, reviewers, lead):
    application = _draft(carried.call, lead)
    with pytest.raises(ValidationError, match="Only a received application"):
        services.application_complete(application=application, agent=agent)
    services.application_complete(application=carried, agent=agent)
    with pytest.raises(ValidationError, match="Only a received application"):
        services.application_complete(application=carried, agent=agent)
    # Under review (a first score) is past it too.
    services.reviewer_assign(application=carried, reviewer=reviewers[0])
    services.scores_save(application=carried, reviewer=reviewers[0],
                         scores={carried.call.criteria.first().pk: (3, "")})
    assert _status(carried) == Application.Status.UNDER_REVIEW
    with pytest.raises(ValidationError, match="Only a received application"):
        services.application_complete(application=carried, agent=agent)
    assert _status(application) == Application.Status.DRAFT


# --- Scoring waits for the file to be complete ---------------------------------------------


def test_a_received_file_is_not_scored_then_complete_its_first_score_starts_the_review(
        carried, agent, reviewers):
    criterion = carried.call.criteria.first()
    # Reviewers are assigned from received on.
    services.reviewer_assign(application=carried, reviewer=reviewers[0])
    with pytest.raises(ValidationError) as refused:
        services.scores_save(application=carried, reviewer=reviewers[0],
                             scores={criterion.pk: (4, "")})
    assert refused.value.messages == ["Declare the file complete before it is scored."]
    assert not carried.scores.exists() and _status(carried) == Application.Status.SUBMITTED
    services.application_complete(application=carried, agent=agent)
    services.scores_save(application=carried, reviewer=reviewers[0],
                         scores={criterion.pk: (4, "")})
    assert _status(carried) == Application.Status.UNDER_REVIEW


def test_a_complete_file_gets_an_opinion_and_a_decision(carried, agent, reviewers):
    services.application_complete(application=carried, agent=agent)
    services.reviewer_assign(application=carried, reviewer=reviewers[1])
    done = services.opinion_write(application=carried, text="Solide.")
    assert done.status == Application.Status.OPINION_GIVEN
    done = services.application_decide(application=carried, agent=agent,
                                       decision="not_funded", reasons="Hors périmètre")
    assert done.status == Application.Status.DECIDED


def test_a_complete_file_is_decided_straight_away(carried, agent):
    assert "complete" in Application.decidable_statuses
    services.application_complete(application=carried, agent=agent)
    done = services.application_decide(application=carried, agent=agent,
                                       decision="not_funded", reasons="Hors périmètre")
    assert done.status == Application.Status.DECIDED


# --- The rules -----------------------------------------------------------------------------


def test_only_the_calls_agents_check_a_received_file(carried, agent, lead, partner_org,
                                                     reviewers):
    services.reviewer_assign(application=carried, reviewer=reviewers[1])
    assert agent.has_perm("calls.check_completeness", carried)
    for person in (lead[1], lead[2], partner_org[1], reviewers[1]):
        assert not person.has_perm("calls.check_completeness", carried), person
    services.application_complete(application=carried, agent=agent)
    carried = Application.objects.get(pk=carried.pk)
    assert not agent.has_perm("calls.check_completeness", carried)


def test_who_adds_a_piece(carried, agent, lead, partner_org, third):
    assert not lead[1].has_perm("calls.add_piece", carried)
    services.pieces_request(application=carried, agent=agent, text="Les statuts.")
    carried = Application.objects.get(pk=carried.pk)
    assert lead[1].has_perm("calls.add_piece", carried)
    assert partner_org[1].has_perm("calls.add_piece", carried)
    for person in (lead[2], partner_org[2], third[1], agent):
        assert not person.has_perm("calls.add_piece", carried), person
    # Nothing else: the draft's edit stays closed.
    assert not lead[1].has_perm("calls.change_application", carried)


def test_a_reviewer_scores_only_a_complete_file(carried, agent, reviewers):
    services.reviewer_assign(application=carried, reviewer=reviewers[0])
    carried = Application.objects.get(pk=carried.pk)
    assert not reviewers[0].has_perm("calls.review_application", carried)
    services.application_complete(application=carried, agent=agent)
    carried = Application.objects.get(pk=carried.pk)
    assert reviewers[0].has_perm("calls.review_application", carried)


# --- The pages -----------------------------------------------------------------------------


def _page(client, user, application):
    client.force_login(user)
    response = client.get(reverse("calls:application", args=[application.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_agent_sees_both_actions_on_a_received_file_and_not_once_complete(
        client, carried, agent):
    page = _page(client, agent, carried)
    assert "Ask for missing pieces" in page and "Declare the file complete" in page
    assert reverse("calls:pieces", args=[carried.pk]) in page
    services.application_complete(application=carried, agent=agent)
    page = _page(client, agent, carried)
    assert "Ask for missing pieces" not in page and "Declare the file complete" not in page
    assert "Complete" in page


def test_carriers_and_reviewers_see_no_such_button_and_are_refused(
        client, carried, agent, lead, reviewers):
    services.reviewer_assign(application=carried, reviewer=reviewers[1])
    for person in (lead[1], lead[2], reviewers[1]):
        page = _page(client, person, carried)
        assert "Declare the file complete" not in page and "Ask for missing pieces" not in page
        assert client.post(reverse("calls:complete", args=[carried.pk])).status_code == 403
        assert client.post(reverse("calls:pieces", args=[carried.pk]),
                           {"text": "Tout."}).status_code == 403
    carried.refresh_from_db()
    assert carried.status == Application.Status.SUBMITTED and carried.pieces_request == ""


def test_the_assigned_reviewer_of_a_received_file_is_told_why_there_is_no_scoring(
        client, carried, reviewers):
    services.reviewer_assign(application=carried, reviewer=reviewers[0])
    page = _page(client, reviewers[0], carried)
    assert "Score this application" not in page
    assert "the reviewers score a complete file" in page
    assert client.get(reverse("calls:review", args=[carried.pk])).status_code == 403


def test_the_agent_asks_through_the_page_and_the_carriers_read_the_request(
        client, carried, agent, lead):
    client.force_login(agent)
    url = reverse("calls:pieces", args=[carried.pk])
    response = client.post(url, {"text": "  "})
    assert response.status_code == 400
    assert "Say which pieces are missing." in response.content.decode()
    assert client.post(url, {"text": "Le budget signé."}).status_code == 302
    page = _page(client, lead[2], carried)
    assert "Le budget signé." in page and "Missing pieces asked for on" in page
    # The plain member reads it but gets no upload form; the admin gets one per document.
    assert "/upload/" not in page
    page = _page(client, lead[1], carried)
    assert page.count("/upload/") == 2 and "even after the deadline" in page


def test_the_carriers_admin_attaches_a_piece_through_the_page_after_the_deadline(
        client, carried, agent, lead):
    services.pieces_request(application=carried, agent=agent, text="Le budget signé.")
    _close(carried.call)
    budget = carried.call.required_documents.get(name="Budget")
    client.force_login(lead[1])
    response = client.post(reverse("calls:upload", args=[carried.pk, budget.pk]),
                           {"file": pdf("budget-signe.pdf")})
    assert response.status_code == 302
    assert carried.attachments.get(document=budget).filename == "budget-signe.pdf"
    client.force_login(lead[2])
    response = client.post(reverse("calls:upload", args=[carried.pk, budget.pk]),
                           {"file": pdf("autre.pdf")})
    assert response.status_code == 403
    assert carried.attachments.get(document=budget).filename == "budget-signe.pdf"


def test_the_agent_declares_it_complete_through_the_page_or_reads_what_is_missing(
        client, carried, agent, lead):
    _drop(carried, "Statuts")
    client.force_login(agent)
    url = reverse("calls:complete", args=[carried.pk])
    content = client.post(url, follow=True).content.decode()
    assert "The document “Statuts” is missing." in content
    assert _status(carried) == Application.Status.SUBMITTED
    # Asked for, the piece comes; then the file is complete.
    services.pieces_request(application=carried, agent=agent, text="Les statuts.")
    services.attachment_upload(application=carried, upload=pdf(), user=lead[1],
                               document=carried.call.required_documents.get(name="Statuts"))
    content = client.post(url, follow=True).content.decode()
    assert "The file is declared complete" in content
    assert _status(carried) == Application.Status.COMPLETE


def test_a_french_speaking_agent_reads_the_missing_document_in_french(client, carried, agent):
    _drop(carried, "Budget")
    User.objects.filter(pk=agent.pk).update(preferred_language="fr")
    client.force_login(agent)
    content = client.post(reverse("calls:complete", args=[carried.pk]),
                          follow=True).content.decode()
    assert "La pièce « Budget » manque." in content and "is missing" not in content
    assert _status(carried) == Application.Status.SUBMITTED
