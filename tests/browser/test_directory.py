"""A member lists themselves with a location; another member finds them in the
list (filtering with the keyboard only) and as a marker on the map. On a phone,
in French, axe on every page. Tiles are off in tests (MAP_TILES_URL = ""): the
map shows its markers on a blank background and says so.

Texts are looked up through Django's catalogue in French: the test reads what
the page shows, whether the French translation exists yet or not.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from communities.models import Circle
from directory.models import DirectoryEntry
from tests.factories import CommunityFactory, GardenerPairFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.browser


def fr(message, **values):
    with translation.override("fr"):
        text = gettext(message)
        return text % {k: str(v) for k, v in values.items()} if values else text


@pytest.fixture
def lyon(transactional_db):
    community = CommunityFactory(name="Alimentation à Lyon", slug="alimentation-lyon")
    GardenerPairFactory(community=community)
    return community


@pytest.fixture
def lea(lyon):
    user = UserFactory(email="lea.marty@example.org", display_name="Léa Marty",
                       organisation="Les Jardins de la Croix")
    user.skills.set(["compostage"])
    user.interests.set(["jardins partagés"])
    MembershipFactory(community=lyon, user=user, circle=Circle.ENGAGED)
    return user


@pytest.fixture
def omar(lyon):
    """Another member, listed elsewhere in town without a location."""
    user = UserFactory(email="omar.benali@example.org", display_name="Omar Benali",
                       organisation="AMAP des Pentes")
    MembershipFactory(community=lyon, user=user, circle=Circle.INFORMED)
    DirectoryEntry.objects.create(community=lyon, user=user, territory="Villeurbanne")
    return user


@pytest.fixture
def sami(lyon):
    user = UserFactory(email="sami.roux@example.org", display_name="Sami Roux")
    MembershipFactory(community=lyon, user=user, circle=Circle.CITIZENS)
    return user


def _focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return [e.id, e.getAttribute('alt') || '', (e.innerText || e.value || '').trim()]; }"
    )


def _fits_a_phone(page):
    return page.evaluate("() => document.documentElement.scrollWidth") <= 390


def _tab_until(page, matches, *, limit=80):
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if matches(*focused):
            return
        seen.append(focused)
    pytest.fail(f"never reached with Tab; focus went through {seen}")


def test_a_member_is_found_in_the_list_and_on_the_map(
    page, login_as, assert_accessible, lyon, lea, omar, sami
):
    # Given Léa, a member, on her profile
    login_as(page, lea)
    page.goto(reverse("accounts:profile"))

    # When she opens the community's directory entry from her profile and lists
    # herself with a territory and a location typed with a decimal comma
    page.get_by_role("link", name="Alimentation à Lyon").click()
    assert_accessible(page)
    page.get_by_label(fr("Territory")).fill("Croix-Rousse")
    page.get_by_label(fr("Latitude (optional)")).fill("45,77449")
    page.get_by_label(fr("Longitude (optional)")).fill("4.83121")
    page.get_by_role("button", name=fr("List me in the directory")).click()

    # Then she is told so, and her location is stored rounded to ~100 m
    expect(page.get_by_text(
        fr("You are now listed in the directory of %(community)s.", community=lyon.name)
    )).to_be_visible()
    entry = DirectoryEntry.objects.get(user=lea)
    assert (str(entry.latitude), str(entry.longitude)) == ("45.774", "4.831")

    # Given Sami, another member, on the directory
    page.context.clear_cookies()
    login_as(page, sami)
    page.goto(reverse("directory:list", kwargs={"slug": lyon.slug}))
    assert page.locator(".directory-card").count() == 2
    assert_accessible(page)
    assert _fits_a_phone(page)

    # When he filters by territory with the keyboard only
    page.locator("h1").click()
    _tab_until(page, lambda id_, alt, text: id_ == "id_territory")
    page.keyboard.press("ArrowDown")  # "Croix-Rousse", first after "All"
    assert page.locator("#id_territory").input_value() == "Croix-Rousse"
    _tab_until(page, lambda id_, alt, text: text == fr("Filter"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Then only Léa's card is left, with what she does
    cards = page.locator(".directory-card")
    assert cards.count() == 1
    card = cards.first
    for text in ("Léa Marty", "Les Jardins de la Croix", "Croix-Rousse", "compostage",
                 "jardins partagés"):
        assert text in card.inner_text()
    assert "Omar Benali" not in page.locator("main").inner_text()

    # When he opens the map
    page.get_by_role("link", name=fr("Map"), exact=True).click()
    marker = page.locator(".leaflet-marker-icon[alt='Léa Marty']")
    marker.wait_for()

    # Then Léa is a marker, the only one, and the missing background is said
    assert page.locator(".leaflet-marker-icon").count() == 1
    page.wait_for_function(
        "() => { const i = document.querySelector('.leaflet-marker-icon');"
        " return i.complete && i.naturalWidth > 0; }"
    )  # the marker image is served from our static files
    expect(page.locator("#map-no-tiles")).to_be_visible()
    assert_accessible(page)
    assert _fits_a_phone(page)

    # And with the keyboard he reaches the marker and opens its popup
    _tab_until(page, lambda id_, alt, text: alt == "Léa Marty")
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Léa Marty" in popup.inner_text()
    assert "Croix-Rousse" in popup.inner_text()

    # And the text alternative names her too
    assert "Léa Marty" in page.locator(".directory-located").inner_text()


def test_a_member_places_themselves_by_clicking_the_map(page, login_as, lyon, lea):
    login_as(page, lea)
    page.goto(reverse("directory:mine", kwargs={"slug": lyon.slug}))
    page.locator("#directory-map.is-live").click(position={"x": 120, "y": 90})
    latitude = page.get_by_label(fr("Latitude (optional)")).input_value()
    longitude = page.get_by_label(fr("Longitude (optional)")).input_value()
    assert len(latitude.split(".")[1]) == 3 and len(longitude.split(".")[1]) == 3
    page.get_by_role("button", name=fr("List me in the directory")).click()
    entry = DirectoryEntry.objects.get(user=lea)
    assert (str(entry.latitude), str(entry.longitude)) == (latitude, longitude)

    # And removes it again
    page.goto(reverse("directory:mine", kwargs={"slug": lyon.slug}))
    page.get_by_role("button", name=fr("Remove my location")).click()
    entry.refresh_from_db()
    assert entry.latitude is None and entry.longitude is None


def test_an_unreachable_tile_server_leaves_the_markers_and_says_so(
    page, login_as, settings, lyon, lea, sami
):
    # Given tiles from a server nobody answers on
    settings.MAP_TILES_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"
    DirectoryEntry.objects.create(community=lyon, user=lea, territory="Croix-Rousse",
                                  latitude="45.774", longitude="4.831")
    login_as(page, sami)

    # When a member opens the map
    page.goto(reverse("directory:map", kwargs={"slug": lyon.slug}))

    # Then the note appears once tiles fail, and Léa's marker is there
    page.locator("#map-no-tiles").wait_for(state="visible")
    assert page.locator(".leaflet-marker-icon[alt='Léa Marty']").count() == 1
