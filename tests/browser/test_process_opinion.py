"""The citizen opinion, on a phone (issue 17, items 4 and 5): the process
lead names a panel member and writes the introduction; the panel member
drafts a recommendation drawing on a citizen's proposal; the lead accepts
it and publishes the opinion; the decision-maker answers it with why; the
citizen finds the answer through their notifications and on the process's
timeline, and the opinion's PDF downloads.

Texts are looked up through Django's catalogue in French, as in the other
journeys (tests/browser/test_processes.py).
"""

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext
from playwright.sync_api import expect

from processes import services
from processes.models import Opinion, Recommendation
from tests.dialogue.conftest import make_process
from tests.factories import DirectionFactory, UserFactory

pytestmark = pytest.mark.browser


def fr(message, context=None, **values):
    with translation.override("fr"):
        text = pgettext(context, message) if context else gettext(message)
        return text % {k: str(v) for k, v in values.items()} if values else text


def test_the_panel_publishes_the_decision_maker_answers_the_citizen_reads_why(page, login_as):
    direction = DirectionFactory(name="Mobilités", slug="mobilites")
    lead = UserFactory(email="lead@example.org", display_name="Léa Pilote")
    direction.staff.add(lead)
    services.process_lead_grant(direction=direction, person=lead, actor=None)
    process = make_process(direction, lead)
    citizen = UserFactory(email="awa@example.org", display_name="Awa Diallo")
    proposal = services.proposal_create(process=process, author=citizen,
                                        title="Une piste rue de Metz",
                                        text="Relier le centre à la gare.")
    member = UserFactory(email="nora@example.org", display_name="Nora Panel")

    # The lead names the panel and writes the introduction.
    login_as(page, lead)
    page.goto(process.get_absolute_url())
    page.get_by_role("link", name=fr("Name the opinion's panel")).click()
    page.get_by_label(fr("E-mail address of their account")).fill("nora@example.org")
    page.get_by_role("button", name=fr("Name to the panel")).click()
    expect(page.get_by_text("Nora Panel").first).to_be_visible()
    page.get_by_label(fr("Introduction")).fill("Douze habitants, trois soirées.")
    page.get_by_role("button", name=fr("Save the introduction")).click()

    # The panel member drafts a recommendation drawing on the citizen's proposal.
    page.context.clear_cookies()
    login_as(page, member)
    page.goto(process.get_absolute_url())
    page.get_by_role("link", name=fr("The opinion being written")).click()
    page.get_by_role("link", name=fr("Draft a recommendation")).click()
    page.get_by_label(fr("Title")).fill("Des pistes protégées")
    page.get_by_label(fr("The recommendation")).fill("Séparer les pistes de la chaussée.")
    page.get_by_label("Une piste rue de Metz").check()
    page.get_by_role("button", name=fr("Propose to the leads")).click()
    recommendation = Recommendation.objects.get(author=member)
    assert list(recommendation.proposals.all()) == [proposal]

    # The lead accepts it and publishes the opinion.
    page.context.clear_cookies()
    login_as(page, lead)
    page.goto(process.get_absolute_url())
    page.get_by_role("link", name=fr("The opinion being written")).click()
    page.get_by_text(fr("Decide on “%(title)s”", title="Des pistes protégées")).click()
    page.get_by_label(fr("Accept"), exact=True).check()
    page.get_by_role("button", name=fr("Save the decision")).click()
    page.get_by_role("button", name=fr("Publish the opinion")).click()
    assert Opinion.objects.get(process=process).is_published

    # The decision-maker answers it, with why.
    page.get_by_role("link", name=f"{fr('Answer', context='verb')} “Des pistes protégées”").click()
    page.get_by_label(fr("Adopted"), exact=True).check()
    page.get_by_label(fr("Why")).fill("Budget voté en juin ; travaux à l'automne.")
    page.get_by_role("button", name=fr("Record the answer")).click()
    recommendation.refresh_from_db()
    assert recommendation.answer_status == "adopted"

    # The citizen finds the answer through their notifications and on the timeline.
    page.context.clear_cookies()
    login_as(page, citizen)
    page.goto("/me/notifications/")
    page.get_by_text("Des pistes protégées").first.click()
    expect(page.get_by_text("Budget voté en juin ; travaux à l'automne.")).to_be_visible()
    expect(page.get_by_role("link", name="Une piste rue de Metz")).to_be_visible()
    page.goto(process.get_absolute_url())
    expect(page.get_by_text(fr("Answer to the recommendation “%(title)s”",
                               title="Des pistes protégées"))).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=fr("Download it (PDF)")).click()
    assert download.value.suggested_filename.endswith(f"-{process.slug}.pdf")
