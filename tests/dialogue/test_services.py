"""Every refusal and boundary of the processes' services: nothing is written
when one refuses."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from notifications.models import Notification
from processes import accountability, selectors, services
from processes.models import Answer, Phase, Process, Proposal, Support
from tests.factories import DirectionFactory, UserFactory

from .conftest import DAY, MANDATE, make_process

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


# --- Process leads --------------------------------------------------------------------


def test_only_an_agent_of_the_direction_can_be_made_lead(direction):
    outsider = UserFactory()
    with pytest.raises(ValidationError) as refused:
        services.process_lead_grant(direction=direction, person=outsider, actor=None)
    assert codes(refused.value) == {"not_agent"}
    DirectionFactory().staff.add(outsider)  # an agent of another direction
    with pytest.raises(ValidationError):
        services.process_lead_grant(direction=direction, person=outsider, actor=None)


def test_a_lead_granted_twice_is_refused(direction, lead):
    with pytest.raises(ValidationError) as refused:
        services.process_lead_grant(direction=direction, person=lead, actor=None)
    assert codes(refused.value) == {"already_lead"}


# --- The process and its phases ----------------------------------------------------------


def test_a_process_without_its_mandate_is_refused(direction, lead):
    values = {**MANDATE, "not_open_to_debate": "  "}
    with pytest.raises(ValidationError) as refused:
        services.process_create(actor=lead, direction=direction, **values)
    assert "not_open_to_debate" in refused.value.error_dict
    assert not Process.objects.exists()


def test_a_phase_ending_before_it_starts_is_refused(direction, lead):
    process = make_process(direction, lead, publish=False)
    now = timezone.now()
    with pytest.raises(ValidationError) as refused:
        services.phases_set(process=process, actor=lead, phases=[
            services.PhaseInput(Phase.Kind.CONTRIBUTIONS, now, now - dt.timedelta(minutes=1)),
        ])
    assert codes(refused.value) == {"phase_order"}
    assert "ends before it starts" in refused.value.messages[0]
    assert process.phases.count() == 3  # the former phases are kept


def test_a_phase_ending_when_it_starts_is_refused(direction, lead):
    process = make_process(direction, lead, publish=False)
    now = timezone.now()
    with pytest.raises(ValidationError) as refused:
        services.phases_set(process=process, actor=lead, phases=[
            services.PhaseInput(Phase.Kind.CONTRIBUTIONS, now, now)])
    assert codes(refused.value) == {"phase_order"}


def test_phases_must_follow_each_other(direction, lead):
    process = make_process(direction, lead, publish=False)
    now = timezone.now()
    overlapping = [
        services.PhaseInput(Phase.Kind.INFORMATION, now, now + 2 * DAY),
        services.PhaseInput(Phase.Kind.CONTRIBUTIONS, now + 2 * DAY - dt.timedelta(seconds=1),
                            now + 9 * DAY),
    ]
    with pytest.raises(ValidationError) as refused:
        services.phases_set(process=process, actor=lead, phases=overlapping)
    assert codes(refused.value) == {"phases_overlap"}
    touching = [overlapping[0], services.PhaseInput(Phase.Kind.CONTRIBUTIONS, now + 2 * DAY,
                                                     now + 9 * DAY)]
    assert len(services.phases_set(process=process, actor=lead, phases=touching)) == 2


def test_publish_needs_phases_and_happens_once(direction, lead):
    process = services.process_create(actor=lead, direction=direction, **MANDATE)
    with pytest.raises(ValidationError) as refused:
        services.process_publish(process=process, actor=lead)
    assert codes(refused.value) == {"no_phases"}
    process = make_process(direction, lead, title="Autre")
    with pytest.raises(ValidationError) as refused:
        services.process_publish(process=process, actor=lead)
    assert codes(refused.value) == {"already_published"}


# --- Proposals ----------------------------------------------------------------------------


def test_a_proposal_is_taken_until_the_exact_end_of_the_contributions_phase(process, author):
    phase = process.phases.get(kind=Phase.Kind.CONTRIBUTIONS)
    just_before = phase.ends_at - dt.timedelta(microseconds=1)
    services.proposal_create(process=process, author=author, title="A", text="B",
                             now=just_before)
    with pytest.raises(ValidationError) as refused:
        services.proposal_create(process=process, author=author, title="C", text="D",
                                 now=phase.ends_at)
    assert codes(refused.value) == {"closed"}
    assert "Contributions are closed" in refused.value.messages[0]
    assert process.proposals.count() == 1


def test_a_proposal_is_taken_from_the_exact_start_of_the_phase(process, author):
    phase = process.phases.get(kind=Phase.Kind.CONTRIBUTIONS)
    with pytest.raises(ValidationError):
        services.proposal_create(process=process, author=author, title="A", text="B",
                                 now=phase.starts_at - dt.timedelta(microseconds=1))
    services.proposal_create(process=process, author=author, title="A", text="B",
                             now=phase.starts_at)


def test_a_draft_process_takes_no_proposal(direction, lead, author):
    draft = make_process(direction, lead, publish=False)
    with pytest.raises(ValidationError) as refused:
        services.proposal_create(process=draft, author=author, title="A", text="B")
    assert codes(refused.value) == {"closed"}


def test_a_proposal_needs_a_title_and_a_category_of_the_list(process, author):
    with pytest.raises(ValidationError) as refused:
        services.proposal_create(process=process, author=author, title=" ", text="B")
    assert "title" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.proposal_create(process=process, author=author, title="A", text="B",
                                 category="Autre chose")
    assert codes(refused.value) == {"bad_category"}
    assert not Proposal.objects.exists()


def test_a_workshop_contribution_keeps_its_source_and_needs_one(process, lead):
    with pytest.raises(ValidationError) as refused:
        services.workshop_contribution_create(process=process, actor=lead, title="A", text="B",
                                              source_label="")
    assert "source_label" in refused.value.error_dict
    entered = services.workshop_contribution_create(
        process=process, actor=lead, title="Zone 30", text="Autour des écoles.",
        source_label="workshop of 12 March, 23 participants")
    assert entered.author is None and entered.entered_by == lead and entered.from_workshop


# --- Supports ----------------------------------------------------------------------------


def test_a_second_support_is_refused(proposal, supporter):
    services.support_add(proposal=proposal, person=supporter)
    with pytest.raises(ValidationError) as refused:
        services.support_add(proposal=proposal, person=supporter)
    assert codes(refused.value) == {"already_supported"}
    assert "already support" in refused.value.messages[0]
    assert Support.objects.count() == 1


def test_one_cannot_support_ones_own_proposal(proposal, author):
    with pytest.raises(ValidationError) as refused:
        services.support_add(proposal=proposal, person=author)
    assert codes(refused.value) == {"own_proposal"}


def test_supports_close_with_the_contributions_phase(proposal, supporter):
    phase = proposal.process.phases.get(kind=Phase.Kind.CONTRIBUTIONS)
    with pytest.raises(ValidationError) as refused:
        services.support_add(proposal=proposal, person=supporter, now=phase.ends_at)
    assert codes(refused.value) == {"closed"}
    services.support_add(proposal=proposal, person=supporter,
                         now=phase.ends_at - dt.timedelta(microseconds=1))


def test_a_hidden_proposal_takes_no_support_nor_comment(proposal, lead, supporter):
    services.proposal_hide(proposal=proposal, actor=lead, reason="Propos injurieux")
    proposal.refresh_from_db()
    with pytest.raises(ValidationError):
        services.support_add(proposal=proposal, person=supporter)
    with pytest.raises(ValidationError):
        services.comment_add(proposal=proposal, author=supporter, text="Oui")


# --- Hiding -------------------------------------------------------------------------------


def test_hiding_needs_a_reason_the_author_reads(proposal, lead, author):
    with pytest.raises(ValidationError) as refused:
        services.proposal_hide(proposal=proposal, actor=lead, reason=" ")
    assert "reason" in refused.value.error_dict
    services.proposal_hide(proposal=proposal, actor=lead, reason="Hors sujet")
    proposal.refresh_from_db()
    assert proposal.hidden_reason == "Hors sujet"
    told = Notification.objects.get(recipient=author, kind="process_proposal_hidden")
    assert told.data["reason"] == "Hors sujet"
    with pytest.raises(ValidationError) as refused:
        services.proposal_hide(proposal=proposal, actor=lead, reason="Encore")
    assert codes(refused.value) == {"already_hidden"}


# --- Answers --------------------------------------------------------------------------------


def test_an_answer_without_a_reason_is_refused(proposal, lead):
    with pytest.raises(ValidationError) as refused:
        services.answer_record(proposal=proposal, actor=lead, status=Answer.Status.ADOPTED,
                               reason="   ")
    assert codes(refused.value) == {"reason_required"}
    assert not Answer.objects.exists()


def test_an_answer_with_an_unknown_status_is_refused(proposal, lead):
    with pytest.raises(ValidationError) as refused:
        services.answer_record(proposal=proposal, actor=lead, status="maybe", reason="Parce que")
    assert codes(refused.value) == {"bad_status"}


def test_the_author_and_the_supporters_are_told_the_answer(proposal, lead, author, supporter):
    services.support_add(proposal=proposal, person=supporter)
    services.answer_record(proposal=proposal, actor=lead, status=Answer.Status.ADOPTED_IN_PART,
                           reason="La rue de Metz oui, la gare en 2028.")
    told = Notification.objects.filter(kind="process_answer")
    assert {n.recipient for n in told} == {author, supporter}
    assert told.first().data["status"] == "Adopted in part"


def test_a_new_answer_replaces_the_previous_one(proposal, lead):
    services.answer_record(proposal=proposal, actor=lead, status=Answer.Status.UNDER_STUDY,
                           reason="Étude de trafic en cours.")
    services.answer_record(proposal=proposal, actor=lead, status=Answer.Status.ADOPTED,
                           reason="Validé en conseil.")
    assert Answer.objects.get().status == Answer.Status.ADOPTED


# --- Overdue at the commitment date ±1 day ------------------------------------------------------


DUE = dt.date(2027, 6, 30)


def at_noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@pytest.mark.parametrize(("answered_on", "overdue"), [
    (DUE - dt.timedelta(days=1), False), (DUE, False), (DUE + dt.timedelta(days=1), True),
])
def test_an_answer_after_the_commitment_date_is_overdue(answered_on, overdue):
    assert accountability.is_overdue(answered_at=at_noon(answered_on), due_on=DUE,
                                     today=DUE + dt.timedelta(days=30)) is overdue


@pytest.mark.parametrize(("today", "overdue"), [
    (DUE - dt.timedelta(days=1), False), (DUE, False), (DUE + dt.timedelta(days=1), True),
])
def test_no_answer_is_overdue_the_day_after_the_commitment_date(today, overdue):
    assert accountability.is_overdue(answered_at=None, due_on=DUE, today=today) is overdue


def test_a_late_answer_stays_counted_overdue_on_the_process_page(process, proposal, lead,
                                                                  supporter):
    other = UserFactory()
    services.support_add(proposal=proposal, person=supporter)
    services.support_add(proposal=proposal, person=other)  # threshold 2: owed an answer
    small = services.proposal_create(process=process, author=supporter, title="Petite",
                                     text="Un seul soutien")
    services.workshop_contribution_create(process=process, actor=lead, title="Atelier",
                                          text="Zone 30", source_label="workshop of 12 March")
    services.answer_record(proposal=proposal, actor=lead, status=Answer.Status.ADOPTED,
                           reason="Oui", now=at_noon(DUE + dt.timedelta(days=1)))
    after = selectors.answer_counters(process, today=DUE + dt.timedelta(days=1))
    # Owed: the supported one and the workshop's, not the small one.
    assert (after.owed, after.answered, after.overdue) == (2, 1, 2)
    on_the_day = selectors.answer_counters(process, today=DUE)
    assert on_the_day.overdue == 1  # only the late answer
    assert small.pk


# --- Commitments --------------------------------------------------------------------------------


@pytest.mark.parametrize(("progress", "ok"), [(-1, False), (0, True), (100, True), (101, False)])
def test_commitment_progress_is_a_percentage(process, lead, progress, ok):
    save = lambda: services.commitment_save(
        process=process, actor=lead, title="Piste rue de Metz", status="in_progress",
        progress=progress)
    if ok:
        assert save().progress == progress
    else:
        with pytest.raises(ValidationError) as refused:
            save()
        assert codes(refused.value) == {"bad_progress"}


# --- Phase changes -------------------------------------------------------------------------------


def test_contributors_are_told_once_when_the_phase_changes(process, proposal, supporter, author):
    services.support_add(proposal=proposal, person=supporter)
    services.comment_add(proposal=proposal, author=UserFactory(email="c@example.org"), text="+1")
    contributions = process.phases.get(kind=Phase.Kind.CONTRIBUTIONS)
    assert services.phase_changes_announce() == 0  # still the phase announced at set-up
    later = contributions.ends_at
    assert services.phase_changes_announce(now=later) == 1
    assert services.phase_changes_announce(now=later) == 0
    told = Notification.objects.filter(kind="process_phase")
    assert {n.recipient.email for n in told} == {"awa@example.org", "bruno@example.org",
                                                  "c@example.org"}
    assert told.first().data["phase"] == "Answer"
