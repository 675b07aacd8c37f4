"""A citizen finds a community from the home page and joins it, on a phone.

Texts are looked up through Django's own catalogue in French, the citizen's
language: the test reads what the page shows, whether the French translation
of a string exists yet or the English source is still displayed.
"""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from communities.models import Circle, Membership
from tests.factories import CommunityFactory, GardenerPairFactory, UserFactory

pytestmark = pytest.mark.browser


def fr(message, **values):
    with translation.override("fr"):
        text = gettext(message)
        return text % {k: str(v) for k, v in values.items()} if values else text


def fr_label(choice):
    with translation.override("fr"):
        return str(choice.label)


@pytest.fixture
def biodiversite(transactional_db):
    community = CommunityFactory(
        name="Biodiversité",
        slug="biodiversite",
        description="Naturalistes, associations et agriculteurs qui protègent la faune et la flore.",
        territory="Occitanie",
    )
    community.themes.set(["biodiversité", "haies"])
    GardenerPairFactory(community=community)
    CommunityFactory(name="Mobilités", slug="mobilites")
    return community


@pytest.fixture
def citizen(transactional_db):
    return UserFactory(email="lea.marty@example.org", display_name="Léa Marty")


def _says_citizens_circle(page):
    expected = fr("You are in the %(circle)s circle.", circle=fr_label(Circle.CITIZENS))
    return page.get_by_text(expected, exact=True)


def test_a_citizen_joins_a_community_from_the_home_page(page, login_as, citizen, biodiversite):
    # Given a signed-in citizen on the home page
    login_as(page, citizen)
    page.goto("/")

    # When they look for a community, open Biodiversité and join it
    page.get_by_role("main").get_by_role("link", name=fr("Find a community")).click()
    page.get_by_role("link", name="Biodiversité", exact=True).click()
    page.get_by_role("button", name=fr("Join this community")).click()

    # Then the page says they are in the citizens circle, and they are
    expect(_says_citizens_circle(page)).to_be_visible()
    assert page.get_by_role("button", name=fr("Join this community")).count() == 0
    membership = Membership.objects.get(community=biodiversite, user=citizen)
    assert membership.circle == Circle.CITIZENS


def _tab_to(page, name, *, limit=60):
    """Press Tab until the focused element's text is `name`; fail if it never is."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => (document.activeElement.innerText || document.activeElement.value || '').trim()"
        )
        if focused == name:
            return
        seen.append(focused)
    pytest.fail(f"{name!r} cannot be reached with Tab; focus went through {seen}")


def test_a_citizen_joins_a_community_with_the_keyboard_only(
    page, login_as, citizen, biodiversite
):
    # Given a signed-in citizen on the home page, using only the keyboard
    login_as(page, citizen)
    page.goto("/")

    # The first Tab offers to skip the navigation
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#main"

    # When they reach each link and button with Tab and press Enter
    _tab_to(page, fr("Find a community"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _tab_to(page, "Biodiversité")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _tab_to(page, fr("Join this community"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Then they are in the citizens circle
    expect(_says_citizens_circle(page)).to_be_visible()
    assert Membership.objects.filter(
        community=biodiversite, user=citizen, circle=Circle.CITIZENS
    ).exists()
