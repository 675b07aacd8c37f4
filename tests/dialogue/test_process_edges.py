"""A process's own services at their edges (processes/services/processes.py)
that tests/dialogue/test_services.py did not pin: who leads a direction's
processes (what granting and revoking record, and that the permission cache
forgets), the mandate's refusals in their words and fields, a process's
address, a change merged with what is stored, and the phases: their
refusals by number, their order, and the phase told as running. The
mutation run of this module stands on these tests (docs/testing.md)."""

import datetime as dt

import pytest

from audit.models import AuditEntry
from processes import services
from processes.models import Phase, Process, ProcessLead
from processes.services.processes import MANDATE_FIELDS
from tests.factories import DirectionFactory, UserFactory
from tests.refusals import refusals

from .conftest import DAY, MANDATE, make_process

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
RULES = "This is part of the rules of the game: fill it in."


def phase(kind, start, end, text=""):
    return services.PhaseInput(kind, start, end, text)


# --- Process leads --------------------------------------------------------------------------


@pytest.fixture
def agent(direction):
    person = UserFactory(email="agent@example.org", display_name="Paul Agent")
    direction.staff.add(person)
    return person


@pytest.fixture
def cultivator(db):
    return UserFactory(email="cultivatrice@example.org")


def test_granting_records_who_and_the_permission_cache_forgets(direction, agent, cultivator):
    assert not agent.has_perm("processes.run_processes_of", direction)  # cached no
    lead = services.process_lead_grant(direction=direction, person=agent, actor=cultivator)
    assert agent.has_perm("processes.run_processes_of", direction)  # the cache forgot
    assert (lead.direction, lead.person, lead.granted_by) == (direction, agent, cultivator)
    entry = AuditEntry.objects.get(action="process_lead.granted")
    assert (entry.actor, entry.target_id, entry.details) == (
        cultivator, str(agent.pk), {"direction": direction.pk})


def test_granting_is_refused_in_words_to_a_stranger_and_twice(direction, agent, cultivator):
    stranger = UserFactory()
    DirectionFactory().staff.add(stranger)
    assert refusals(lambda: services.process_lead_grant(
        direction=direction, person=stranger, actor=cultivator)) == [
        (None, "Only an agent of this direction can lead its processes.", "not_agent")]
    services.process_lead_grant(direction=direction, person=agent, actor=cultivator)
    assert refusals(lambda: services.process_lead_grant(
        direction=direction, person=agent, actor=cultivator)) == [
        (None, "This person already leads this direction's processes.", "already_lead")]
    assert ProcessLead.objects.get(person=agent).granted_by == cultivator
    assert AuditEntry.objects.filter(action="process_lead.granted").count() == 1


def test_revoking_removes_this_lead_only_and_the_cache_forgets(direction, agent, cultivator):
    other_direction = DirectionFactory()
    other_direction.staff.add(agent)
    colleague = UserFactory()
    direction.staff.add(colleague)
    for where, who in ((direction, agent), (other_direction, agent), (direction, colleague)):
        services.process_lead_grant(direction=where, person=who, actor=cultivator)
    assert agent.has_perm("processes.run_processes_of", direction)  # cached yes
    services.process_lead_revoke(direction=direction, person=agent, actor=cultivator)
    assert not agent.has_perm("processes.run_processes_of", direction)  # the cache forgot
    assert set(ProcessLead.objects.values_list("direction", "person")) == {
        (other_direction.pk, agent.pk), (direction.pk, colleague.pk)}
    entry = AuditEntry.objects.get(action="process_lead.revoked")
    assert (entry.actor, entry.target_id, entry.details) == (
        cultivator, str(agent.pk), {"direction": direction.pk})


def test_revoking_someone_who_does_not_lead_records_nothing(direction, agent, cultivator):
    services.process_lead_revoke(direction=direction, person=agent, actor=cultivator)
    assert not AuditEntry.objects.filter(action="process_lead.revoked").exists()


# --- The mandate ----------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["title", "summary", "territory", "elected_official",
                                   *MANDATE_FIELDS])
@pytest.mark.parametrize("blank", ["  ", None])
def test_each_rule_of_the_game_is_required_on_its_field(direction, lead, field, blank):
    assert refusals(lambda: services.process_create(
        actor=lead, direction=direction, **{**MANDATE, field: blank})) == [
        (field, RULES, "required")]
    assert not Process.objects.exists()


def test_the_answers_date_is_required_and_every_gap_is_said_at_once(direction, lead):
    assert refusals(lambda: services.process_create(
        actor=lead, direction=direction, **{**MANDATE, "answer_due_on": None,
                                            "decision_maker": "", "title": ""})) == [
        ("answer_due_on", "Say by when the answers are due.", "required"),
        ("decision_maker", RULES, "required"), ("title", RULES, "required")]


def test_an_unknown_field_is_a_programming_error_and_writes_nothing(direction, lead):
    with pytest.raises(TypeError, match=r"Unknown fields: \['colour', 'size'\]"):
        services.process_create(actor=lead, direction=direction, colour="vert", size=2,
                                **MANDATE)
    assert not Process.objects.exists()
    process = make_process(direction, lead, publish=False)
    with pytest.raises(TypeError, match=r"Unknown fields: \['colour'\]"):
        services.process_update(process=process, actor=lead, colour="vert", title="Autre")
    assert Process.objects.get().title == MANDATE["title"]


def test_a_new_process_is_a_draft_of_its_direction_by_its_author(direction, lead):
    process = services.process_create(actor=lead, direction=direction, **MANDATE)
    process = Process.objects.get(pk=process.pk)
    assert (process.direction, process.created_by, process.state, process.published_at,
            process.slug, process.support_threshold) == (
        direction, lead, Process.State.DRAFT, None, "plan-velo-2027", 2)


@pytest.mark.parametrize("titles,slug", [
    (["Plan vélo 2027"] * 3, "plan-velo-2027-3"),
    (["New"], "new-2"),
    (["Leads"], "leads-2"),
    (["!!!"], "process"),
    (["!!!", "???"], "process-2"),
    (["a" * 150], "a" * 100),
])
def test_a_process_gets_an_address_of_its_own(direction, lead, titles, slug):
    for title in titles:
        process = services.process_create(actor=lead, direction=direction,
                                          **{**MANDATE, "title": title})
    assert process.slug == slug


def test_a_change_is_merged_with_what_is_stored_then_checked(direction, lead):
    process = make_process(direction, lead, publish=False)
    services.process_update(process=process, actor=lead, title="Plan vélo 2028",
                            support_threshold=5)
    stored = Process.objects.get(pk=process.pk)
    assert (stored.title, stored.support_threshold, stored.summary, stored.slug) == (
        "Plan vélo 2028", 5, MANDATE["summary"], "plan-velo-2027")
    assert refusals(lambda: services.process_update(
        process=process, actor=lead, contributions_use=" ", title="Encore")) == [
        ("contributions_use", RULES, "required")]
    assert Process.objects.get(pk=process.pk).title == "Plan vélo 2028"


def test_publishing_stamps_the_given_time_and_is_refused_in_words(direction, lead):
    process = services.process_create(actor=lead, direction=direction, **MANDATE)
    assert refusals(lambda: services.process_publish(process=process, actor=lead)) == [
        (None, ("Give the process its phases before publishing it: people need to know when "
         "they can contribute."), "no_phases")]
    services.phases_set(process=process, actor=lead, phases=[
        phase(Phase.Kind.CONTRIBUTIONS, NOW, NOW + DAY)])
    services.process_publish(process=process, actor=lead, now=NOW)
    stored = Process.objects.get(pk=process.pk)
    assert (stored.state, stored.published_at) == (Process.State.PUBLISHED, NOW)
    assert refusals(lambda: services.process_publish(process=process, actor=lead)) == [
        (None, "This process is already published.", "already_published")]


# --- Phases ---------------------------------------------------------------------------------


@pytest.fixture
def draft(direction, lead):
    return services.process_create(actor=lead, direction=direction, **MANDATE)


C = Phase.Kind.CONTRIBUTIONS


@pytest.mark.parametrize("phases,message,code", [
    ([], "A process needs at least one phase.", "no_phases"),
    ([phase(C, NOW, NOW + DAY), phase("vote", NOW + DAY, NOW + 2 * DAY)],
     "Phase 2: choose a kind from the list.", "bad_kind"),
    ([phase(C, None, NOW)], "Phase 1: give its start and its end.", "missing_dates"),
    ([phase(C, NOW, None)], "Phase 1: give its start and its end.", "missing_dates"),
    ([phase(C, NOW, NOW + DAY), phase(C, NOW + DAY, NOW + DAY)],
     "Phase 2 ends before it starts: its end must come after its start.", "phase_order"),
    ([phase(C, NOW, NOW + DAY), phase(C, NOW + DAY, NOW + 2 * DAY),
      phase(C, NOW + 2 * DAY - dt.timedelta(seconds=1), NOW + 3 * DAY)],
     "Phase 3 starts before the previous one ends: phases follow each other.",
     "phases_overlap"),
])
def test_each_refusal_of_the_phases_names_the_phase(draft, lead, phases, message, code):
    services.phases_set(process=draft, actor=lead, phases=[phase(C, NOW, NOW + DAY, "Avant")])
    assert refusals(lambda: services.phases_set(process=draft, actor=lead, phases=phases)) == [
        (None, message, code)]
    assert list(draft.phases.values_list("text", flat=True)) == ["Avant"]


@pytest.mark.parametrize("now,running", [
    (NOW - dt.timedelta(seconds=1), None),
    (NOW, "Informez-vous"),
    (NOW + DAY, "Vos idées"),
    (NOW + 3 * DAY - dt.timedelta(seconds=1), "Vos idées"),
    (NOW + 3 * DAY, None),
])
def test_phases_replace_the_former_ones_in_order_and_the_running_one_counts_as_told(
        draft, lead, now, running):
    services.phases_set(process=draft, actor=lead, phases=[phase(C, NOW, NOW + DAY, "Avant")])
    created = services.phases_set(process=draft, actor=lead, now=now, phases=[
        phase(Phase.Kind.INFORMATION, NOW, NOW + DAY, "  Informez-vous "),
        phase(C, NOW + DAY, NOW + 3 * DAY, "Vos idées"),
    ])
    assert list(draft.phases.values_list("position", "kind", "text")) == [
        (1, "information", "Informez-vous"), (2, "contributions", "Vos idées")]
    assert [p.pk for p in created] == list(draft.phases.values_list("pk", flat=True))
    announced = Process.objects.get(pk=draft.pk).announced_phase
    assert (announced.text if announced else None) == running
