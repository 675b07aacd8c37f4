"""A citizen places a proposal by clicking the map of the proposal form; the
process's map then shows it as a marker whose popup links to the proposal
(issue #17, item 3). The page's CSP blocks nothing (the `page` fixture)."""

import pytest

from processes import services
from processes.models import Proposal
from tests.dialogue.conftest import make_process
from tests.factories import DirectionFactory, UserFactory

pytestmark = pytest.mark.browser


def test_a_citizen_places_a_proposal_on_the_map_and_it_shows_on_the_process_map(
        page, login_as):
    lead = UserFactory(display_name="Léa Pilote")
    direction = DirectionFactory()
    direction.staff.add(lead)
    services.process_lead_grant(direction=direction, person=lead, actor=None)
    process = make_process(direction, lead)
    citizen = UserFactory(display_name="Awa Diallo")
    login_as(page, citizen)

    page.goto(f"{process.get_absolute_url()}proposals/new/")
    page.locator("#process-map.is-live").click(position={"x": 120, "y": 90})
    latitude = page.locator("#id_latitude").input_value()
    longitude = page.locator("#id_longitude").input_value()
    assert latitude and longitude
    page.locator("#id_title").fill("Un arceau devant l'école")
    page.locator("#id_text").fill("Pour les vélos des parents.")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(lambda url: "/proposals/new/" not in url)
    proposal = Proposal.objects.get()
    assert (proposal.latitude, proposal.longitude) == (float(latitude), float(longitude))

    page.goto(f"{process.get_absolute_url()}map/")
    marker = page.locator(".leaflet-marker-icon[alt=\"Un arceau devant l'école\"]")
    marker.click()
    link = page.locator(".leaflet-popup-content a")
    assert link.get_attribute("href") == proposal.get_absolute_url()
