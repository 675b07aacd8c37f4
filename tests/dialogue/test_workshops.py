"""In-person workshops of a process (issue #17, item 3): events of the events
app linked to the process, facilitators named by its lead who, after a
workshop, enter its contributions (with the event and how many took part) and
publish its minutes; shown with their source and counted in the open data."""

import datetime as dt
import json
from email.utils import parseaddr

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from notifications.models import Notification
from notifications.rendering import render_text
from processes import selectors, services
from processes.models import Facilitator, Proposal, Workshop
from tests.events.factories import EventFactory
from tests.factories import CommunityFactory

from .conftest import citizen, make_process

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.PROCESSES_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def facilitator(process, lead):
    person = citizen("Fanny Animatrice", email="fanny@example.org")
    services.facilitator_grant(process=process, actor=lead, person=person)
    return person


def held_workshop(process, lead, *, ended_ago=HOUR, **fields):
    """A workshop of the process that ended `ended_ago` ago (12 March if asked)."""
    ends_at = timezone.now() - ended_ago
    event = EventFactory(community=None, starts_at=ends_at - 2 * HOUR, ends_at=ends_at,
                         title="Atelier de Baraqueville", **fields)
    services.workshop_link(process=process, actor=lead, event=event)
    return event


def enter(process, actor, event, participants=23, **fields):
    return services.workshop_contribution_create(
        process=process, actor=actor, title=fields.pop("title", "Zone 30 devant l'école"),
        text="Les parents demandent une zone 30.", event=event, participants=participants,
        **fields)


# --- Linking events and naming facilitators ------------------------------------------


def test_the_lead_links_an_event_once_and_never_a_cancelled_one(process, lead):
    event = EventFactory(community=None)
    services.workshop_link(process=process, actor=lead, event=event)
    with pytest.raises(ValidationError, match="already one of the process's workshops"):
        services.workshop_link(process=process, actor=lead, event=event)
    cancelled = EventFactory(community=None, state=Event.State.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled"):
        services.workshop_link(process=process, actor=lead, event=cancelled)
    assert [w.event for w in selectors.workshops_of(process)] == [event]


def test_the_lead_creates_a_workshop_published_in_the_events(process, lead):
    starts = (timezone.now() + dt.timedelta(days=3)).replace(microsecond=0)
    workshop = services.workshop_create(
        process=process, actor=lead, title="Atelier vélo", starts_at=starts,
        ends_at=starts + 2 * HOUR, address="Salle des fêtes, Rodez")
    event = workshop.event
    assert event.state == Event.State.PUBLISHED and event.organiser == lead
    assert event.community_id == process.community_id and event.address.startswith("Salle")
    assert "Plan vélo 2027" in event.description


def test_a_workshop_in_the_past_is_refused_by_the_events_and_nothing_is_created(process, lead):
    starts = timezone.now() - HOUR
    with pytest.raises(ValidationError):
        services.workshop_create(process=process, actor=lead, title="Trop tard",
                                 starts_at=starts, ends_at=starts + 2 * HOUR, address="Ici")
    assert not Workshop.objects.exists() and not Event.objects.filter(title="Trop tard").exists()


def test_only_the_managers_link_workshops_and_name_facilitators(process, facilitator, author):
    event = EventFactory(community=None)
    for actor in (facilitator, author):
        with pytest.raises(ValidationError, match="not allowed"):
            services.workshop_link(process=process, actor=actor, event=event)
        with pytest.raises(ValidationError, match="not allowed"):
            services.facilitator_grant(process=process, actor=actor, person=author)
    assert not Workshop.objects.exists()
    assert list(Facilitator.objects.values_list("person", flat=True)) == [facilitator.pk]


def test_a_facilitator_is_named_once(process, lead, facilitator):
    with pytest.raises(ValidationError, match="already facilitates"):
        services.facilitator_grant(process=process, actor=lead, person=facilitator)
    assert Facilitator.objects.count() == 1


def test_the_person_named_is_told_where_to_enter_a_workshops_contributions(
    process, lead, author, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        services.facilitator_grant(process=process, actor=lead, person=author)
    line = Notification.objects.get(recipient=author, kind="process_facilitator_named")
    assert line.url == reverse("processes:workshop", kwargs={"slug": process.slug})
    assert process.title in render_text(line)
    assert [[parseaddr(to)[1] for to in m.to] for m in mailoutbox] == [[author.email]]
    # Refused the second time: nobody is told twice.
    with pytest.raises(ValidationError):
        services.facilitator_grant(process=process, actor=lead, person=author)
    assert Notification.objects.filter(kind="process_facilitator_named").count() == 1


# --- Entering a workshop's contributions ---------------------------------------------


def test_a_facilitator_enters_a_contribution_with_its_source(process, lead, facilitator):
    event = held_workshop(process, lead)
    entered = enter(process, facilitator, event, participants=23)
    day = timezone.localtime(event.starts_at, event.tz)
    assert entered.workshop_event == event and entered.participants == 23
    assert entered.author is None and entered.entered_by == facilitator
    assert entered.source_label == f"Workshop of {day.day} {day:%B}, 23 participants"
    # A workshop's contribution is owed an answer, like before.
    assert selectors.answer_counters(process).owed == 1


def test_one_participant_is_enough_none_is_refused(process, lead, facilitator):
    event = held_workshop(process, lead)
    assert enter(process, facilitator, event, participants=1).source_label.endswith(
        ", 1 participant")
    for wrong in (0, -1, None):
        with pytest.raises(ValidationError, match="at least 1"):
            enter(process, facilitator, event, participants=wrong, title="Encore")
    assert Proposal.objects.count() == 1


def test_the_database_refuses_zero_participants_too(process, lead):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.create(process=process, title="T", text="X", participants=0)


def test_an_event_not_linked_to_this_process_is_refused(process, lead, direction, facilitator):
    other = make_process(direction, lead, title="Autre démarche")
    foreign = held_workshop(other, lead)
    unlinked = EventFactory(community=None, starts_at=timezone.now() - 3 * HOUR,
                            ends_at=timezone.now() - HOUR)
    for event in (foreign, unlinked):
        with pytest.raises(ValidationError, match="not one of this process's workshops"):
            enter(process, lead, event)
    assert not process.proposals.exists()


def test_contributions_are_entered_once_the_workshop_has_ended(process, lead, facilitator):
    event = held_workshop(process, lead)
    with pytest.raises(ValidationError, match="has not taken place yet"):
        enter(process, facilitator, event, now=event.ends_at - dt.timedelta(seconds=1))
    assert not process.proposals.exists()
    assert enter(process, facilitator, event, now=event.ends_at).pk  # at its end exactly


def test_someone_who_is_not_a_facilitator_is_refused(process, lead, facilitator, author,
                                                     direction):
    event = held_workshop(process, lead)
    with pytest.raises(ValidationError, match="not allowed"):
        enter(process, author, event)
    # A facilitator of another process facilitates nothing here.
    other = make_process(direction, lead, title="Autre démarche")
    services.facilitator_grant(process=other, actor=lead, person=author)
    with pytest.raises(ValidationError, match="not allowed"):
        enter(process, author, event)
    # Removed, the facilitator is refused too.
    services.facilitator_revoke(facilitator=Facilitator.objects.get(process=process), actor=lead)
    with pytest.raises(ValidationError, match="not allowed"):
        enter(process, facilitator, event)
    assert not process.proposals.exists()


def test_a_draft_takes_no_workshop_contribution(direction, lead):
    draft = make_process(direction, lead, publish=False)
    with pytest.raises(ValidationError, match="Publish the process"):
        services.workshop_contribution_create(process=draft, actor=lead, title="A", text="B",
                                              source_label="Atelier")


# --- Pages -----------------------------------------------------------------------------


def test_the_facilitator_enters_contributions_on_the_page(client, process, lead, facilitator):
    event = held_workshop(process, lead)
    client.force_login(facilitator)
    page = client.get(process.get_absolute_url()).content.decode()
    url = reverse("processes:workshop", args=[process.slug])
    assert f'href="{url}"' in page and "Facilitating the workshops" in page
    response = client.post(url, {"event": event.pk, "participants": 23,
                                 "title": "Zone 30", "text": "Devant l'école."})
    assert response.status_code == 200
    proposal = Proposal.objects.get(title="Zone 30")
    assert proposal.workshop_event == event and proposal.participants == 23
    # The proposal list and page show its source; the page links to the workshop.
    page = client.get(process.get_absolute_url()).content.decode()
    assert proposal.source_label in page
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert proposal.source_label in page and event.get_absolute_url() in page


@pytest.mark.parametrize("participants,status", [("0", 400), ("1", 200)])
def test_the_page_refuses_zero_participants_with_a_message(client, process, lead, facilitator,
                                                           participants, status):
    event = held_workshop(process, lead)
    client.force_login(facilitator)
    response = client.post(reverse("processes:workshop", args=[process.slug]), {
        "event": event.pk, "participants": participants, "title": "T", "text": "X"})
    assert response.status_code == status
    assert Proposal.objects.count() == (1 if status == 200 else 0)
    if status == 400:
        assert "at least 1" in response.content.decode()


def test_the_page_refuses_another_process_s_event(client, process, lead, direction):
    other = make_process(direction, lead, title="Autre démarche")
    foreign = held_workshop(other, lead)
    client.force_login(lead)
    response = client.post(reverse("processes:workshop", args=[process.slug]), {
        "event": foreign.pk, "participants": 5, "title": "T", "text": "X"})
    assert response.status_code == 400
    assert "not one of this process&#x27;s workshops" in response.content.decode()
    assert not Proposal.objects.exists()


def test_the_page_refuses_a_workshop_that_has_not_ended(client, process, lead, facilitator):
    event = held_workshop(process, lead, ended_ago=-HOUR)  # ends in an hour
    client.force_login(facilitator)
    response = client.post(reverse("processes:workshop", args=[process.slug]), {
        "event": event.pk, "participants": 5, "title": "T", "text": "X"})
    assert response.status_code == 400
    assert "has not taken place yet" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_citizen_gets_403_and_nothing_changes(client, process, lead, author):
    event = held_workshop(process, lead)
    client.force_login(author)
    url = reverse("processes:workshop", args=[process.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"event": event.pk, "participants": 5, "title": "T",
                             "text": "X"}).status_code == 403
    assert client.get(reverse("processes:workshops", args=[process.slug])).status_code == 403
    assert not Proposal.objects.exists()
    page = client.get(process.get_absolute_url()).content.decode()
    assert url not in page


def test_the_lead_links_creates_and_names_on_the_workshops_page(client, process, lead):
    person = citizen("Fanny Animatrice", email="fanny@example.org")
    event = EventFactory(community=None, title="Forum des mobilités")
    client.force_login(lead)
    url = reverse("processes:workshops", args=[process.slug])
    assert url in client.get(process.get_absolute_url()).content.decode()
    assert "Forum des mobilités" in client.get(url).content.decode()
    assert client.post(url, {"action": "link", "event": event.pk}).status_code == 302
    starts = timezone.localtime() + dt.timedelta(days=4)
    assert client.post(url, {
        "action": "create", "title": "Atelier quartier Nord",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + 2 * HOUR).strftime("%Y-%m-%dT%H:%M"),
        "address": "Maison de quartier"}).status_code == 302
    assert client.post(url, {"action": "grant", "email": "FANNY@example.org"}).status_code == 302
    response = client.post(url, {"action": "grant", "email": "nobody@example.org"})
    assert response.status_code == 400 and "No account has this e-mail address" in \
        response.content.decode()
    # In date order: the new one in 4 days, the linked one in 7.
    assert [w.event.title for w in selectors.workshops_of(process)] == [
        "Atelier quartier Nord", "Forum des mobilités"]
    assert Facilitator.objects.get(process=process).person == person
    # Removed again from the same page.
    facilitator = Facilitator.objects.get(process=process)
    client.post(reverse("processes:facilitator_revoke", args=[process.slug, facilitator.pk]))
    assert not Facilitator.objects.exists()


def test_the_process_page_and_the_event_page_link_each_other(client, process, lead):
    event = EventFactory(community=None, title="Atelier de Baraqueville",
                         address="Salle des fêtes, Baraqueville")
    services.workshop_link(process=process, actor=lead, event=event)
    page = client.get(process.get_absolute_url()).content.decode()
    assert event.get_absolute_url() in page and "Salle des fêtes, Baraqueville" in page
    day = timezone.localtime(event.starts_at, event.tz)
    assert f"{day.day} {day:%b} {day.year}, {day:%H:%M}" in page
    page = client.get(event.get_absolute_url()).content.decode()
    assert "A workshop of a citizen dialogue process" in page
    assert process.get_absolute_url() in page


def test_a_draft_s_workshop_does_not_name_the_draft_on_the_event_page(client, direction, lead):
    draft = make_process(direction, lead, publish=False, title="Démarche secrète")
    event = EventFactory(community=None)
    services.workshop_link(process=draft, actor=lead, event=event)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Démarche secrète" not in page
    client.force_login(lead)
    assert "Démarche secrète" in client.get(event.get_absolute_url()).content.decode()


def test_the_facilitator_publishes_the_minutes_only(client, process, lead, facilitator):
    client.force_login(facilitator)
    url = reverse("processes:document_new", args=[process.slug])
    page = client.get(url).content.decode()
    assert 'value="minutes"' in page and 'value="brief"' not in page

    def post(kind):
        return client.post(url, {"kind": kind, "title": "Compte rendu", "dated_on": "2027-03-12",
                                 "file": SimpleUploadedFile("cr.pdf", PDF)})

    assert post("brief").status_code == 400
    assert not process.documents.exists()
    assert post("minutes").status_code == 302
    assert process.documents.get().kind == "minutes"
    with pytest.raises(ValidationError, match="minutes only"):
        services.document_publish(process=process, actor=facilitator, kind="brief", title="B",
                                  dated_on=dt.date(2027, 3, 12),
                                  upload=SimpleUploadedFile("b.pdf", PDF))


def test_a_citizen_publishes_no_document(client, process, author):
    client.force_login(author)
    assert client.get(reverse("processes:document_new", args=[process.slug])).status_code == 403


# --- Open data -------------------------------------------------------------------------


def test_the_exports_carry_the_workshop_and_its_participants_not_who_entered_it(
        client, process, lead, facilitator):
    event = held_workshop(process, lead)
    entered = enter(process, facilitator, event, participants=23)
    data = json.loads(client.get(reverse("api:process-export-json", args=[process.slug])).content)
    row = next(p for p in data["proposals"] if p["id"] == entered.pk)
    assert row["source"] == entered.source_label and row["participants"] == 23
    assert row["workshop"]["id"] == event.pk and row["workshop"]["title"] == event.title
    assert row["author"] is None
    text = json.dumps(data)
    assert "fanny@example.org" not in text and "Fanny Animatrice" not in text
    csv = client.get(reverse("api:process-export-proposals", args=[process.slug])).content
    header, line = csv.decode().splitlines()[:2]
    assert "participants" in header.split(",") and "workshop_title" in header.split(",")
    assert "Atelier de Baraqueville" in line and ",23," in line


def test_the_workshops_list_costs_one_query(process, lead, django_assert_num_queries):
    for _ in range(3):
        services.workshop_link(process=process, actor=lead, event=EventFactory(community=None))
    with django_assert_num_queries(1):
        workshops = selectors.workshops_of(process)
        assert [w.event.title for w in workshops]


def test_only_events_open_to_citizens_can_be_workshops(direction, lead):
    # The process page is public and names its workshops: an event for the
    # engaged or informed circles only would show its title to people it is
    # hidden from.
    community = CommunityFactory()
    process = make_process(direction, lead, community=community)
    citizens = EventFactory(community=community, audience=Event.Audience.CIRCLES,
                            for_citizens=True)
    engaged_only = EventFactory(community=community, audience=Event.Audience.CIRCLES,
                                for_engaged=True, for_citizens=False)
    other = EventFactory(audience=Event.Audience.CIRCLES, for_citizens=True)
    public = EventFactory(community=None)
    linkable = selectors.linkable_events(process)
    assert citizens in linkable and public in linkable
    assert engaged_only not in linkable and other not in linkable
    for refused in (engaged_only, other):
        with pytest.raises(ValidationError) as caught:
            services.workshop_link(process=process, actor=lead, event=refused)
        assert caught.value.error_dict["event"][0].code == "not_open"
    assert not Workshop.objects.filter(process=process).exists()
    services.workshop_link(process=process, actor=lead, event=citizens)
    services.workshop_link(process=process, actor=lead, event=public)
    assert Workshop.objects.filter(process=process).count() == 2


def test_naming_and_removing_a_facilitator_are_in_the_audit_log(process, lead):
    import audit
    from audit.models import AuditEntry

    person = citizen("Fanny Animatrice", email="fanny.audit@example.org")
    facilitator = services.facilitator_grant(process=process, actor=lead, person=person)
    with pytest.raises(ValidationError):  # twice: refused, no second entry
        services.facilitator_grant(process=process, actor=lead, person=person)
    services.facilitator_revoke(facilitator=facilitator, actor=lead)
    entries = list(AuditEntry.objects.filter(action__startswith="facilitator.").order_by("pk"))
    assert [e.action for e in entries] == [audit.Action.FACILITATOR_GRANTED,
                                          audit.Action.FACILITATOR_REVOKED]
    assert all(e.actor == lead and e.target_user == person
               and e.community_id == process.community_id
               and e.details == {"process": process.pk} for e in entries)
