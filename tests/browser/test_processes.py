"""A citizen proposes in a process open to contributions, the process lead
records an argued answer, and the citizen finds it on the proposal and in
their notifications (issue 17), on a phone.

Texts are looked up through Django's catalogue in French, as in the other
journeys: the test reads what the page shows, whether the French of a string
is merged yet or the English source is still displayed.
"""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from processes import services
from processes.models import Answer, Proposal
from tests.dialogue.conftest import make_process
from tests.factories import DirectionFactory, UserFactory

pytestmark = pytest.mark.browser


def fr(message, **values):
    with translation.override("fr"):
        text = gettext(message)
        return text % {k: str(v) for k, v in values.items()} if values else text


def test_a_citizen_proposes_the_lead_answers_and_the_citizen_reads_why(page, login_as):
    direction = DirectionFactory(name="Mobilités", slug="mobilites")
    lead = UserFactory(email="lead@example.org", display_name="Léa Pilote")
    direction.staff.add(lead)
    services.process_lead_grant(direction=direction, person=lead, actor=None)
    process = make_process(direction, lead)
    citizen = UserFactory(email="awa@example.org", display_name="Awa Diallo")

    # The citizen reads the rules of the game, then proposes.
    login_as(page, citizen)
    page.goto(process.get_absolute_url())
    assert page.get_by_role("heading", name=fr("The rules of the game")).is_visible()
    page.get_by_role("link", name=fr("Make a proposal")).click()
    page.get_by_label(fr("Title")).fill("Une piste rue de Metz")
    page.get_by_label(fr("Your proposal")).fill("Relier le centre à la gare.")
    page.get_by_role("button", name=fr("Publish my proposal")).click()
    proposal = Proposal.objects.get(author=citizen)
    assert page.get_by_role("heading", name="Une piste rue de Metz").is_visible()

    # The lead answers it, with why.
    page.context.clear_cookies()
    login_as(page, lead)
    page.goto(proposal.get_absolute_url())
    page.get_by_role("link", name=fr("Answer"), exact=True).click()
    page.get_by_label(fr("Adopted"), exact=True).check()
    page.get_by_label(fr("Why")).fill("Votée en conseil ; travaux à l'été.")
    page.get_by_role("button", name=fr("Record the answer")).click()
    assert Answer.objects.get(proposal=proposal).status == Answer.Status.ADOPTED

    # The citizen sees the answer in their notifications and on the proposal.
    page.context.clear_cookies()
    login_as(page, citizen)
    page.goto("/me/notifications/")
    page.get_by_text("Une piste rue de Metz").first.click()
    assert page.get_by_text("Votée en conseil ; travaux à l'été.").is_visible()
