"""A citizen proposes in a process open to contributions, the process lead
enters a workshop's contributions and publishes its minutes, records an
argued answer, and the citizen finds it on the proposal and in their
notifications, and the minutes on the timeline (issue 17), on a phone.

Texts are looked up through Django's catalogue in French, as in the other
journeys: the test reads what the page shows, whether the French of a string
is merged yet or the English source is still displayed.
"""

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext
from playwright.sync_api import expect

from processes import services
from processes.models import Answer, ProcessDocument, Proposal
from tests.dialogue.conftest import make_process
from tests.factories import DirectionFactory, UserFactory

pytestmark = pytest.mark.browser


def fr(message, context=None, **values):
    with translation.override("fr"):
        text = pgettext(context, message) if context else gettext(message)
        return text % {k: str(v) for k, v in values.items()} if values else text


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_citizen_proposes_the_lead_answers_and_the_citizen_reads_why(
        page, login_as, settings, tmp_path):
    settings.PROCESSES_PRIVATE_ROOT = tmp_path
    direction = DirectionFactory(name="Mobilités", slug="mobilites")
    lead = UserFactory(email="lead@example.org", display_name="Léa Pilote")
    direction.staff.add(lead)
    services.process_lead_grant(direction=direction, person=lead, actor=None)
    process = make_process(direction, lead)
    citizen = UserFactory(email="awa@example.org", display_name="Awa Diallo")

    # The citizen reads the rules of the game, then proposes.
    login_as(page, citizen)
    page.goto(process.get_absolute_url())
    expect(page.get_by_role("heading", name=fr("The rules of the game"))).to_be_visible()
    page.get_by_role("link", name=fr("Make a proposal")).click()
    page.get_by_label(fr("Title")).fill("Une piste rue de Metz")
    page.get_by_label(fr("Your proposal")).fill("Relier le centre à la gare.")
    page.get_by_role("button", name=fr("Publish my proposal")).click()
    proposal = Proposal.objects.get(author=citizen)
    expect(page.get_by_role("heading", name="Une piste rue de Metz")).to_be_visible()

    # The lead enters a workshop's contribution, then publishes its minutes.
    page.context.clear_cookies()
    login_as(page, lead)
    page.goto(process.get_absolute_url())
    page.get_by_role("link", name=fr("Enter workshop contributions")).click()
    page.get_by_label(fr("Or, for a meeting that is not among the workshops, where it was said"))\
        .fill("Atelier du 12 mars, 23 participants")
    page.get_by_label(fr("Title")).fill("Des arceaux à vélo devant l'école")
    page.get_by_label(fr("What the participants proposed")).fill("Vingt arceaux, côté cour.")
    page.get_by_role("button", name=fr("Enter this contribution")).click()
    assert Proposal.objects.get(source_label__startswith="Atelier du 12 mars").author is None
    page.goto(process.get_absolute_url())
    page.get_by_role("link", name=fr("Publish a document")).click()
    page.get_by_label(fr("What it is")).select_option("minutes")
    page.get_by_label(fr("Title")).fill("Compte rendu de l'atelier du 12 mars")
    page.get_by_label(fr("Date")).fill("2026-03-12")
    page.get_by_label(fr("File")).set_input_files(
        files=[{"name": "compte-rendu.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name=fr("Publish"), exact=True).click()
    assert ProcessDocument.objects.get(process=process).kind == "minutes"

    # The lead answers the citizen's proposal, with why.
    page.goto(proposal.get_absolute_url())
    page.get_by_role("link", name=fr("Answer", context="verb"), exact=True).click()
    page.get_by_label(fr("Adopted"), exact=True).check()
    page.get_by_label(fr("Why")).fill("Votée en conseil ; travaux à l'été.")
    page.get_by_role("button", name=fr("Record the answer")).click()
    assert Answer.objects.get(proposal=proposal).status == Answer.Status.ADOPTED

    # The citizen sees the answer in their notifications and on the proposal.
    page.context.clear_cookies()
    login_as(page, citizen)
    page.goto("/me/notifications/")
    page.get_by_text("Une piste rue de Metz").first.click()
    expect(page.get_by_text("Votée en conseil ; travaux à l'été.")).to_be_visible()

    # The workshop's contribution and its minutes are on the process page.
    page.goto(process.get_absolute_url())
    expect(page.get_by_text("Des arceaux à vélo devant l'école").first).to_be_visible()
    expect(page.get_by_role("link", name="Compte rendu de l'atelier du 12 mars")).to_be_visible()
