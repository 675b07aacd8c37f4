"""A barometer's free text on a 360 px phone, keyboard only: the agent
moderates the answers waiting (the list of those to moderate, each status
behind its count), publishes the results, and a visitor reads the first ten
answers and follows the link to all of them.

Texts are looked up through Django's catalogue in French, as in the other
journeys."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from barometers import services
from barometers.models import Answer, Question, Wave
from barometers.selectors import TEXTS_SHOWN
from tests.barometers.conftest import given_answer
from tests.factories import DirectionFactory, UserFactory

pytestmark = pytest.mark.browser

ANSWERS = TEXTS_SHOWN + 2
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def fr(message, **values):
    with translation.override("fr"):
        text = gettext(message)
        return text % values if values else text


def _status(status, count):
    """A status's link on the moderation page, as the French page reads it."""
    with translation.override("fr"):
        return gettext("%(name)s: %(count)s") % {"name": str(status.label).capitalize(),
                                                 "count": count}


def _press(page, locator):
    locator.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_an_agent_moderates_the_free_text_and_a_visitor_reads_all_of_it(
        page, login_as, assert_accessible):
    direction = DirectionFactory(name="Cohésion urbaine", slug="cohesion")
    agent = UserFactory(email="agent.barometre@example.org", display_name="Agathe Agent")
    direction.staff.add(agent)
    now = timezone.now()
    barometer = services.barometer_create(name="Baromètre de Malakoff", slug="malakoff",
                                          direction=direction)
    wave = services.wave_create(barometer=barometer, title="Automne 2026",
                                opens_at=now - dt.timedelta(days=30),
                                closes_at=now + dt.timedelta(days=1))
    question = services.question_add(wave=wave, kind=Question.Kind.TEXT, code="idee",
                                     text="Une idée pour le quartier ?")
    services.wave_launch(wave=wave, now=wave.opens_at)
    for n in range(ANSWERS):  # the ids decide the order shown, not the order of answering
        given_answer(question, f"Idée numéro {n + 1:02d}", number=n + 1)
    services.response_submit(wave=wave, user=AnonymousUser(), device_token="door",
                             data={question.field_name: ["Appelez M. Dupont au 06 12 34 56 78"]})
    page.set_viewport_size({"width": 360, "height": 780})

    # The agent opens the moderation: every answer waits, none approved yet.
    login_as(page, agent)
    page.goto("/barometers/malakoff/")
    _press(page, page.get_by_role("link", name=fr("Moderate"), exact=True))
    expect(page.get_by_role("link", name=_status(Answer.Status.PENDING, ANSWERS + 1))
           ).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("link", name=_status(Answer.Status.APPROVED, 0))).to_be_visible()
    assert page.evaluate(SIDEWAYS) <= 0
    assert_accessible(page)

    # The answer naming someone is hidden; the others approved, one by one.
    row = page.locator("tr", has_text="Dupont")
    _press(page, row.get_by_role("button", name=fr("Hide")))
    expect(page.get_by_text(fr("The answer is hidden."))).to_be_visible()
    expect(page.get_by_role("link", name=_status(Answer.Status.HIDDEN, 1))).to_be_visible()
    for remaining in range(ANSWERS, 0, -1):
        expect(page.get_by_role("link", name=_status(Answer.Status.PENDING, remaining))
               ).to_be_visible()
        _press(page, page.get_by_role("button", name=fr("Approve")).first)
    expect(page.get_by_text(fr("No free-text answer waits to be moderated."))).to_be_visible()
    expect(page.get_by_role("link", name=_status(Answer.Status.APPROVED, ANSWERS))).to_be_visible()
    assert set(Answer.objects.values_list("status", flat=True)) == {"approved", "hidden"}

    # The wave closes; the agent publishes its results.
    Wave.objects.filter(pk=wave.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    page.goto(f"/barometers/malakoff/waves/{wave.pk}/results/")
    _press(page, page.get_by_role("button", name=fr("Publish the results")))

    # A visitor reads the first ten answers, then all of them.
    page.context.clear_cookies()
    page.goto(f"/barometers/malakoff/waves/{wave.pk}/results/")
    section = page.locator("section", has=page.get_by_role(
        "heading", name="Une idée pour le quartier ?"))
    expect(section.get_by_role("listitem")).to_have_count(TEXTS_SHOWN)
    expect(section.get_by_role("listitem").first).to_have_text("Idée numéro 01")
    with translation.override("fr"):
        read_all = ngettext("Read the %(counter)s answer", "Read all %(counter)s answers",
                            ANSWERS) % {"counter": ANSWERS}
    _press(page, section.get_by_role("link", name=read_all))
    expect(page.get_by_role("heading", name="Une idée pour le quartier ?")).to_be_visible()
    answers = page.locator("ul.free-texts > li")
    expect(answers).to_have_count(ANSWERS)
    expect(answers.last).to_have_text(f"Idée numéro {ANSWERS:02d}")
    expect(page.get_by_text("Dupont")).to_have_count(0)
    assert page.evaluate(SIDEWAYS) <= 0
    assert_accessible(page)
