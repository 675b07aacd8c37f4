"""The edges of a dialogue's contributions (processes/services/contributions.py)
that their first mutation run found unpinned: every refusal in the words
and code the citizen or the lead reads, on its field when it is about one;
the length limits, not one character more; a proposal and a comment stored
as written; hiding a proposal (who hid it, the audit entry, the report it
closes, the notice its author reads), from the lead's page and from the
queue; showing it again."""

import pytest

from audit.models import AuditEntry
from moderation import services as moderation
from moderation.models import Case, Reason
from notifications.models import Notification
from processes import services
from processes.models import Comment, Process, Proposal
from tests.refusals import refusals

from .conftest import citizen

pytestmark = pytest.mark.django_db
CLOSED = ("Contributions are closed for this process: proposals and supports are taken "
          "during its contributions phase only.")


def propose(process, author, **fields):
    values = {"title": "Une piste", "text": "Rue de Metz.", **fields}
    return services.proposal_create(process=process, author=author, **values)


# --- Proposals ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fields, code, field, words", [
    ({"title": " "}, "required", "title", "Give your proposal a title."),
    ({"text": ""}, "required", "text", "Say what you propose."),
    ({"title": "a" * 201}, "too_long", "title",
     "Keep it under 200 characters (this one has 201)."),
    ({"text": "a" * 5001}, "too_long", "text",
     "Keep it under 5000 characters (this one has 5001)."),
    ({"category": "Autre"}, "bad_category", "category", "Choose a category from the list."),
])
def test_each_refused_proposal_is_named_on_its_field(process, author, fields, code, field,
                                                      words):
    assert refusals(lambda: propose(process, author, **fields)) == [(field, words, code)]
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("place, code, words", [
    ({"latitude": 43.6}, "half_place",
     "Give both the latitude and the longitude of the place, or neither."),
    ({"latitude": 90.5, "longitude": 1.4}, "off_map",
     ("This place is not on the map: the latitude goes from -90 to 90, the longitude from "
      "-180 to 180.")),
])
def test_a_place_half_given_or_off_the_map_says_why(process, author, place, code, words):
    assert refusals(lambda: propose(process, author, **place)) == [(None, words, code)]


def test_a_proposal_out_of_its_phase_says_when_they_are_taken(direction, lead, author):
    from .conftest import make_process

    closed = make_process(direction, lead, contributions_open=False)
    assert refusals(lambda: propose(closed, author)) == [(None, CLOSED, "closed")]


def test_a_proposal_is_stored_as_written_up_to_its_limits(process, author):
    stored = propose(process, author, title="  " + "t" * 200 + " ", text="x" * 5000,
                     category="Pistes", latitude=43.6, longitude=1.44)
    stored = Proposal.objects.get(pk=stored.pk)
    assert (stored.title, stored.text, stored.category) == ("t" * 200, "x" * 5000, "Pistes")
    assert (stored.latitude, stored.longitude) == (43.6, 1.44)


# --- Supports and comments ------------------------------------------------------------------


def test_each_refused_support_says_why(proposal, author, lead, supporter):
    assert refusals(lambda: services.support_add(proposal=proposal, person=author)) == [
        (None, "You cannot support your own proposal.", "own_proposal")]
    services.support_add(proposal=proposal, person=supporter)
    assert refusals(lambda: services.support_add(proposal=proposal, person=supporter)) == [
        (None, "You already support this proposal.", "already_supported")]
    services.proposal_hide(proposal=proposal, actor=lead, reason="Hors sujet")
    proposal.refresh_from_db()
    other = citizen()
    assert refusals(lambda: services.support_add(proposal=proposal, person=other)) == [
        (None, "This proposal was hidden; it cannot be supported.", "hidden")]


def test_a_comment_is_stored_as_written_up_to_2000_characters(proposal, supporter):
    assert refusals(lambda: services.comment_add(
        proposal=proposal, author=supporter, text="  ")) == [
        ("text", "Write your comment.", "required")]
    assert refusals(lambda: services.comment_add(
        proposal=proposal, author=supporter, text="c" * 2001)) == [
        ("text", "Keep it under 2000 characters (this one has 2001).", "too_long")]
    services.comment_add(proposal=proposal, author=supporter, text=" " + "c" * 2000 + " ")
    assert Comment.objects.get().text == "c" * 2000


def test_a_comment_on_a_hidden_proposal_or_an_unpublished_process_says_why(
        proposal, lead, supporter):
    Process.objects.filter(pk=proposal.process_id).update(state=Process.State.DRAFT)
    proposal = Proposal.objects.select_related("process").get(pk=proposal.pk)
    assert refusals(lambda: services.comment_add(
        proposal=proposal, author=supporter, text="Oui")) == [
        (None, "This process is not published.", "not_published")]
    Process.objects.filter(pk=proposal.process_id).update(state=Process.State.PUBLISHED)
    services.proposal_hide(proposal=proposal, actor=lead, reason="Hors sujet")
    proposal = Proposal.objects.get(pk=proposal.pk)
    assert refusals(lambda: services.comment_add(
        proposal=proposal, author=supporter, text="Oui")) == [
        (None, "This proposal was hidden; it takes no more comments.", "hidden")]
    assert not Comment.objects.exists()


# --- Hiding and showing again -------------------------------------------------------------


def test_hiding_from_the_leads_page_closes_its_report_and_tells_the_author(
        direction, lead, author, supporter, community):
    from .conftest import make_process

    process = make_process(direction, lead, community=community)  # reported to its queue
    proposal = propose(process, author, category="Pistes")
    moderation.report_submit(kind="process_proposal", item=proposal, reporter=supporter,
                             reason=Reason.ABUSE)
    assert refusals(lambda: services.proposal_hide(
        proposal=proposal, actor=lead, reason=None)) == [
        ("reason", "Say why the proposal is hidden: its author will read it.", "required")]

    services.proposal_hide(proposal=proposal, actor=lead, reason="  Propos injurieux ")

    stored = Proposal.objects.get(pk=proposal.pk)
    assert (stored.hidden_by, stored.hidden_reason) == (lead, "Propos injurieux")
    entry = AuditEntry.objects.get(action="proposal.hidden")
    assert (entry.actor, entry.community_id, entry.details) == (
        lead, proposal.process.community_id, {"process": proposal.process_id,
                                              "from_queue": False})
    case = Case.objects.get(kind="process_proposal", object_id=proposal.pk)
    assert (case.status, case.decided_by, case.note) == (
        Case.Status.HIDDEN, lead, "Propos injurieux")
    told = Notification.objects.get(recipient=author, kind="process_proposal_hidden")
    assert (told.actor, told.url) == (lead, proposal.get_absolute_url())
    assert told.data == {"proposal": proposal.title, "process": proposal.process.title,
                         "reason": "Propos injurieux"}
    assert refusals(lambda: services.proposal_hide(
        proposal=stored, actor=lead, reason="Encore")) == [
        (None, "This proposal is already hidden.", "already_hidden")]


def test_hiding_from_the_queue_leaves_the_telling_to_the_queue(proposal, lead, author):
    services.proposal_hide(proposal=proposal, actor=lead, reason="Pub", from_queue=True)
    assert AuditEntry.objects.get(action="proposal.hidden").details == {
        "process": proposal.process_id, "from_queue": True}
    assert not Notification.objects.filter(kind="process_proposal_hidden").exists()


def test_showing_again_clears_who_hid_it_and_is_logged(direction, lead, author, community):
    from .conftest import make_process

    proposal = propose(make_process(direction, lead, community=community), author,
                       category="Pistes")
    assert refusals(lambda: services.proposal_restore(proposal=proposal, actor=lead)) == [
        (None, "This proposal is not hidden.", "not_hidden")]
    services.proposal_hide(proposal=proposal, actor=lead, reason="Erreur")
    services.proposal_restore(proposal=proposal, actor=lead)
    stored = Proposal.objects.get(pk=proposal.pk)
    assert (stored.hidden_at, stored.hidden_by, stored.hidden_reason) == (None, None, "")
    entry = AuditEntry.objects.get(action="proposal.restored")
    assert (entry.actor, entry.community_id, entry.details) == (
        lead, community.pk, {"process": proposal.process_id})
