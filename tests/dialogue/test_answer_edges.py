"""The edges of argued answers that the mutation runs of
processes/accountability.py and processes/services/answers.py found unpinned
(docs/testing.md, "Mutation testing"): the counters of the process page when
the owed, answered and overdue counts all differ, each refusal's words."""

import datetime as dt

from django.utils import timezone

from notifications.models import Notification
from processes import accountability, selectors, services
from processes.models import Answer, Commitment, Phase, Process
from processes.services import answers
from tests.factories import UserFactory
from tests.refusals import refusals

from .conftest import make_process

DUE = dt.date(2027, 6, 30)


def at_noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def test_the_counters_count_owed_answered_and_overdue_each_on_its_own():
    rows = [
        # hidden, from a workshop, supports, answered at
        (False, False, 2, at_noon(DUE)),  # at the threshold, answered on the day
        (False, True, 0, None),           # a workshop's, unanswered
        (False, False, 5, None),          # well supported, unanswered
        (True, True, 9, None),            # hidden: owed nothing
        (False, False, 1, None),          # under the threshold: owed nothing
    ]
    after = accountability.counters(rows, due_on=DUE, threshold=2,
                                    today=DUE + dt.timedelta(days=1))
    assert (after.owed, after.answered, after.overdue, after.waiting) == (3, 1, 2, 2)
    on_the_day = accountability.counters(rows, due_on=DUE, threshold=2, today=DUE)
    assert (on_the_day.owed, on_the_day.answered, on_the_day.overdue) == (3, 1, 0)


# --- The argued answer's rule (clean_answer) and answer_record --------------------------


def test_a_reason_of_3000_characters_is_taken_and_one_more_refused_in_words():
    assert answers.clean_answer(Answer.Status.ADOPTED, " " + "x" * 3000 + " ") == "x" * 3000
    assert refusals(lambda: answers.clean_answer(
        status=Answer.Status.ADOPTED, reason="x" * 3001)) == [
        ("reason", "Keep it under 3000 characters (this one has 3001).", "too_long")]


def test_a_wrong_status_and_a_missing_reason_are_both_said():
    assert refusals(lambda: answers.clean_answer(status="maybe", reason=None)) == [
        ("reason", ("Say why, in a few sentences: an answer without its reason is not an "
                    "answer."), "reason_required"),
        ("status", "Choose an answer from the list.", "bad_status"),
    ]


def test_a_hidden_proposal_gets_no_answer(proposal, lead):
    services.proposal_hide(proposal=proposal, actor=lead, reason="Hors sujet")
    assert refusals(lambda: services.answer_record(
        proposal=proposal, actor=lead, status=Answer.Status.ADOPTED, reason="Oui")) == [
        (None, "This proposal was hidden; it gets no answer.", "hidden")]
    assert not Answer.objects.exists()


def test_the_answer_keeps_who_gave_it_when_and_why_and_tells_it(proposal, lead, author,
                                                                 supporter):
    services.support_add(proposal=proposal, person=supporter)
    at = at_noon(DUE)
    answer = services.answer_record(proposal=proposal, actor=lead, status=Answer.Status.ADOPTED,
                                    reason="  Validé en conseil.  ", now=at)
    answer.refresh_from_db()
    assert (answer.status, answer.reason, answer.answered_at, answer.answered_by) == (
        Answer.Status.ADOPTED, "Validé en conseil.", at, lead)
    told = Notification.objects.filter(kind="process_answer").order_by("recipient__email")
    assert [n.recipient for n in told] == [author, supporter]
    for note in told:
        assert note.actor == lead and note.url == proposal.get_absolute_url()
        assert note.community == proposal.process.community
        assert note.data == {"proposal": "Une piste rue de Metz", "process": "Plan vélo 2027",
                             "status": "Adopted", "reason": "Validé en conseil."}


# --- Commitments -------------------------------------------------------------------------


def test_every_wrong_field_of_a_commitment_is_said_at_once(direction, process, lead):
    other = make_process(direction, lead, title="Plan piéton")
    elsewhere = services.proposal_create(process=other, author=lead, title="Ailleurs",
                                         text="Autre", category="Pistes")
    assert refusals(lambda: services.commitment_save(
        process=process, actor=lead, title="  ", status="someday", progress=None,
        proposal=elsewhere)) == [
        ("progress", "Progress is a percentage, from 0 to 100.", "bad_progress"),
        ("proposal", "Choose a proposal of this process.", "bad_proposal"),
        ("status", "Choose a status from the list.", "bad_status"),
        ("title", "Name the commitment.", "required"),
    ]
    assert not Commitment.objects.exists()


def test_the_follow_up_lists_commitments_by_date_and_the_undated_last(process, lead):
    """The same order on SQLite (nulls first when ascending) as on PostgreSQL."""
    for title, due_on in (("Sans date", None), ("Plus tard", DUE),
                          ("Bientôt", DUE - dt.timedelta(days=30)), ("Aussi sans date", None)):
        services.commitment_save(process=process, actor=lead, title=title, status="planned",
                                 progress=0, due_on=due_on)

    assert [c.title for c in selectors.commitments_of(process)] == [
        "Bientôt", "Plus tard", "Sans date", "Aussi sans date"]


def test_a_commitment_is_saved_stripped_and_updated_in_place(process, proposal, lead,
                                                             direction):
    commitment = services.commitment_save(
        process=process, actor=lead, title="  Piste rue de Metz ", status="planned", progress=0,
        due_on=DUE, note="  Travaux à l'été.  ", proposal=proposal)
    commitment.refresh_from_db()
    assert (commitment.title, commitment.status, commitment.progress, commitment.due_on,
            commitment.note, commitment.proposal) == (
        "Piste rue de Metz", "planned", 0, DUE, "Travaux à l'été.", proposal)
    again = services.commitment_save(process=process, actor=lead, title="Piste rue de Metz",
                                     status="done", progress=100, commitment=commitment)
    again.refresh_from_db()
    assert again.pk == commitment.pk and Commitment.objects.count() == 1
    assert (again.status, again.progress, again.due_on, again.note, again.proposal) == (
        "done", 100, None, "", None)
    other = make_process(direction, lead, title="Plan piéton")
    assert refusals(lambda: services.commitment_save(
        process=other, actor=lead, title="Piste", status="done", progress=100,
        commitment=commitment)) == [
        (None, "This commitment belongs to another process.", "bad_process")]


# --- Phase changes ------------------------------------------------------------------------


def test_a_phase_is_announced_from_its_exact_start_and_not_at_its_exact_end(process, proposal):
    contributions = process.phases.get(kind=Phase.Kind.CONTRIBUTIONS)
    answer_phase = process.phases.get(kind=Phase.Kind.ANSWER)
    assert services.phase_changes_announce(
        now=contributions.ends_at - dt.timedelta(microseconds=1)) == 0
    assert services.phase_changes_announce(now=answer_phase.starts_at) == 1
    told = Notification.objects.get(kind="process_phase")
    assert told.url == process.get_absolute_url() and told.community == process.community
    assert told.data == {"process": "Plan vélo 2027", "phase": "Answer",
                         "ends": timezone.localtime(answer_phase.ends_at).strftime("%Y-%m-%d")}
    assert services.phase_changes_announce(now=answer_phase.ends_at) == 0  # no phase runs


def test_each_reader_reads_the_phase_in_their_own_language_whatever_the_tasks(
        process, proposal):
    from django.utils import translation

    from notifications.rendering import render_text

    answer_phase = process.phases.get(kind=Phase.Kind.ANSWER)
    with translation.override("fr"):  # the task ran in French
        services.phase_changes_announce(now=answer_phase.starts_at)
    told = Notification.objects.get(kind="process_phase")
    assert told.data["phase"] == "Answer"  # the catalogue's key
    with translation.override("en"):
        assert "its phase “Answer”" in render_text(told)
    with translation.override("fr"):
        assert "« Réponse »" in render_text(told) or "“Réponse”" in render_text(told)


def test_a_draft_process_is_not_announced_and_each_process_counts_once(direction, lead,
                                                                       process, author):
    draft = make_process(direction, lead, publish=False, title="Brouillon")
    second = make_process(direction, lead, title="Plan piéton")
    services.proposal_create(process=second, author=author, title="Trottoirs",
                             text="Plus larges.", category="Pistes")
    later = process.phases.get(kind=Phase.Kind.CONTRIBUTIONS).ends_at + dt.timedelta(hours=1)
    assert services.phase_changes_announce(now=later) == 2
    draft.refresh_from_db()
    assert draft.announced_phase_id is None or draft.announced_phase.kind != Phase.Kind.ANSWER
    assert Notification.objects.filter(kind="process_phase").count() == 1  # Awa, of `second`


def test_the_contributors_are_the_authors_supporters_and_commenters_of_this_process(
        direction, lead, process, proposal, author, supporter):
    commenter = UserFactory(email="c@example.org")
    services.support_add(proposal=proposal, person=supporter)
    services.comment_add(proposal=proposal, author=commenter, text="+1")
    other = make_process(direction, lead, title="Plan piéton")
    services.proposal_create(process=other, author=UserFactory(email="ailleurs@example.org"),
                             title="Ailleurs", text="Autre", category="Pistes")
    assert sorted(u.email for u in answers.contributors(process)) == [
        "awa@example.org", "bruno@example.org", "c@example.org"]


def test_a_process_published_before_its_first_phase_is_announced_when_it_starts(
        direction, lead):
    later = timezone.now() + dt.timedelta(days=30)
    process = make_process(direction, lead, now=later)
    assert process.announced_phase_id is None  # no phase running at publication
    first = process.phases.get(kind=Phase.Kind.INFORMATION)
    assert services.phase_changes_announce(now=first.starts_at - dt.timedelta(microseconds=1)) == 0
    assert services.phase_changes_announce(now=first.starts_at) == 1
    process.refresh_from_db()
    assert process.announced_phase == first


def test_a_commitment_without_a_title_is_refused(process, lead):
    assert refusals(lambda: services.commitment_save(
        process=process, actor=lead, title=None, status="planned", progress=0)) == [
        ("title", "Name the commitment.", "required")]


# --- A process of a community: its notifications are filed under it ----------------------


def test_an_answer_and_a_phase_change_are_filed_under_the_process_community(
        direction, lead, author, community):
    process = make_process(direction, lead, community=community)
    proposal = services.proposal_create(process=process, author=author, title="Trottoirs",
                                        text="Plus larges.", category="Pistes")
    services.answer_record(proposal=proposal, actor=lead, status=Answer.Status.ADOPTED,
                           reason="Voté au conseil du 12 mai.")
    later = process.phases.get(kind=Phase.Kind.CONTRIBUTIONS).ends_at + dt.timedelta(hours=1)
    assert services.phase_changes_announce(now=later) == 1
    assert sorted(Notification.objects.values_list("kind", "recipient", "community")) == [
        ("process_answer", author.pk, community.pk), ("process_phase", author.pk, community.pk)]


def test_a_process_another_run_announced_meanwhile_is_skipped_and_the_next_still_told(
        direction, lead, author, monkeypatch):
    processes = [make_process(direction, lead, title=title)
                 for title in ("Plan vélo", "Plan piéton", "Plan bus")]
    for process in processes:
        services.proposal_create(process=process, author=author, title=f"Idée {process.pk}",
                                 text="Texte.", category="Pistes")
    later = processes[0].phases.get(kind=Phase.Kind.CONTRIBUTIONS).ends_at + dt.timedelta(hours=1)
    locked = []

    class AnotherRunMeanwhile:
        """The second process this run locks was announced by another run after
        this one listed it: the row it reads under the lock says so."""

        def select_for_update(self):
            return self

        def get(self, pk):
            locked.append(pk)
            if len(locked) == 2:
                Process.objects.filter(pk=pk).update(announced_phase=Phase.objects.get(
                    process_id=pk, kind=Phase.Kind.ANSWER))
            return Process.objects.select_for_update().get(pk=pk)

    monkeypatch.setattr(answers, "Process", type("Process", (), {
        "objects": AnotherRunMeanwhile(), "State": Process.State}))
    assert services.phase_changes_announce(now=later) == 2
    assert len(locked) == 3
    told = Notification.objects.filter(kind="process_phase").values_list("data", flat=True)
    assert sorted(data["process"] for data in told) == sorted(
        p.title for p in processes if p.pk != locked[1])
