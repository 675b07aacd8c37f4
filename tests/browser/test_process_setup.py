"""A process set up through its pages, on a phone (issue 17's journey): the
process lead creates the process with its mandate, gives it its phases and
publishes it; links a workshop held in the community and names a
facilitator; a citizen proposes; the facilitator enters the workshop's
contribution under its source. The opinion and the answers are
tests/browser/test_process_opinion.py and test_processes.py.

Texts are looked up through Django's catalogue in French, as in the other
journeys (tests/browser/test_processes.py)."""

import datetime as dt

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from processes import services
from processes.models import Phase, Process, Proposal
from tests.events.factories import EventFactory
from tests.factories import CommunityFactory, DirectionFactory, UserFactory

pytestmark = pytest.mark.browser


def fr(message, **values):
    with translation.override("fr"):
        text = gettext(message)
        return text % {k: str(v) for k, v in values.items()} if values else text


def local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_lead_sets_up_the_process_and_a_facilitator_enters_a_workshops_words(
        page, login_as):
    direction = DirectionFactory(name="Mobilités", slug="mobilites")
    lead = UserFactory(email="lead@example.org", display_name="Léa Pilote")
    direction.staff.add(lead)
    services.process_lead_grant(direction=direction, person=lead, actor=None)
    community = CommunityFactory(name="Vélo au quotidien", slug="velo")
    now = timezone.now()
    workshop = EventFactory(community=community, title="Atelier de la gare",
                            starts_at=now - dt.timedelta(hours=3),
                            ends_at=now - dt.timedelta(hours=1))
    facilitator = UserFactory(email="fanny@example.org", display_name="Fanny Animatrice")
    citizen = UserFactory(email="awa@example.org", display_name="Awa Diallo")

    # The lead creates the process and states the rules of the game.
    login_as(page, lead)
    page.goto("/processes/")
    page.get_by_role("link", name=fr("New process")).click()
    page.locator("#id_title").fill("Plan vélo 2027")
    page.locator("#id_summary").fill("Où mettre les pistes et les arceaux.")
    page.locator("#id_territory").fill("Toulouse")
    page.locator("#id_direction").select_option(label="Mobilités")
    page.locator("#id_community").select_option(label="Vélo au quotidien")
    page.locator("#id_elected_official").fill("Marie Élue")
    page.locator("#id_open_to_debate").fill("Le tracé des pistes, les arceaux.")
    page.locator("#id_not_open_to_debate").fill("Le budget voté.")
    page.locator("#id_decision_maker").fill("Le conseil métropolitain")
    page.locator("#id_contributions_use").fill("Chaque proposition reçoit une réponse.")
    page.locator("#id_answer_due_on").fill((now + dt.timedelta(days=90)).strftime("%Y-%m-%d"))
    page.get_by_role("button", name=fr("Save the process")).click()
    process = Process.objects.get(title="Plan vélo 2027")
    assert process.state == Process.State.DRAFT and process.direction == direction

    # Its phases: contributions now, then the answer.
    page.locator("#id_form-0-kind").select_option("contributions")
    page.locator("#id_form-0-starts_at").fill(local(now - dt.timedelta(days=1)))
    page.locator("#id_form-0-ends_at").fill(local(now + dt.timedelta(days=30)))
    page.locator("#id_form-0-text").fill("Proposez en ligne ou en atelier.")
    page.locator("#id_form-1-kind").select_option("answer")
    page.locator("#id_form-1-starts_at").fill(local(now + dt.timedelta(days=31)))
    page.locator("#id_form-1-ends_at").fill(local(now + dt.timedelta(days=90)))
    page.get_by_role("button", name=fr("Save the phases")).click()
    assert list(Phase.objects.filter(process=process).values_list("kind", flat=True)) == [
        "contributions", "answer"]
    page.get_by_role("button", name=fr("Publish the process")).click()
    process.refresh_from_db()
    assert process.state == Process.State.PUBLISHED

    # The workshop held in the community, and its facilitator.
    page.get_by_role("link", name=fr("Workshops and facilitators")).click()
    page.get_by_label(fr("Event")).select_option(str(workshop.pk))
    page.get_by_role("button", name=fr("Link this event")).click()
    page.get_by_label(fr("E-mail address of their account")).fill("fanny@example.org")
    page.get_by_role("button", name=fr("Name facilitator")).click()
    assert process.facilitators.filter(person=facilitator).exists()

    # A citizen reads the rules of the game and proposes.
    page.context.clear_cookies()
    login_as(page, citizen)
    page.goto(process.get_absolute_url())
    expect(page.get_by_text("Le budget voté.")).to_be_visible()
    page.get_by_role("link", name=fr("Make a proposal")).click()
    page.get_by_label(fr("Title")).fill("Une piste rue de Metz")
    page.get_by_label(fr("Your proposal")).fill("Relier le centre à la gare.")
    page.get_by_role("button", name=fr("Publish my proposal")).click()
    assert Proposal.objects.get(author=citizen).process == process

    # The facilitator enters what the workshop proposed, under its source.
    page.context.clear_cookies()
    login_as(page, facilitator)
    page.goto(process.get_absolute_url())
    page.get_by_role("link", name=fr("Enter workshop contributions")).first.click()
    page.locator("#id_event").select_option(str(workshop.pk))  # "Atelier :"
    page.get_by_label(fr("Number of participants")).fill("23")
    page.get_by_label(fr("Title")).fill("Des arceaux devant la gare")
    page.get_by_label(fr("What the participants proposed")).fill("Quarante arceaux couverts.")
    page.get_by_role("button", name=fr("Enter this contribution")).click()
    entered = Proposal.objects.get(title="Des arceaux devant la gare")
    assert entered.workshop_event == workshop and entered.participants == 23
    page.goto(process.get_absolute_url())
    expect(page.get_by_text("Des arceaux devant la gare").first).to_be_visible()
    expect(page.get_by_text("Atelier de la gare").first).to_be_visible()
