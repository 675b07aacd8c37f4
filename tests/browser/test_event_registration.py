"""A citizen without an account finds an event from the home page, registers,
confirms through the link of the e-mail read in the local outbox, and leaves
with the event's calendar file — on a phone, in French.

Mail goes through the real local outbox (.eml files under a temporary
directory, read at /dev/outbox/), as on a developer's machine: the citizen
opens the message in the browser and follows its link. The live server runs
in this process, so overriding the settings here reaches it.
"""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from events.models import Registration
from tests.events.factories import EventFactory
from tests.factories import CommunityFactory, GardenerPairFactory

pytestmark = pytest.mark.browser


def fr(message):
    """What the page shows in French: the translation, or the English source if none yet."""
    with translation.override("fr"):
        return gettext(message)


@pytest.fixture
def local_outbox(settings, live_server, tmp_path):
    """E-mails written to a temporary outbox shown at /dev/outbox/, with links
    pointing at the live server."""
    settings.EMAIL_BACKEND = "terreau.outbox.OutboxEmailBackend"
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.OUTBOX_PAGE_ENABLED = True
    settings.SITE_URL = live_server.url
    return settings.OUTBOX_DIR


@pytest.fixture
def sortie_nature(transactional_db):
    community = CommunityFactory(name="Biodiversité", slug="biodiversite")
    pair = GardenerPairFactory(community=community)
    return EventFactory(
        community=community,
        organiser=pair.territory_gardener,
        title="Sortie nature au bord du Lez",
        starts_at=(timezone.now() + dt.timedelta(days=5)).replace(microsecond=0),
        capacity=20,
    )


def test_a_citizen_registers_to_an_event_and_confirms_by_e_mail(
    page, assert_accessible, local_outbox, sortie_nature
):
    event = sortie_nature

    # Given a citizen without an account on the home page
    page.goto("/")

    # When they follow "Join an event" and open the event
    page.get_by_role("main").get_by_role("link", name=fr("Join an event")).click()
    assert_accessible(page)
    page.get_by_role("link", name=event.title, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=event.title)).to_be_visible()
    assert_accessible(page)

    # And register with their name, e-mail and consent
    page.get_by_label(fr("Your name")).fill("Léa Marty")
    page.get_by_label(fr("Your e-mail address")).fill("lea.marty@example.org")
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name=fr("Register"), exact=True).click()
    page.wait_for_load_state()

    # Then the registration waits for the e-mail confirmation
    registration = Registration.objects.get(event=event, email="lea.marty@example.org")
    assert registration.status == Registration.Status.PENDING

    # When they open the message in the local outbox and follow its link
    page.goto("/dev/outbox/")
    page.get_by_role("link", name=event.title).click()
    page.locator("pre.mail-text a[href*='/events/r/confirm/']").click()
    page.get_by_role("button", name=fr("Confirm my registration")).click()
    page.wait_for_load_state()

    # Then their confirmation page shows the event, their booked seat and its calendar file
    expect(page.get_by_role("link", name=event.title, exact=True)).to_be_visible()
    expect(page.get_by_text(fr("Confirmed: your seat is booked."))).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert_accessible(page)

    calendar = page.get_by_role("link", name=fr("Add to my calendar (.ics)"))
    with page.expect_download() as download:
        calendar.click()
    assert download.value.suggested_filename.endswith(".ics")
    assert "SUMMARY:Sortie nature au bord du Lez" in Path(download.value.path()).read_text()
    response = page.request.get(calendar.get_attribute("href"))
    assert response.headers["content-type"].startswith("text/calendar")

    # And the outbox holds the confirmation request and the confirmation
    assert len(list(local_outbox.glob("*.eml"))) == 2
