"""A gardener opens a call for contributions, a member proposes a section, the
gardener accepts it and sends the letter; the letter is in the local outbox
and in the community's archive — on a phone, in French.

Mail goes through the real local outbox (.eml files under a temporary
directory, read at /dev/outbox/). Celery runs in-process (test settings),
so sending happens within the gardener's request once it commits.
"""

import datetime as dt

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from communities.models import Circle
from newsletters.models import Letter, Section
from tests.factories import CommunityFactory, GardenerPairFactory, MembershipFactory, UserFactory
from tests.newsletters.factories import subscribe

pytestmark = pytest.mark.browser


def fr(message, **values):
    """What the page shows in French: the translation, or the English source if none yet."""
    with translation.override("fr"):
        text = gettext(message)
    return text % values if values else text


def fr_n(singular, plural, n, **values):
    with translation.override("fr"):
        return ngettext(singular, plural, n) % {"n": n, **values}


@pytest.fixture
def local_outbox(settings, live_server, tmp_path):
    settings.EMAIL_BACKEND = "terreau.outbox.OutboxEmailBackend"
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.OUTBOX_PAGE_ENABLED = True
    settings.SITE_URL = live_server.url
    return settings.OUTBOX_DIR


@pytest.fixture
def biodiversite(transactional_db):
    community = CommunityFactory(name="Biodiversité", slug="biodiversite")
    pair = GardenerPairFactory(
        community=community,
        territory_gardener=UserFactory(email="camille@example.org", display_name="Camille Roux"),
    )
    member = MembershipFactory(
        community=community, circle=Circle.ENGAGED,
        user=UserFactory(email="lea.marty@example.org", display_name="Léa Marty"),
    ).user
    subscribe(member, community)
    return community, pair.territory_gardener, member


def _log_out(page):
    # On a phone "Log out" is in the menu, behind its button (templates/base.html).
    page.get_by_role("button", name=fr("Menu")).click()
    page.get_by_role("button", name=fr("Log out")).click()
    page.wait_for_load_state()


def test_a_letter_is_written_together_and_sent(page, login_as, assert_accessible, local_outbox,
                                              biodiversite):
    community, gardener, member = biodiversite

    # Given the gardener on the community's letters page
    login_as(page, gardener)
    page.goto(f"/communities/{community.slug}/letters/manage/")
    assert_accessible(page)

    # When they open a letter, which sends the call for contributions
    page.get_by_role("link", name=fr("Open a new letter")).click()
    page.get_by_label(fr("Title")).fill("Lettre de printemps")
    page.get_by_label(fr("Planned date")).fill(
        (timezone.localdate() + dt.timedelta(days=20)).isoformat())
    assert_accessible(page)
    page.get_by_role("button", name=fr("Open the letter and send the call")).click()
    page.wait_for_load_state()
    letter = Letter.objects.get(title="Lettre de printemps")
    assert letter.state == Letter.State.CALL_OPEN
    _log_out(page)

    # And the member, called by e-mail, proposes a section
    login_as(page, member)
    page.goto(letter.get_absolute_url())
    page.get_by_role("link", name=fr("Propose a section")).click()
    expect(page.get_by_role("toolbar")).to_be_visible()  # the editor's buttons
    page.get_by_label(fr("Title")).fill("La mare est restaurée")
    page.get_by_label(fr("Text")).fill(
        "Grâce aux bénévoles, la mare du parc revit.\n\nVenez voir les tritons !")
    assert_accessible(page)
    page.get_by_role("button", name=fr("Propose"), exact=True).click()
    page.wait_for_load_state()
    section = Section.objects.get(letter=letter)
    assert section.state == Section.State.PROPOSED
    _log_out(page)

    # Then the gardener accepts it and sends the letter
    login_as(page, gardener)
    page.goto(letter.get_absolute_url())
    page.get_by_text(fr('Decide on "%(title)s"', title=section.title)).click()
    page.get_by_label(fr("Accept"), exact=True).check()
    page.get_by_role("button", name=fr("Save the decision")).click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("link", name=fr("Send now…")).click()
    expect(page.get_by_text(fr_n("%(n)s person will receive this letter.",
                                 "%(n)s people will receive this letter.", 1))).to_be_visible()
    page.get_by_role("button", name=fr_n("Send to %(n)s person", "Send to %(n)s people", 1)).click()
    page.wait_for_load_state()
    letter.refresh_from_db()
    assert letter.state == Letter.State.SENT
    assert page.locator("progress").get_attribute("value") == "1"
    assert_accessible(page)

    # And the letter is in the local outbox, addressed to the member
    page.goto("/dev/outbox/")
    page.get_by_role("link", name="Biodiversité · Lettre de printemps").click()
    expect(page.get_by_text("La mare est restaurée").first).to_be_visible()
    letters = [p for p in local_outbox.glob("*.eml") if b"lea.marty@example.org" in p.read_bytes()
               and b"List-Unsubscribe-Post" in p.read_bytes()]
    assert len(letters) == 1

    # And in the community's archive, with its web page
    page.goto(f"/communities/{community.slug}/letters/")
    assert_accessible(page)
    page.get_by_role("link", name="Lettre de printemps").click()
    expect(page.get_by_role("heading", name="La mare est restaurée")).to_be_visible()
    expect(page.get_by_text("Venez voir les tritons !")).to_be_visible()
