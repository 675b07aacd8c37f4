"""The dialogue's reads at their edges (processes/selectors.py): which
process, which state, which person each list keeps; the order each one
promises (the answer page's owed proposals first, the documents and
decisions by day); what a hidden proposal keeps out of public pages; the
workshops a lead may link, to the day and to the limit; and the queries
each read costs with what its page shows. The mutation run of this module
stands on these tests (docs/testing.md)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from events.models import Event
from processes import selectors, services
from processes.models import Answer, ProcessDocument, Proposal
from tests.events.factories import EventFactory
from tests.factories import DirectionFactory, UserFactory
from tests.rows import rewritten

from .conftest import citizen, make_process

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def propose(process, title, author=None, **fields):
    return services.proposal_create(process=process, author=author or citizen(title),
                                    title=title, text="Pourquoi pas ?", **fields)


def supported(proposal, times):
    for number in range(times):
        services.support_add(proposal=proposal, person=citizen(f"Soutien {number}"))
    return proposal


def answer(proposal, lead, status=Answer.Status.ADOPTED):
    return services.answer_record(proposal=proposal, actor=lead, status=status,
                                  reason="Parce que.")


# --- Who leads, who runs what --------------------------------------------------------------


@pytest.fixture
def water(lead):
    """Another direction: the lead is one of its agents without leading its
    processes."""
    water = DirectionFactory(name="Eau", slug="eau")
    water.staff.add(lead)
    return water


def test_the_grant_form_offers_each_agent_the_directions_they_do_not_lead_yet(
        direction, lead, water, django_assert_num_queries):
    # By name, Bruno would come before Léa: the directions come first.
    bruno = UserFactory(display_name="Bruno Agent")
    adele = UserFactory(display_name="Adèle Agent")
    direction.staff.add(bruno)
    water.staff.add(adele)

    with django_assert_num_queries(1):  # with the names shown
        offered = [(d.name, p.display_name) for d, p in selectors.agents_without_lead_role()]

    assert offered == [("Eau", "Adèle Agent"), ("Eau", "Léa Pilote"),
                       ("Mobilités", "Bruno Agent")]


def test_the_leads_are_listed_by_direction_then_name_with_their_names(
        direction, lead, water, django_assert_num_queries):
    for name, place in (("Zoé Agent", water), ("Adèle Agent", water), ("Bruno Agent", direction)):
        person = UserFactory(display_name=name)
        place.staff.add(person)
        services.process_lead_grant(direction=place, person=person, actor=None)

    with django_assert_num_queries(1):
        leads = [(row.direction.name, row.person.display_name, row.granted_at is not None)
                 for row in selectors.process_leads()]

    assert leads == [("Eau", "Adèle Agent", True), ("Eau", "Zoé Agent", True),
                     ("Mobilités", "Bruno Agent", True), ("Mobilités", "Léa Pilote", True)]


def test_a_leads_drafts_are_the_drafts_of_the_directions_they_lead(
        direction, lead, water, django_assert_num_queries):
    draft = make_process(direction, lead, publish=False, title="Brouillon")
    make_process(direction, lead, title="Publié")
    other_lead = UserFactory()
    water.staff.add(other_lead)
    services.process_lead_grant(direction=water, person=other_lead, actor=None)
    make_process(water, other_lead, publish=False, title="Brouillon de l'eau")

    with django_assert_num_queries(3):  # what they lead, where they work, the drafts
        drafts = [(p.title, p.direction.name) for p in selectors.drafts_led_by(lead)]

    assert drafts == [("Brouillon", "Mobilités")]
    assert draft.state == "draft"


def test_a_processs_facilitators_are_its_own_by_name(direction, lead, process,
                                                     django_assert_num_queries):
    other = make_process(direction, lead, title="Plan piéton")
    for name, target in (("Zoé Anime", process), ("Adèle Anime", process),
                         ("Bruno Ailleurs", other)):
        services.facilitator_grant(process=target, actor=lead, person=citizen(name))

    with django_assert_num_queries(1):
        rows = [(f.person.display_name, f.person.pk is not None, f.process_id == process.pk,
                 f.granted_at is not None) for f in selectors.facilitators_of(process)]

    assert rows == [("Adèle Anime", True, True, True), ("Zoé Anime", True, True, True)]


def test_facilitators_of_the_same_name_keep_the_order_they_were_granted_in(process, lead):
    granted = [services.facilitator_grant(process=process, actor=lead, person=citizen("Homonyme"))
               for _ in range(2)]
    for row in sorted(granted, key=lambda f: f.pk, reverse=True):
        rewritten(row)  # the table now holds them in the other order

    assert [f.pk for f in selectors.facilitators_of(process)] == sorted(f.pk for f in granted)


# --- The list of processes ------------------------------------------------------------------


def test_the_list_of_processes_reads_what_its_cards_show_in_two_queries(
        direction, lead, process, django_assert_num_queries):
    make_process(direction, lead, publish=False, title="Brouillon")

    with django_assert_num_queries(2):  # the processes with direction and community, phases
        cards = [(p.title, p.slug, p.summary, p.territory, p.published_at is not None,
                  p.created_at is not None, p.direction.name, p.direction.slug, p.community,
                  p.current.kind if p.current else None, len(p.phases.all()))
                 for p in selectors.process_list()]

    assert cards == [("Plan vélo 2027", process.slug, "Où créer les prochaines pistes cyclables ?",
                      "Toulouse Métropole", True, True, "Mobilités", "mobilites", None,
                      "contributions", 3)]


def test_a_processs_page_reads_its_phases_in_their_order_with_its_community(
        direction, lead, community, django_assert_num_queries):
    process = make_process(direction, lead, community=community)
    for phase in process.phases.order_by("-position"):
        rewritten(phase)  # the table now holds them last to first

    with django_assert_num_queries(2):  # the process with direction and community, phases
        page = selectors.process_page(process.slug)
        read = (page.direction.name, page.community.name,
                [phase.kind for phase in page.phases.all()], page.current.kind)

    assert read == ("Mobilités", community.name,
                    ["information", "contributions", "answer"], "contributions")


def test_the_current_phase_is_the_one_running_at_the_time_asked(process):
    phases = list(process.phases.all())
    information, contributions, answer_phase = phases

    assert selectors.current_phase(phases) == contributions
    assert selectors.current_phase(phases, information.starts_at) == information
    assert selectors.current_phase(phases, answer_phase.starts_at) == answer_phase
    assert selectors.current_phase(phases, answer_phase.ends_at) is None


# --- The answer page: owed first ------------------------------------------------------------


@pytest.fixture
def to_answer(direction, process, lead):
    """Threshold 2: one owed and answered (3 supports), one owed and waiting
    (2), one from a workshop (owed whatever its supports), one under the
    threshold (1), one hidden though supported (4); and another process's."""
    made = {
        "answered": supported(propose(process, "Répondue"), 3),
        "waiting": supported(propose(process, "En attente"), 2),
        "workshop": services.workshop_contribution_create(
            process=process, actor=lead, title="De l'atelier", text="Dite en atelier.",
            source_label="Atelier du 3 mars"),
        "under": supported(propose(process, "Sous le seuil"), 1),
        "hidden": supported(propose(process, "Masquée"), 4),
    }
    answer(made["answered"], lead)
    services.proposal_hide(proposal=made["hidden"], actor=lead, reason="Hors sujet.")
    other = make_process(direction, lead, title="Plan piéton")
    made["elsewhere"] = supported(propose(other, "Ailleurs"), 3)
    return made


def test_the_answer_page_lists_the_owed_waiting_ones_first_then_the_answered_then_the_rest(
        process, to_answer):
    rows = [(p.title, p.owed, p.support_count) for p in selectors.proposals_to_answer(process)]

    assert rows == [("En attente", True, 2), ("De l'atelier", True, 0),
                    ("Répondue", True, 3), ("Sous le seuil", False, 1)]


def test_a_proposal_is_owed_an_answer_from_a_workshop_or_supported_and_never_hidden(
        process, to_answer):
    read = {p.title: p for p in selectors._proposals(process, None)}

    assert {title: selectors.is_owed_answer(process, p) for title, p in read.items()} == {
        "Répondue": True, "En attente": True, "De l'atelier": True, "Sous le seuil": False,
        "Masquée": False}


def test_a_visible_list_orders_by_support_then_newest(process, to_answer):
    # As many supports as the workshop's, made after it, dated before it.
    later = propose(process, "Faite après, datée avant")
    rewritten(later, created_at=to_answer["workshop"].created_at - dt.timedelta(hours=1))

    assert [p.title for p in selectors.proposals_of(process)] == [
        "Répondue", "En attente", "Sous le seuil", "De l'atelier", "Faite après, datée avant"]


def test_the_list_reads_each_proposals_answer_and_workshop_in_one_query(
        process, lead, django_assert_num_queries):
    start = timezone.now() - dt.timedelta(days=1)  # over: its contributions are entered
    event = EventFactory(title="Atelier de quartier", state=Event.State.PUBLISHED,
                         audience=Event.Audience.PUBLIC, community=None, starts_at=start,
                         ends_at=start + dt.timedelta(hours=2))
    services.workshop_link(process=process, actor=lead, event=event)
    said = services.workshop_contribution_create(
        process=process, actor=lead, title="Dite en atelier", text="Des bancs.", event=event,
        participants=12)
    answer(said, lead, status=Answer.Status.UNDER_STUDY)

    with django_assert_num_queries(1):
        rows = [(p.title, p.author, p.answer.status, p.answer.reason,
                 p.answer.answered_at is not None, p.answer.proposal_id == p.pk,
                 p.workshop_event.title, p.workshop_event.starts_at == start, p.participants)
                for p in selectors.proposals_of(process)]

    assert rows == [("Dite en atelier", None, "under_study", "Parce que.", True, True,
                     "Atelier de quartier", True, 12)]


# --- A proposal's page ----------------------------------------------------------------------


def test_a_proposals_page_says_whether_the_viewer_supports_it_with_its_comments(
        process, proposal, supporter, author, django_assert_num_queries):
    services.support_add(proposal=proposal, person=supporter)
    services.comment_add(proposal=proposal, author=supporter, text="Oui, et vite.")
    supported(proposal, 1)
    for text in ("Et en vélo cargo ?", "Et la nuit ?"):
        services.comment_add(proposal=proposal, author=author, text=text)

    with django_assert_num_queries(2):  # the proposal, its comments with their authors
        page = selectors.proposal_page(process, proposal.pk, viewer=supporter)
        comments = [(c.text, c.author.display_name, c.created_at is not None, c.proposal_id)
                    for c in page.comments.all()]

    # Two supports and three comments, each counted once (not 2 × 3).
    assert (page.supported, page.support_count, page.comment_count) == (True, 2, 3)
    assert comments[0] == ("Oui, et vite.", "Bruno Soutien", True, proposal.pk)
    assert selectors.proposal_page(process, proposal.pk, viewer=author).supported is False


# --- The map ---------------------------------------------------------------------------------


def test_the_map_shows_this_processs_placed_proposals_newest_first(direction, lead, process):
    newer = propose(process, "Plus récente", latitude=43.61, longitude=1.45)
    older = propose(process, "Plus ancienne", latitude=43.6, longitude=1.44)
    rewritten(older, created_at=timezone.now() - dt.timedelta(days=1))  # made last, dated before
    propose(process, "Sans lieu")
    other = make_process(direction, lead, title="Plan piéton")
    propose(other, "Ailleurs", latitude=43.5, longitude=1.4)

    assert [m["title"] for m in selectors.proposals_on_map(process)] == [
        "Plus récente", "Plus ancienne"]
    assert newer.pk < older.pk


# --- Documents and decisions ----------------------------------------------------------------


def test_documents_and_answers_are_listed_by_day_the_document_first_on_a_shared_day(
        settings, tmp_path, direction, lead, process, django_assert_num_queries):
    settings.PROCESSES_PRIVATE_ROOT = tmp_path / "private"
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    answered = answer(propose(process, "Adoptée"), lead)
    for title, day in (("Compte rendu", today), ("Cahier", yesterday)):
        document = services.document_publish(
            process=process, actor=lead, kind="brief", title=title, dated_on=day,
            upload=SimpleUploadedFile("a.pdf", PDF))
        # Numbered after the answer: the kind, not the number, puts it first on its day.
        ProcessDocument.objects.filter(pk=document.pk).update(id=answered.pk + 1000 + len(title))
    hidden = propose(process, "Masquée")
    answer(hidden, lead)
    services.proposal_hide(proposal=hidden, actor=lead, reason="Hors sujet.")
    other = make_process(direction, lead, title="Plan piéton")
    answer(propose(other, "Ailleurs"), lead)
    # Answered yesterday evening, in the site's time zone.
    evening = timezone.make_aware(dt.datetime.combine(yesterday, dt.time(23, 30)))
    rewritten(answered, answered_at=evening)

    with django_assert_num_queries(2):  # the documents, the answers with their proposals
        entries = [(day, kind, getattr(row, "title", None) or row.proposal.title)
                   for day, kind, row in selectors.documents_and_decisions(process)]

    assert entries == [(yesterday, "document", "Cahier"), (yesterday, "answer", "Adoptée"),
                       (today, "document", "Compte rendu")]


# --- Events a lead may hold as workshops ----------------------------------------------------


def test_a_lead_may_link_published_events_open_to_all_from_a_year_ago_in_date_order(process):
    now = timezone.now()
    year_ago = now - dt.timedelta(days=365)
    for title, starts_at, state in (
            ("Dans un mois", now + dt.timedelta(days=30), Event.State.PUBLISHED),
            ("Il y a un an pile", year_ago, Event.State.PUBLISHED),
            ("Un an et une seconde", year_ago - dt.timedelta(seconds=1), Event.State.PUBLISHED),
            ("Demain", now + dt.timedelta(days=1), Event.State.PUBLISHED),
            ("Brouillon", now + dt.timedelta(days=2), Event.State.DRAFT)):
        EventFactory(title=title, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2),
                     state=state, audience=Event.Audience.PUBLIC, community=None)

    linkable = selectors.linkable_events(process, now=now)

    assert [e.title for e in linkable] == ["Il y a un an pile", "Demain", "Dans un mois"]


def test_at_most_two_hundred_events_are_offered_the_soonest(process, django_assert_num_queries):
    start = timezone.now() + dt.timedelta(days=1)
    EventFactory.create_batch(
        201, title="Atelier", state=Event.State.PUBLISHED, audience=Event.Audience.PUBLIC,
        community=None, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    last = Event.objects.order_by("-pk").first()
    rewritten(last, starts_at=start - dt.timedelta(hours=1))

    with django_assert_num_queries(1):  # with what the picker shows
        offered = [(e.pk, e.title, e.starts_at, e.time_zone)
                   for e in selectors.linkable_events(process)]

    assert len(offered) == 200
    assert offered[0][0] == last.pk
    assert [pk for pk, *_ in offered[1:]] == sorted(pk for pk, *_ in offered[1:])


# --- Referrals, as open data reads them -----------------------------------------------------


def test_open_data_reads_the_referrals_in_one_query_oldest_first(
        community, region_gardener, need, result, direction, lead,
        django_assert_num_queries):
    process = make_process(direction, lead)
    first = services.referral_create(actor=region_gardener, process=process, need=need,
                                     message="D'abord")
    second = services.referral_create(actor=region_gardener, process=process, decision=result,
                                      message="Ensuite")
    rewritten(first, referred_at=second.referred_at + dt.timedelta(hours=1))

    with django_assert_num_queries(1):
        rows = [(r.pk, r.community.slug, r.community.name, r.community.pk, r.public_title,
                 r.public_message, r.decision.group.name if r.decision_id else None,
                 r.need.pk if r.need_id else None, r.status, r.referred_at is not None,
                 r.referred_by.display_name, r.answered_at, r.answered_by, r.reason)
                for r in selectors.public_referrals(process)]

    assert [row[5] for row in rows] == ["Ensuite", "D'abord"]
    assert rows[0][6] == "Haies" and rows[1][1:3] == (community.slug, community.name)
    assert rows[1][4] == "Des haies au village" and rows[1][7] == need.pk
    assert Proposal.objects.count() == 0


# --- Follow-up, workshops and referrals, as their pages read them ---------------------------


def test_the_follow_up_reads_each_commitment_and_its_proposal_in_one_query(
        process, lead, proposal, django_assert_num_queries):
    services.commitment_save(process=process, actor=lead, title="Piste rue de Metz",
                             status="in_progress", progress=40, due_on=dt.date(2027, 9, 1),
                             note="Travaux en cours.", proposal=proposal)

    with django_assert_num_queries(1):
        rows = [(c.pk is not None, c.process_id == process.pk, c.title, c.status, c.progress,
                 c.due_on, c.note, c.updated_at is not None, c.proposal_id == proposal.pk,
                 c.proposal.title) for c in selectors.commitments_of(process)]

    assert rows == [(True, True, "Piste rue de Metz", "in_progress", 40, dt.date(2027, 9, 1),
                     "Travaux en cours.", True, True, "Une piste rue de Metz")]


def test_the_workshops_are_read_with_their_events_in_date_order_in_one_query(
        process, lead, django_assert_num_queries):
    start = timezone.now() + dt.timedelta(days=3)
    linked = []
    for title in ("Premier lié", "Second lié"):
        event = EventFactory(title=title, state=Event.State.PUBLISHED, community=None,
                             audience=Event.Audience.PUBLIC, starts_at=start,
                             ends_at=start + dt.timedelta(hours=2), address="Salle des fêtes")
        linked.append(services.workshop_link(process=process, actor=lead, event=event))
    for workshop in reversed(linked):
        rewritten(workshop)  # the table now holds them in the other order

    with django_assert_num_queries(1):
        rows = [(w.pk, w.process_id == process.pk, w.event.pk is not None, w.event.title,
                 w.event.starts_at == start, w.event.ends_at > start, w.event.time_zone,
                 w.event.address, w.event.format, w.event.state)
                for w in selectors.workshops_of(process)]

    assert [row[3] for row in rows] == ["Premier lié", "Second lié"]
    assert [row[0] for row in rows] == sorted(w.pk for w in linked)
    assert rows[0][7:] == ("Salle des fêtes", linked[0].event.format, "published")


def test_the_leads_read_the_referrals_oldest_first_with_every_name_in_one_query(
        process, lead, region_gardener, need, result, community, django_assert_num_queries):
    first = services.referral_create(actor=region_gardener, process=process, need=need,
                                     message="D'abord")
    second = services.referral_create(actor=region_gardener, process=process, decision=result,
                                      message="Ensuite")
    rewritten(first, referred_at=second.referred_at + dt.timedelta(hours=1))
    services.referral_answer(referral=second, actor=lead, status="adopted", reason="Oui.")

    with django_assert_num_queries(1):
        rows = [(r.message, r.community.name, r.need.title if r.need_id else None,
                 r.decision.group.name if r.decision_id else None,
                 r.referred_by.display_name, r.answered_by and r.answered_by.display_name)
                for r in selectors.referrals_of(process)]

    assert rows == [
        ("Ensuite", community.name, None, "Haies", region_gardener.display_name, "Léa Pilote"),
        ("D'abord", community.name, "Des haies au village", None,
         region_gardener.display_name, None),
    ]
