"""Issue 17's whole journey in one run, in Chromium on a phone, in French:
the process lead creates a process with its mandate and phases, publishes
it, links a workshop and names its facilitator; a citizen proposes; the
facilitator enters the workshop's contributions; the lead moves the process
on to the citizen opinion (by editing its phases, as a lead does when a
phase ends), names the panel; the panel member drafts a recommendation
drawing on the citizen's proposal; the lead accepts it and publishes the
opinion; the lead moves on to the answer phase; the decision-maker (a
second process lead of the direction: answers are recorded by the
process's leads on the decision-maker's behalf) answers it with why; the
citizen finds the answer in their notifications and on the timeline.

Time moves forward by editing the phases' dates through the lead's
"Edit the phases" page: no service call, no clock faked. Every check is an
`expect(...)` on what a person sees.

What the two other process journeys add beyond this one stays in them:
tests/browser/test_processes.py (workshop minutes as a document, a
proposal's own answer) and test_process_opinion.py (the opinion's PDF).
It replaced tests/browser/test_process_setup.py (deleted): every step
and check of it is here.

Texts are looked up through Django's catalogue in French, as in the other
journeys (tests/browser/test_processes.py)."""

import datetime as dt
import re

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext
from playwright.sync_api import expect

from processes import services
from processes.models import Process
from tests.events.factories import EventFactory
from tests.factories import CommunityFactory, DirectionFactory, UserFactory

pytestmark = pytest.mark.browser

DAY = dt.timedelta(days=1)


def fr(message, context=None, **values):
    with translation.override("fr"):
        text = pgettext(context, message) if context else gettext(message)
        return text % {k: str(v) for k, v in values.items()} if values else text


def local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def fill_phases(page, phases):
    """The lead's phases form: one row per (kind, start, end), in order."""
    for n, (kind, starts_at, ends_at) in enumerate(phases):
        page.locator(f"#id_form-{n}-kind").select_option(kind)
        page.locator(f"#id_form-{n}-starts_at").fill(local(starts_at))
        page.locator(f"#id_form-{n}-ends_at").fill(local(ends_at))
    page.get_by_role("button", name=fr("Save the phases")).click()
    expect(page.get_by_text(fr("The phases are saved."))).to_be_visible()


def expect_current_phase(page, kind_label):
    expect(page.locator(".timeline-step[aria-current=step] .timeline-title")).to_contain_text(
        fr(kind_label))


def switch_to(page, login_as, user, url):
    page.context.clear_cookies()
    login_as(page, user)
    page.goto(url)


def test_from_the_mandate_to_the_answer_the_citizen_reads(page, login_as):
    direction = DirectionFactory(name="Mobilités", slug="mobilites")
    lead = UserFactory(email="lead@example.org", display_name="Léa Pilote")
    decider = UserFactory(email="marc@example.org", display_name="Marc Décideur")
    for person in (lead, decider):
        direction.staff.add(person)
        services.process_lead_grant(direction=direction, person=person, actor=None)
    community = CommunityFactory(name="Vélo au quotidien", slug="velo")
    now = timezone.now()
    workshop = EventFactory(community=community, title="Atelier de la gare",
                            starts_at=now - dt.timedelta(hours=3),
                            ends_at=now - dt.timedelta(hours=1))
    facilitator = UserFactory(email="fanny@example.org", display_name="Fanny Animatrice")
    member = UserFactory(email="nora@example.org", display_name="Nora Panel")
    citizen = UserFactory(email="awa@example.org", display_name="Awa Diallo")

    # 1. The lead creates the process and states the rules of the game.
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
    page.locator("#id_answer_due_on").fill((now + 90 * DAY).strftime("%Y-%m-%d"))
    page.get_by_role("button", name=fr("Save the process")).click()

    # Its phases: contributions now, then the answer; then it is published.
    fill_phases(page, [("contributions", now - DAY, now + 30 * DAY),
                       ("answer", now + 31 * DAY, now + 90 * DAY)])
    expect_current_phase(page, "Contributions")
    expect(page.get_by_role("heading", name="Plan vélo 2027")).to_contain_text(fr("Draft"))
    page.get_by_role("button", name=fr("Publish the process")).click()
    expect(page.get_by_role("heading", name="Plan vélo 2027")).not_to_contain_text(fr("Draft"))
    process_url = page.url
    # (Only to reach the citizen's page by its address; nothing is checked through it.)
    process = Process.objects.get(title="Plan vélo 2027")

    # The workshop held in the community, and its facilitator.
    page.get_by_role("link", name=fr("Workshops and facilitators")).click()
    page.get_by_label(fr("Event")).select_option(str(workshop.pk))
    page.get_by_role("button", name=fr("Link this event")).click()
    page.get_by_label(fr("E-mail address of their account")).fill("fanny@example.org")
    page.get_by_role("button", name=fr("Name facilitator")).click()
    expect(page.get_by_text("Fanny Animatrice").first).to_be_visible()

    # 2. A citizen reads the rules of the game and proposes.
    switch_to(page, login_as, citizen, process_url)
    expect(page.get_by_text("Le budget voté.")).to_be_visible()
    page.get_by_role("link", name=fr("Make a proposal")).click()
    page.get_by_label(fr("Title")).fill("Une piste rue de Metz")
    page.get_by_label(fr("Your proposal")).fill("Relier le centre à la gare.")
    page.get_by_role("button", name=fr("Publish my proposal")).click()
    expect(page.get_by_role("heading", name="Une piste rue de Metz")).to_be_visible()

    # 3. The facilitator enters what the workshop proposed, under its source.
    switch_to(page, login_as, facilitator, process_url)
    page.get_by_role("link", name=fr("Enter workshop contributions")).first.click()
    page.locator("#id_event").select_option(str(workshop.pk))  # "Atelier :"
    page.get_by_label(fr("Number of participants")).fill("23")
    page.get_by_label(fr("Title")).fill("Des arceaux devant la gare")
    page.get_by_label(fr("What the participants proposed")).fill("Quarante arceaux couverts.")
    page.get_by_role("button", name=fr("Enter this contribution")).click()
    page.goto(process_url)
    expect(page.get_by_text("Des arceaux devant la gare").first).to_be_visible()
    expect(page.get_by_text("Atelier de la gare").first).to_be_visible()
    # Under its source: the workshop, its day and how many took part.
    page.get_by_role("link", name="Des arceaux devant la gare").first.click()
    expect(page.get_by_text(re.compile(r"\b23 participants")).first).to_be_visible()
    expect(page.get_by_role("link", name=fr("the workshop"))).to_have_attribute(
        "href", workshop.get_absolute_url())

    # 4. Contributions end: the lead moves the process on to the citizen opinion.
    switch_to(page, login_as, lead, process_url)
    page.get_by_role("link", name=fr("Edit the phases")).click()
    fill_phases(page, [("contributions", now - 2 * DAY, now - dt.timedelta(hours=1)),
                       ("opinion", now - dt.timedelta(hours=1), now + 20 * DAY),
                       ("answer", now + 21 * DAY, now + 90 * DAY)])
    expect_current_phase(page, "Citizen opinion")

    # The lead names the panel and writes the introduction.
    page.get_by_role("link", name=fr("Name the opinion's panel")).click()
    page.get_by_label(fr("E-mail address of their account")).fill("nora@example.org")
    page.get_by_role("button", name=fr("Name to the panel")).click()
    expect(page.get_by_text("Nora Panel").first).to_be_visible()
    page.get_by_label(fr("Introduction")).fill("Douze habitants, trois soirées.")
    page.get_by_role("button", name=fr("Save the introduction")).click()

    # The citizen can no longer propose: no button, and the form's address says why.
    switch_to(page, login_as, citizen, process_url)
    expect(page.get_by_text("Une piste rue de Metz").first).to_be_visible()
    expect(page.get_by_role("link", name=fr("Make a proposal"))).to_have_count(0)

    # 5. The panel member drafts a recommendation drawing on the citizen's proposal.
    switch_to(page, login_as, member, process_url)
    page.get_by_role("link", name=fr("The opinion being written")).click()
    page.get_by_role("link", name=fr("Draft a recommendation")).click()
    page.get_by_label(fr("Title")).fill("Des pistes protégées")
    page.get_by_label(fr("The recommendation")).fill("Séparer les pistes de la chaussée.")
    page.get_by_label("Une piste rue de Metz").check()
    page.get_by_role("button", name=fr("Propose to the leads")).click()

    # The lead accepts it and publishes the opinion.
    switch_to(page, login_as, lead, process_url)
    page.get_by_role("link", name=fr("The opinion being written")).click()
    page.get_by_text(fr("Decide on “%(title)s”", title="Des pistes protégées")).click()
    page.get_by_label(fr("Accept"), exact=True).check()
    page.get_by_role("button", name=fr("Save the decision")).click()
    page.get_by_role("button", name=fr("Publish the opinion")).click()
    answer_link = page.get_by_role("link", name=f"{fr('Answer', context='verb')} “Des pistes protégées”")
    expect(answer_link).to_be_visible()

    # The opinion is delivered: the lead moves on to the answer phase.
    page.goto(process_url)
    page.get_by_role("link", name=fr("Edit the phases")).click()
    fill_phases(page, [("contributions", now - 3 * DAY, now - 2 * DAY),
                       ("opinion", now - 2 * DAY, now - dt.timedelta(hours=1)),
                       ("answer", now - dt.timedelta(hours=1), now + 90 * DAY)])
    expect_current_phase(page, "Answer")

    # 6. The decision-maker answers the recommendation, with why.
    switch_to(page, login_as, decider, process_url)
    page.get_by_role("link", name=fr("Read the citizen opinion")).click()
    page.get_by_role("link", name=f"{fr('Answer', context='verb')} “Des pistes protégées”").click()
    page.get_by_label(fr("Adopted"), exact=True).check()
    page.get_by_label(fr("Why")).fill("Budget voté en juin ; travaux à l'automne.")
    page.get_by_role("button", name=fr("Record the answer")).click()
    expect(page.get_by_text("Budget voté en juin ; travaux à l'automne.").first).to_be_visible()

    # 7. The citizen finds the answer in their notifications and on the timeline.
    switch_to(page, login_as, citizen, "/me/notifications/")
    page.get_by_text("Des pistes protégées").first.click()
    expect(page.get_by_text("Budget voté en juin ; travaux à l'automne.")).to_be_visible()
    expect(page.get_by_role("link", name="Une piste rue de Metz")).to_be_visible()
    page.goto(process.get_absolute_url())
    expect(page.get_by_text(fr("Answer to the recommendation “%(title)s”",
                               title="Des pistes protégées"))).to_be_visible()
    expect_current_phase(page, "Answer")
