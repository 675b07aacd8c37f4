"""The funded projects' map (issue #19, item 5) through the shared map script:
a visitor, not signed in, finds the project's marker at its carrier's place
and its popup leads to the project's card; an organisation's admin places it
by clicking the map of its profile form. The CSP blocks nothing (the `page`
fixture)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from calls import services
from calls.models import Application
from organisations import services as organisations
from tests.factories import DirectionFactory, UserFactory

pytestmark = pytest.mark.browser


def test_a_visitor_finds_a_funded_project_on_the_map_and_its_admin_places_it(page, login_as):
    direction = DirectionFactory(name="Cohésion urbaine")
    agent = UserFactory(display_name="Agathe Agent")
    direction.staff.add(agent)
    now = timezone.now()
    call = services.call_publish(call=services.call_create(
        agent=agent, direction=direction, title="Nature en ville", summary="Des arbres.",
        rules="", eligible_territories="", budget=Decimal(10000),
        opens_at=now - dt.timedelta(days=60), closes_at=now - dt.timedelta(days=30),
        criteria=[("Utilité", 1)], documents=[], themes=["biodiversité"], partners=[direction]))
    admin = UserFactory(display_name="Awa Diallo")
    org = organisations.organisation_create(creator=admin, name="Les Jardins de Bagatelle",
                                            kind="association", latitude=Decimal("43.58074"),
                                            longitude=Decimal("1.41252"))
    project = Application.objects.create(
        call=call, organisation=org, title="Un verger partagé", status="decided",
        decision="funded", granted_amount=Decimal(5000), requested_amount=Decimal(5000))

    page.goto(reverse("calls:funded"))
    # The zoom buttons are named in the reader's language, not Leaflet's English.
    expect(page.get_by_role("button", name="Zoom avant")).to_be_visible()
    expect(page.get_by_role("button", name="Zoom arrière")).to_be_visible()
    marker = page.locator(".leaflet-marker-icon[alt='Un verger partagé']")
    marker.click()
    popup = page.locator(".leaflet-popup-content")
    assert "Les Jardins de Bagatelle" in popup.inner_text()
    assert popup.locator("a").get_attribute("href") == f"#project-{project.pk}"
    expect(page.locator(f"#project-{project.pk}")).to_be_visible()  # the list, under the map

    # Its admin moves the organisation by clicking the map of its profile form.
    login_as(page, admin)
    page.goto(reverse("organisations:edit", args=[org.slug]))
    page.locator("#organisation-map.is-live").click(position={"x": 120, "y": 90})
    latitude = page.locator("#id_latitude").input_value()
    longitude = page.locator("#id_longitude").input_value()
    assert (latitude, longitude) != ("43.58074", "1.41252")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(lambda url: "/edit/" not in url)
    org.refresh_from_db()
    assert (org.latitude, org.longitude) == (Decimal(latitude), Decimal(longitude))
