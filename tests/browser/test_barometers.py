"""The residents' barometer, on a phone (issue 18): an agent creates a
barometer and its first wave, writes two questions and puts them in order,
launches the wave; a resident answers it without an account, and the agent
types in one collected at the door, then imports a file of two more; once the wave has closed the agent
publishes its results, and a visitor reads them, chart and table.

Texts are looked up through Django's catalogue in French, as in the other
journeys: the test reads what the page shows, whether the French of a string
is merged yet or the English source is still displayed.
"""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from barometers.models import Answer, Barometer, Response, Wave
from terreau.spreadsheets import XLSX_CONTENT_TYPE
from tests.factories import DirectionFactory, UserFactory
from tests.workbooks import filled, opened

pytestmark = pytest.mark.browser

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def fr(message, **values):
    with translation.override("fr"):
        text = gettext(message)
        return text % {k: str(v) for k, v in values.items()} if values else text


def wall_clock(moment):
    return timezone.localtime(moment, PARIS).strftime("%Y-%m-%dT%H:%M")


def test_an_agent_builds_a_wave_a_resident_answers_a_visitor_reads_the_results(page, login_as):
    direction = DirectionFactory(name="Cohésion urbaine", slug="cohesion")
    agent = UserFactory(email="agent.barometre@example.org", display_name="Agathe Agent")
    direction.staff.add(agent)
    now = timezone.now()

    # The agent creates the barometer from the barometers' list.
    login_as(page, agent)
    page.goto("/barometers/")
    page.get_by_role("link", name=fr("Create a barometer")).click()
    page.get_by_label(fr("Name")).fill("Baromètre des habitants de Malakoff")
    page.get_by_label(fr("Address")).fill("malakoff")
    page.get_by_label(fr("Direction")).select_option(label="Cohésion urbaine")
    page.get_by_role("button", name=fr("Create the barometer")).click()
    expect(page.get_by_role("heading", name="Baromètre des habitants de Malakoff")).to_be_visible()

    # Its first wave, open to everyone from a few minutes ago for a week.
    page.get_by_role("link", name=fr("New wave")).click()
    page.get_by_label(fr("Title")).fill("Printemps 2027")
    page.get_by_label(fr("Asked to")).select_option(Wave.Target.PUBLIC)
    page.get_by_label(fr("Opens at")).fill(wall_clock(now - dt.timedelta(minutes=5)))
    page.get_by_label(fr("Closes at")).fill(wall_clock(now + dt.timedelta(days=7)))
    page.get_by_role("button", name=fr("Create the wave")).click()
    wave = Wave.objects.get(title="Printemps 2027")

    # Two questions: a scale, then a single choice.
    for text, kind, choices, code in (
        ("Comment jugez-vous votre cadre de vie ?", "scale", "", "cadre-de-vie"),
        ("Le quartier s'est-il amélioré ?", "single", "Oui\nNon\nJe ne sais pas", "image"),
    ):
        page.get_by_label(fr("Question")).fill(text)
        page.get_by_label(fr("Type")).select_option(kind)
        page.get_by_label(fr("Choices")).fill(choices)
        page.get_by_label(fr("Code")).fill(code)
        page.get_by_role("button", name=fr("Add the question")).click()
        expect(page.get_by_text(fr("The question is added."))).to_be_visible()

    # The choice question goes first: moved up with its button, by keyboard.
    up = page.get_by_role("button", name=fr("Move “%(code)s” up", code="image"))
    up.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text(fr("The question is moved."))).to_be_visible()
    items = page.locator("main ol > li > strong")
    assert items.all_inner_texts() == ["Le quartier s'est-il amélioré ?",
                                       "Comment jugez-vous votre cadre de vie ?"]
    assert list(wave.questions.values_list("code", flat=True)) == ["image", "cadre-de-vie"]

    page.get_by_role("button", name=fr("Launch the wave")).click()
    expect(page.get_by_text(fr("The wave is launched: the people it asks are told when it "
                               "opens."))).to_be_visible()

    # A resident, without an account, answers from the barometer's page.
    page.context.clear_cookies()
    page.goto("/barometers/malakoff/")
    page.get_by_role("link", name=fr("Answer"), exact=True).click()
    page.get_by_role("radio", name="Oui").check()
    page.get_by_role("radio", name="4", exact=True).check()
    page.get_by_role("button", name=fr("Send my answers")).click()
    assert Response.objects.filter(wave=wave).count() == 1
    assert Answer.objects.filter(question__code="image", value=0).count() == 1

    # The agent types in a questionnaire collected at the door, keyboard only.
    login_as(page, agent)
    page.goto("/barometers/malakoff/")
    page.get_by_role("link", name=fr("Enter paper questionnaires")).click()
    expect(page.get_by_role("heading", name=fr("Enter a paper questionnaire"))).to_be_visible()
    page.get_by_role("radio", name="Non").focus()
    page.keyboard.press("Space")
    page.get_by_role("radio", name="2", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name=fr("Record this questionnaire")).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text(fr("The questionnaire is recorded. The form is empty again for "
                               "the next one."))).to_be_visible()
    expect(page.get_by_role("radio", name="Non")).not_to_be_checked()
    assert Response.objects.filter(wave=wave).count() == 2

    # Then a bundle an interviewer typed into a spreadsheet: the Excel
    # template, filled in (a choice by its text, one by its number), imported.
    with page.expect_download() as download:
        page.get_by_role("link", name=fr("Excel workbook (.xlsx)")).focus()
        page.keyboard.press("Enter")
    template = download.value.path().read_bytes()
    assert download.value.suggested_filename == f"malakoff-{wave.pk}-questionnaires.xlsx"
    assert [cell.value for cell in opened(template).worksheets[0][1]] == ["image", "cadre-de-vie"]
    page.get_by_label(fr("File of questionnaires (spreadsheet or CSV)")).set_input_files(files=[{
        "name": "lot.xlsx", "mimeType": XLSX_CONTENT_TYPE,
        "buffer": filled(template, [["Je ne sais pas", 3], [3, 5]])}])
    page.get_by_role("button", name=fr("Import the file")).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    with translation.override("fr"):
        imported = ngettext("%(count)d questionnaire is imported.",
                            "%(count)d questionnaires are imported.", 2) % {"count": 2}
    expect(page.get_by_text(imported)).to_be_visible()
    assert Response.objects.filter(wave=wave).count() == 4

    # The wave closes (no page for it: its end date passes).
    Wave.objects.filter(pk=wave.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))

    # The agent, still signed in, publishes the results.
    page.goto("/barometers/malakoff/")
    page.get_by_role("link", name=fr("Results"), exact=True).click()
    page.get_by_role("button", name=fr("Publish the results")).click()
    wave.refresh_from_db()
    assert wave.results_published_at is not None

    # A visitor reads them: a chart and its table per question.
    page.context.clear_cookies()
    page.goto("/barometers/malakoff/")
    page.get_by_role("link", name=fr("Results"), exact=True).click()
    expect(page.get_by_role("heading", name=fr("Results: %(title)s",
                                               title="Printemps 2027"))).to_be_visible()
    section = page.locator("section", has=page.get_by_role(
        "heading", name="Le quartier s'est-il amélioré ?"))
    expect(section.locator("svg.barometer-chart")).to_be_visible()
    table = section.get_by_role("table")
    for choice, count in (("Oui", "1"), ("Non", "1"), ("Je ne sais pas", "2")):
        row = table.locator("tr", has=page.get_by_role("rowheader", name=choice, exact=True))
        assert row.locator("td").first.inner_text() == count
    assert Barometer.objects.get().waves.get() == wave
