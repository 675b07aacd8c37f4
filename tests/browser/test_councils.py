"""A resident volunteers, the council's agent draws by lot and schedules a
session, and anyone reads the public report and re-runs the draw to the same
result (issue 18), on a phone.

Texts are looked up through Django's catalogue in French, as in the other
journeys: the test reads what the page shows, whether the French of a string
is merged yet or the English source is still displayed.
"""

import datetime as dt

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from councils import services
from councils.models import Candidate, Draw, Member, Session
from tests.councils.conftest import make_pool
from tests.factories import DirectionFactory, UserFactory

pytestmark = pytest.mark.browser


def fr(message, **values):
    with translation.override("fr"):
        text = gettext(message)
        return text % {k: str(v) for k, v in values.items()} if values else text


def test_a_resident_volunteers_the_agent_draws_and_anyone_checks(page, login_as):
    direction = DirectionFactory(name="Cohésion urbaine", slug="cohesion")
    agent = UserFactory(email="agent.conseil@example.org", display_name="Agathe Agent")
    direction.staff.add(agent)
    council = services.council_create(
        name="Conseil citoyen de Malakoff", slug="malakoff", territory="Nantes, Malakoff",
        direction=direction, term_start=dt.date(2026, 1, 1), term_end=dt.date(2028, 12, 31),
        colleges=[("Habitants", 6)], sub_areas=["Nord", "Sud"],
    )
    make_pool(council, 20)

    # A resident, without an account, volunteers from the council's page.
    page.goto("/councils/malakoff/")
    page.get_by_role("link", name=fr("Volunteer"), exact=True).click()
    page.get_by_label(fr("Your name")).fill("Aïcha Benali")
    page.get_by_label(fr("Your e-mail address")).fill("aicha@example.org")
    page.get_by_label(fr("Where you live (street or neighbourhood)")).fill("Rue de Malakoff")
    page.get_by_label(fr("Age band")).select_option("30-44")
    page.get_by_label(fr("Gender")).select_option("woman")
    page.get_by_label(fr("Sub-area")).select_option("Nord")
    page.get_by_label(fr("I agree to the text above.")).check()
    page.get_by_role("button", name=fr("Join the pool")).click()
    resident = Candidate.objects.get(email="aicha@example.org")
    expect(page.get_by_role("heading", name=fr("Thank you"))).to_be_visible()
    expect(page.get_by_text(resident.public_id).first).to_be_visible()

    # The agent announces a draw of 4 residents with a quota, enters the seed, runs it.
    login_as(page, agent)
    page.goto("/councils/malakoff/manage/")
    page.get_by_role("link", name=fr("Announce a draw")).click()
    page.get_by_label(fr("College")).select_option(label="Habitants")
    page.get_by_label(fr("Seats to fill by lot")).fill("4")
    page.get_by_label(fr("Where the seed will come from")).fill("Loto du lundi 14 décembre")
    page.locator("#id_q-gender-0-min").fill("2")
    page.get_by_role("button", name=fr("Announce the draw")).click()
    page.get_by_label(fr("Seed, as published")).fill("4 8 15 16 23")
    page.get_by_role("button", name=fr("Fix the seed")).click()
    page.get_by_role("button", name=fr("Run the draw")).click()
    draw = Draw.objects.get()
    assert draw.status == Draw.Status.DONE and Member.objects.count() == 4

    # The agent schedules the council's first session from its page.
    page.goto("/councils/malakoff/")
    page.get_by_role("link", name=fr("Schedule a session")).click()
    page.get_by_label(fr("Title")).fill("Séance d'installation")
    page.get_by_label(fr("Starts")).fill("2031-03-12T18:30")
    page.get_by_label(fr("Ends")).fill("2031-03-12T20:30")
    page.get_by_label(fr("Address")).fill("Maison de quartier de Malakoff")
    page.get_by_label(fr("Agenda")).fill("1. Présentation des membres\n2. Calendrier")
    page.get_by_role("button", name=fr("Publish the session")).click()
    expect(page.get_by_role("link", name="Séance d'installation")).to_be_visible()
    assert Session.objects.get().event.title == "Séance d'installation"

    # Anyone reads the report and re-runs the draw from its published inputs.
    page.context.clear_cookies()
    page.goto(draw.get_absolute_url())
    for public_id in draw.result:
        expect(page.get_by_text(public_id, exact=True)).to_be_visible()
    page.get_by_role("link", name=fr("Re-run the draw")).click()
    expect(page.get_by_text(
        fr("Same result: the published panel is the one these inputs give."))).to_be_visible()
