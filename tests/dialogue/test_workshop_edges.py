"""The edges of a dialogue's workshops (processes/services/workshops.py) that
tests/dialogue/test_workshops.py did not pin: each refusal in its words,
code and field, a workshop's defaults, what naming a facilitator records and
tells, and the source of a contribution written in the workshop's own day."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from communities.models import Circle
from notifications.models import Notification
from processes import services
from processes.models import Facilitator, Proposal, Workshop
from processes.services.workshops import source_label_for
from tests.events.factories import EventFactory
from tests.factories import CommunityFactory, MembershipFactory
from tests.refusals import refusals

from .conftest import citizen, make_process

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
FORBIDDEN = (None, "You are not allowed to do this for this process.", "forbidden")


@pytest.fixture
def community():
    return CommunityFactory(name="Mobilités")


@pytest.fixture
def local(direction, lead, community):
    """A process of a community (the fixture `process` has none)."""
    return make_process(direction, lead, community=community, title="Plan vélo de Rodez")


def _held(process, lead, ends_at=None, **fields):
    ends_at = ends_at or timezone.now() - HOUR
    event = EventFactory(community=process.community, starts_at=ends_at - 2 * HOUR,
                         ends_at=ends_at, **fields)
    services.workshop_link(process=process, actor=lead, event=event)
    return event


# --- Who may: one refusal, in words --------------------------------------------------------


def test_someone_who_does_not_manage_the_workshops_is_refused_in_words(local, lead, author):
    event = EventFactory(community=local.community)
    calls = [
        lambda: services.workshop_link(process=local, actor=author, event=event),
        lambda: services.workshop_create(process=local, actor=author, title="Atelier",
                                         starts_at=timezone.now() + HOUR,
                                         ends_at=timezone.now() + 2 * HOUR, address="Salle"),
        lambda: services.facilitator_grant(process=local, actor=author, person=author),
    ]
    for call in calls:
        assert refusals(call) == [FORBIDDEN]
    facilitator = services.facilitator_grant(process=local, actor=lead, person=citizen())
    assert refusals(lambda: services.facilitator_revoke(facilitator=facilitator,
                                                        actor=author)) == [FORBIDDEN]
    assert Facilitator.objects.count() == 1 and not Workshop.objects.exists()


# --- Linking and creating workshops ---------------------------------------------------------


def test_linking_refuses_in_words_on_the_event_field(local, lead, direction):
    cancelled = EventFactory(community=local.community, state="cancelled")
    assert refusals(lambda: services.workshop_link(process=local, actor=lead, event=cancelled)) == [
        ("event", "This event is cancelled: it cannot be one of the process's workshops.",
         "cancelled")]
    closed = EventFactory(community=local.community, audience="circles", for_engaged=True)
    [(field, message, code)] = refusals(
        lambda: services.workshop_link(process=local, actor=lead, event=closed))
    assert (field, code) == ("event", "not_open")
    assert message.startswith("This event is not open to citizens:")
    event = EventFactory(community=local.community)
    workshop = services.workshop_link(process=local, actor=lead, event=event)
    assert workshop.linked_by == lead
    assert refusals(lambda: services.workshop_link(process=local, actor=lead, event=event)) == [
        ("event", "This event is already one of the process's workshops.", "already_linked")]


def test_a_workshop_needs_a_title_in_words(local, lead):
    for title in ("  ", None):
        assert refusals(lambda t=title: services.workshop_create(
            process=local, actor=lead, title=t, starts_at=timezone.now() + HOUR,
            ends_at=timezone.now() + 2 * HOUR, address="Salle des fêtes")) == [
            ("title", "Give the workshop a title.", "required")]
    assert not Workshop.objects.exists()


def test_a_workshop_without_an_address_is_refused_by_the_events(local, lead):
    with pytest.raises(ValidationError):
        services.workshop_create(process=local, actor=lead, title="Atelier",
                                 starts_at=timezone.now() + HOUR,
                                 ends_at=timezone.now() + 2 * HOUR, address="")
    assert not Workshop.objects.exists()


def test_a_new_workshop_is_the_communitys_published_event_with_its_description(
        local, lead, community):
    MembershipFactory(community=community, user=lead, circle=Circle.ENGAGED)
    start = timezone.now() + HOUR
    workshop = services.workshop_create(
        process=local, actor=lead, title="  Atelier vélo  ", starts_at=start,
        ends_at=start + 2 * HOUR, address="Salle des fêtes", description="  Venez nombreux.  ")
    event = workshop.event
    assert (event.title, event.description, event.community, event.state, workshop.linked_by) == (
        "Atelier vélo", "Venez nombreux.", community, "published", lead)
    # The lead, a member, is not told of the event they have just published.
    assert not Notification.objects.filter(recipient=lead, kind="event_announced").exists()
    other = services.workshop_create(process=local, actor=lead, title="Atelier 2",
                                     starts_at=start, ends_at=start + HOUR, address="Salle B")
    assert other.event.description == (
        "A workshop of the citizen dialogue process “Plan vélo de Rodez”.")


# --- Facilitators ---------------------------------------------------------------------------


def test_naming_a_facilitator_records_who_and_tells_them_from_whom(local, lead, community):
    person = citizen("Fanny Animatrice", email="fanny@example.org")
    assert not person.has_perm("processes.facilitate_workshops", local)  # cached no
    facilitator = services.facilitator_grant(process=local, actor=lead, person=person)
    assert person.has_perm("processes.facilitate_workshops", local)  # the cache forgot
    assert facilitator.granted_by == lead
    told = Notification.objects.get(recipient=person, kind="process_facilitator_named")
    assert (told.actor, told.community, told.data) == (
        lead, community, {"process": "Plan vélo de Rodez"})
    entry = AuditEntry.objects.get(action="facilitator.granted")
    assert (entry.community_id, entry.details) == (community.pk, {"process": local.pk})
    assert refusals(lambda: services.facilitator_grant(process=local, actor=lead,
                                                       person=person)) == [
        (None, "This person already facilitates this process's workshops.",
         "already_facilitator")]

    services.facilitator_revoke(facilitator=facilitator, actor=lead)
    assert not person.has_perm("processes.facilitate_workshops", local)  # forgot again
    entry = AuditEntry.objects.get(action="facilitator.revoked")
    assert (entry.community_id, entry.details) == (community.pk, {"process": local.pk})


# --- Contributions entered after a workshop --------------------------------------------------


def test_the_source_is_written_in_the_workshops_own_day_and_number(local, lead):
    """21:30 UTC on 11 March is 22:30 in Paris but 01:30 on the 12th in La Réunion."""
    start = dt.datetime(2026, 3, 11, 21, 30, tzinfo=dt.timezone.utc)
    reunion = EventFactory(community=local.community, starts_at=start, ends_at=start + HOUR,
                           time_zone="Indian/Reunion")
    assert source_label_for(reunion, 1) == "Workshop of 12 March, 1 participant"
    assert source_label_for(reunion, 2) == "Workshop of 12 March, 2 participants"
    paris = EventFactory(community=local.community, starts_at=start, ends_at=start + HOUR)
    assert source_label_for(paris, 23) == "Workshop of 11 March, 23 participants"


def test_a_contribution_is_refused_in_words_before_publication(direction, lead):
    draft = make_process(direction, lead, publish=False)
    assert refusals(lambda: services.workshop_contribution_create(
        process=draft, actor=lead, title="A", text="B", source_label="Atelier")) == [
        (None, "Publish the process before entering contributions.", "not_published")]


def test_a_contribution_from_a_non_facilitator_is_refused_in_words(local, lead, author):
    assert refusals(lambda: services.workshop_contribution_create(
        process=local, actor=author, title="A", text="B", source_label="Atelier")) == [FORBIDDEN]


def test_an_event_of_the_process_is_needed_even_when_it_has_other_workshops(local, lead):
    _held(local, lead)
    unlinked = EventFactory(community=local.community, starts_at=timezone.now() - 3 * HOUR,
                            ends_at=timezone.now() - HOUR)
    assert refusals(lambda: services.workshop_contribution_create(
        process=local, actor=lead, title="A", text="B", event=unlinked, participants=3)) == [
        ("event", "This event is not one of this process's workshops.", "not_linked")]


def test_a_workshop_still_going_on_and_no_participant_are_refused_in_words(local, lead):
    event = _held(local, lead)
    assert refusals(lambda: services.workshop_contribution_create(
        process=local, actor=lead, title="A", text="B", event=event, participants=3,
        now=event.ends_at - dt.timedelta(microseconds=1))) == [
        ("event", ("This workshop has not taken place yet: enter its contributions once it "
                   "has ended."), "not_yet")]
    assert refusals(lambda: services.workshop_contribution_create(
        process=local, actor=lead, title="A", text="B", event=event, participants=0)) == [
        ("participants", "Say how many people took part: at least 1.", "participants")]
    assert not Proposal.objects.exists()


def test_without_an_event_the_source_is_required_and_the_number_dropped(local, lead):
    assert refusals(lambda: services.workshop_contribution_create(
        process=local, actor=lead, title="A", text="B")) == [
        ("source_label", "Say where it comes from, e.g. “workshop of 12 March, 23 participants”.",
         "required")]
    entered = services.workshop_contribution_create(
        process=local, actor=lead, title="A", text="B", participants=12,
        source_label="  Réunion publique du 3 mars  ")
    assert (entered.source_label, entered.participants, entered.workshop_event) == (
        "Réunion publique du 3 mars", None, None)


def test_a_contributions_title_and_text_are_required_in_words(local, lead):
    assert refusals(lambda: services.workshop_contribution_create(
        process=local, actor=lead, title=" ", text="B", source_label="Atelier")) == [
        ("title", "Give the contribution a title.", "required")]
    assert refusals(lambda: services.workshop_contribution_create(
        process=local, actor=lead, title="A", text=" ", source_label="Atelier")) == [
        ("text", "Write down what the participants proposed.", "required")]
    assert not Proposal.objects.exists()
