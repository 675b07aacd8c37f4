"""The pages: what each role sees and may do, and the refusals shown in the
user's language. Query counts pinned on the list pages at two sizes."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from processes import services
from processes.models import Answer, Process, Proposal, Support
from tests.factories import UserFactory

from .conftest import DAY, MANDATE, make_process

pytestmark = pytest.mark.django_db


def test_the_process_page_shows_the_rules_of_the_game_first_and_the_current_phase(
        client, process, proposal):
    page = client.get(process.get_absolute_url()).content.decode()
    assert page.index("The rules of the game") < page.index("Timeline") < page.index("Proposals")
    assert "Le budget total (12 M€)." in page
    assert 'aria-current="step"' in page
    assert page.count('aria-current="step"') == 1
    # Anonymous: invited to log in, no support button.
    assert "Log in to make a proposal" in page
    assert reverse("processes:support", args=[process.slug, proposal.pk]) not in page


def test_a_signed_in_person_proposes_and_supports_while_contributions_are_open(
        client, process, proposal, supporter):
    client.force_login(supporter)
    page = client.get(process.get_absolute_url()).content.decode()
    support_url = reverse("processes:support", args=[process.slug, proposal.pk])
    assert support_url in page
    response = client.post(support_url, {"next": "process"})
    assert response.status_code == 302 and response.url == process.get_absolute_url()
    assert Support.objects.filter(proposal=proposal, person=supporter).exists()
    # The button is gone, and a second click (a stale page) is refused with a message.
    assert support_url not in client.get(process.get_absolute_url()).content.decode()
    response = client.post(support_url, follow=True)
    assert "You already support this proposal." in response.content.decode()
    assert Support.objects.filter(proposal=proposal).count() == 1

    response = client.post(reverse("processes:propose", args=[process.slug]),
                           {"title": "Un parking vélo", "text": "Devant la gare.",
                            "category": "Stationnement"})
    assert response.status_code == 302
    assert Proposal.objects.filter(title="Un parking vélo", author=supporter).exists()


def test_an_empty_proposal_is_refused_in_the_form(client, process, supporter):
    client.force_login(supporter)
    response = client.post(reverse("processes:propose", args=[process.slug]),
                           {"title": "", "text": ""})
    assert response.status_code == 400
    assert "Give your proposal a title." in response.content.decode()


def test_no_proposal_nor_support_once_contributions_closed(client, direction, lead, supporter):
    closed = make_process(direction, lead, contributions_open=False, title="Fermé")
    client.force_login(supporter)
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "Make a proposal" not in page
    assert client.get(reverse("processes:propose", args=[closed.slug])).status_code == 403


@pytest.mark.parametrize(("language", "message"), [
    ("en", "Contributions are closed for"),
    ("fr", "Les contributions sont closes pour"),
])
def test_a_proposal_sent_once_contributions_closed_is_told_why_and_kept_out(
        client, direction, lead, supporter, language, message):
    closed = make_process(direction, lead, contributions_open=False, title="Fermé")
    # (an UPDATE: this folder's saves are made to prefer English)
    type(supporter).objects.filter(pk=supporter.pk).update(preferred_language=language)
    client.force_login(supporter)

    response = client.post(reverse("processes:propose", args=[closed.slug]),
                           {"title": "Des bancs", "text": "Plus de bancs au parc."},
                           HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 403
    assert message in response.content.decode()
    assert not Proposal.objects.filter(process=closed).exists()


@pytest.mark.parametrize(("language", "closed"), [
    ("en", "Contributions are closed for"),
    ("fr", "Les contributions sont closes pour"),
])
def test_once_contributions_closed_no_propose_button_and_the_form_says_since_when(
        client, direction, lead, supporter, language, closed):
    process = make_process(direction, lead, contributions_open=False, title="Fermé")
    type(supporter).objects.filter(pk=supporter.pk).update(preferred_language=language)
    client.force_login(supporter)
    ends_at = process.phases.get(kind="contributions").ends_at
    # The catalogue's words (the French of a string new here shows once
    # /tmp/po is merged; until then Django shows the English source).
    with translation.override(language):
        propose = gettext("Make a proposal")
        since = gettext("The contributions phase closed on %(end)s.") % {
            "end": date_format(timezone.localtime(ends_at), "j F Y, H:i")}

    page = client.get(process.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
    form = client.get(reverse("processes:propose", args=[process.slug]),
                      HTTP_ACCEPT_LANGUAGE=language)

    assert page.status_code == 200
    assert propose not in page.content.decode()
    assert reverse("processes:propose", args=[process.slug]) not in page.content.decode()
    assert form.status_code == 403
    assert closed in form.content.decode()
    assert since in form.content.decode()
    assert not Proposal.objects.filter(process=process).exists()


def test_before_contributions_open_the_form_says_when_they_open(
        client, direction, lead, supporter):
    now = timezone.now()
    later = make_process(direction, lead, contributions_open=True, title="Bientôt",
                         now=now + 3 * DAY)
    client.force_login(supporter)
    starts_at = later.phases.get(kind="contributions").starts_at

    form = client.get(reverse("processes:propose", args=[later.slug]))

    assert form.status_code == 403
    when = date_format(timezone.localtime(starts_at), "j F Y, H:i")
    assert f"The next contributions phase opens on {when}." in form.content.decode()


def test_a_draft_is_seen_by_its_leads_only(client, direction, lead, supporter):
    draft = make_process(direction, lead, publish=False, title="Brouillon")
    assert client.get(draft.get_absolute_url()).status_code == 302  # log in
    client.force_login(supporter)
    assert client.get(draft.get_absolute_url()).status_code == 403
    assert draft.title not in client.get(reverse("processes:list")).content.decode()
    client.force_login(lead)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Publish the process" in page
    client.post(reverse("processes:publish", args=[draft.slug]))
    draft.refresh_from_db()
    assert draft.state == Process.State.PUBLISHED


def test_a_lead_creates_a_process_then_its_phases(client, direction, lead):
    client.force_login(lead)
    data = {
        "title": "Parc des Ramiers", "summary": "Le futur du parc.", "territory": "Toulouse",
        "direction": direction.pk, "elected_official": "M. l'adjoint",
        "open_to_debate": "Les usages", "not_open_to_debate": "", "decision_maker": "Le maire",
        "contributions_use": "Synthèse publique", "answer_due_on": "2027-09-01",
        "support_threshold": "5", "categories": "",
    }
    response = client.post(reverse("processes:create"), data)
    assert response.status_code == 400
    assert "This is part of the rules of the game" in response.content.decode()
    data["not_open_to_debate"] = "Le budget"
    response = client.post(reverse("processes:create"), data)
    process = Process.objects.get(title="Parc des Ramiers")
    assert response.url == reverse("processes:phases", args=[process.slug])

    phases = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0",
              "form-0-kind": "contributions", "form-0-starts_at": "2027-03-10T10:00",
              "form-0-ends_at": "2027-03-01T10:00", "form-0-text": "",
              "form-1-kind": "", "form-1-starts_at": "", "form-1-ends_at": "", "form-1-text": ""}
    response = client.post(reverse("processes:phases", args=[process.slug]), phases)
    assert response.status_code == 400
    assert "Phase 1 ends before it starts" in response.content.decode()
    assert not process.phases.exists()
    phases["form-0-ends_at"] = "2027-04-01T10:00"
    assert client.post(reverse("processes:phases", args=[process.slug]),
                       phases).status_code == 302
    assert process.phases.get().kind == "contributions"


def test_a_citizen_or_another_directions_agent_cannot_lead(client, process, supporter):
    client.force_login(supporter)
    for name in ("edit", "phases", "workshop", "answers", "commitment_new"):
        assert client.get(reverse(f"processes:{name}", args=[process.slug])).status_code == 403
    assert client.get(reverse("processes:create")).status_code == 403


def test_the_lead_enters_workshop_contributions_and_answers(client, process, lead, author,
                                                            proposal):
    client.force_login(lead)
    response = client.post(reverse("processes:workshop", args=[process.slug]), {
        "source_label": "workshop of 12 March, 23 participants", "title": "Zone 30",
        "text": "Autour des écoles.", "category": ""})
    assert response.status_code == 200
    assert "workshop of 12 March, 23 participants" in response.content.decode()  # kept
    assert Proposal.objects.get(title="Zone 30").source_label.startswith("workshop")

    answer_url = reverse("processes:answer", args=[process.slug, proposal.pk])
    response = client.post(answer_url, {"status": "adopted", "reason": ""})
    assert response.status_code == 400
    assert "an answer without its reason is not an answer" in response.content.decode()
    assert not Answer.objects.exists()
    client.post(answer_url, {"status": "adopted", "reason": "Voté en conseil."})
    client.force_login(author)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Adopted" in page and "Voté en conseil." in page
    assert "process_answer" in {n.kind for n in author.notifications.all()}


def test_a_hidden_proposal_shows_its_reason_to_its_author_only(client, process, lead, author,
                                                               proposal):
    services.proposal_hide(proposal=proposal, actor=lead, reason="Hors sujet")
    client.force_login(author)
    assert "Why: Hors sujet" in client.get(proposal.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    assert client.get(proposal.get_absolute_url()).status_code == 403


def _fill(process, n):
    for i in range(n):
        proposal = services.proposal_create(process=process, author=UserFactory(),
                                            title=f"Idée {i}", text="Texte")
        services.support_add(proposal=proposal, person=UserFactory())
        services.comment_add(proposal=proposal, author=UserFactory(), text="Oui")


@pytest.mark.parametrize("size", [1, 6])
def test_the_process_page_reads_a_fixed_number_of_queries(client, process, supporter, size,
                                                          django_assert_max_num_queries):
    _fill(process, size)
    client.force_login(supporter)
    # 19 at both sizes: session, user, the process and its phases (2), the
    # counters (1), the proposals with their counts, answers and "supported"
    # (1), the commitments (1), the referrals from communities (1), the
    # published documents and the answers on the timeline (2, issue #17), the
    # citizen opinion (1), the workshops with their events (1), the reader's
    # roles (directions, process leads, facilitated processes, cultivator...)
    # and the layout's (notifications badge, gardening link).
    with django_assert_max_num_queries(19):
        assert client.get(process.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("size", [1, 6])
def test_the_list_reads_a_fixed_number_of_queries(client, direction, lead, size,
                                                  django_assert_max_num_queries):
    for i in range(size):
        make_process(direction, lead, title=f"Process {i}")
    # The processes, then their phases: 2 at both sizes.
    with django_assert_max_num_queries(2):
        assert client.get(reverse("processes:list")).status_code == 200


def test_the_cultivator_makes_an_agent_process_lead_and_removes_them(client, direction):
    from processes.models import ProcessLead
    from tests.factories import DirectionFactory as Directions

    cultivator = UserFactory()
    Directions(is_coordinating=True).staff.add(cultivator)
    agent = UserFactory(display_name="Agnès Agent")
    direction.staff.add(agent)
    UserFactory(display_name="Paul Public")  # not an agent: not offered
    client.force_login(cultivator)
    page = client.get(reverse("processes:leads")).content.decode()
    assert "Agnès Agent — Mobilités" in page and "Paul Public" not in page
    client.post(reverse("processes:leads"), {"agent": f"{direction.pk}:{agent.pk}"})
    lead = ProcessLead.objects.get(person=agent, direction=direction)
    assert agent.has_perm("processes.run_processes_of", direction)
    # Offered no more; a forged second grant is refused by the form.
    response = client.post(reverse("processes:leads"), {"agent": f"{direction.pk}:{agent.pk}"})
    assert response.status_code == 400
    client.post(reverse("processes:lead_revoke", args=[lead.pk]))
    assert not ProcessLead.objects.exists()


def test_a_process_never_takes_an_address_of_the_app(direction, lead):
    process = services.process_create(actor=lead, direction=direction,
                                      **{**MANDATE, "title": "New"})
    assert process.slug == "new-2"
