"""A gardener reads their dashboard on a phone; the cultivator sorts the
overview and downloads it as CSV with the keyboard alone — in French, axe on
every page.

Texts are looked up through Django's catalogue in French: the test reads what
the page shows, whether the French translation exists yet or not.
"""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from communities.models import Circle
from tests.events.factories import EventFactory
from tests.factories import (
    CommunityFactory,
    DirectionFactory,
    GardenerPairFactory,
    MembershipFactory,
    UserFactory,
)
from tests.insights.factories import change

pytestmark = pytest.mark.browser


def fr(message, **values):
    with translation.override("fr"):
        text = gettext(message)
        return text % values if values else text


def _tab_to(page, name, *, limit=200):
    """Press Tab until the focused element's text is `name`; fail if it never is."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => (document.activeElement.innerText || '').replace(/\\s+/g, ' ').trim()"
        )
        if focused == name:
            return
        seen.append(focused)
    pytest.fail(f"{name!r} cannot be reached with Tab; focus went through {seen}")


@pytest.fixture
def biodiversite(transactional_db):
    community = CommunityFactory(name="Biodiversité", slug="biodiversite")
    gardener = UserFactory(email="camille@example.org", display_name="Camille Roux")
    GardenerPairFactory(community=community, territory_gardener=gardener)
    now = timezone.now()
    for i, circle in enumerate((Circle.CITIZENS, Circle.INFORMED, Circle.ENGAGED) * 3):
        user = MembershipFactory(community=community, circle=circle).user
        change(community, user, None, Circle.CITIZENS, now - timedelta(days=40 * i + 1))
        if circle != Circle.CITIZENS:
            change(community, user, Circle.CITIZENS, circle, now - timedelta(days=20 * i))
    EventFactory(community=community, title="Troc de graines", capacity=20, confirmed_count=5,
                 waiting_count=0)
    return community, gardener


def test_a_gardener_reads_the_dashboard_on_a_phone(page, login_as, assert_accessible, biodiversite):
    community, gardener = biodiversite
    login_as(page, gardener)

    page.goto(f"/communities/{community.slug}/dashboard/")

    # the chart is drawn, fits the screen, and is an image with a name
    chart = page.locator("svg#circles-chart")
    expect(chart).to_be_visible()
    assert chart.get_attribute("role") == "img"
    box = chart.bounding_box()
    assert box["width"] <= 390 and box["height"] > 150
    # its table beside it, one row per month, and the next event's fill rate
    table = page.locator("table", has=page.locator("caption#circles-chart-caption"))
    assert table.locator("tbody tr").count() == 12
    expect(page.get_by_text("Troc de graines")).to_be_visible()
    expect(page.get_by_role("cell", name="25 %")).to_be_visible()
    # the page itself never scrolls sideways: wide tables scroll in their box
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_accessible(page)


@pytest.fixture
def cultivator(transactional_db):
    direction = DirectionFactory(name="Cultivateur", slug="cultivateur", is_coordinating=True)
    user = UserFactory(email="cultivateur@example.org", display_name="Inès Martin")
    direction.staff.add(user)
    return user


def test_the_cultivator_sorts_and_downloads_the_overview_with_the_keyboard(
    page, login_as, assert_accessible, biodiversite, cultivator
):
    CommunityFactory(name="Alimentation durable", slug="alimentation")
    login_as(page, cultivator)
    page.goto("/insights/overview/")
    assert_accessible(page)

    # When they reach the "Total" heading with Tab and press Enter
    _tab_to(page, fr("Total"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # Then the table is sorted by total, ascending, and says so
    assert "sort=total" in page.url
    header = page.locator("th[aria-sort]")
    assert header.get_attribute("aria-sort") == "ascending"
    rows = page.locator("table.overview tbody th[scope=row]")
    assert rows.all_inner_texts() == ["Alimentation durable", "Biodiversité"]

    # Once more: descending
    header.locator("a").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("th[aria-sort]").get_attribute("aria-sort") == "descending"
    assert rows.all_inner_texts() == ["Biodiversité", "Alimentation durable"]
    assert_accessible(page)

    # When they reach the download link and press Enter, the CSV comes in that order
    _tab_to(page, fr("Download as CSV (spreadsheet)"))
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    content = open(download.value.path(), "rb").read().decode("utf-8")
    assert content.startswith("\ufeff")
    lines = content[1:].splitlines()
    assert lines[0].split(";")[0] == fr("Community")
    assert [line.split(";")[0] for line in lines[1:]] == ["Biodiversité", "Alimentation durable"]
