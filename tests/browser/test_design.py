"""Every main page type fits a phone and a laptop and passes axe, for each
role; the header leaves the phone's screen to the page; the menu works with
the keyboard; a form's error summary takes focus (docs/design.md).

Texts are looked up through Django's catalogue in French: the test reads what
the page shows, whether the French translation exists yet or not.
"""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from communities.models import Circle
from discussions import services as discussions
from notifications import services as notifications
from tests.events.factories import EventFactory
from tests.factories import (
    CommunityFactory,
    DirectionFactory,
    GardenerPairFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}


def fr(message):
    with translation.override("fr"):
        return gettext(message)


@pytest.fixture
def world(transactional_db):
    community = CommunityFactory(
        name="Biodiversité", slug="biodiversite", territory="Occitanie — Pyrénées",
        description="Naturalistes, associations et agriculteurs qui protègent la faune et la flore.",
    )
    community.themes.set(["biodiversité", "zones humides"])
    CommunityFactory(name="Alimentation durable", slug="alimentation")
    gardener = UserFactory(email="camille@example.org", display_name="Camille Roux")
    GardenerPairFactory(community=community, territory_gardener=gardener)
    member = MembershipFactory(
        community=community, circle=Circle.ENGAGED,
        user=UserFactory(email="nadia@example.org", display_name="Nadia Benali"),
    ).user
    for circle in (Circle.CITIZENS, Circle.INFORMED, Circle.CITIZENS):
        MembershipFactory(community=community, circle=circle)
    event = EventFactory(community=community, title="Comptage des oiseaux de la mare")
    channel = discussions.general_channel_ensure(community=community)
    discussions.message_post(channel=channel, author=gardener,
                             body="Rendez-vous samedi à 9 h au bord de la mare, @Nadia Benali ?")
    notifications.notify([member], "mention", actor=gardener, community=community, email=False,
                         url=f"/communities/{community.slug}/",
                         data={"channel": channel.name, "excerpt": "Rendez-vous samedi"})
    cultivator = UserFactory(email="ines@example.org", display_name="Inès Martin")
    DirectionFactory(name="Cultivateur", slug="cultivateur", is_coordinating=True).staff.add(cultivator)
    slug = community.slug
    public = ["/", f"/communities/{slug}/", "/events/", f"/events/{event.pk}/", f"/communities/{slug}/letters/"]
    member_pages = [
        f"/communities/{slug}/channels/{channel.pk}/", "/me/notifications/", "/me/profile/",
        f"/communities/{slug}/directory/", "/me/channels/", "/communities/mine/", "/events/mine/",
    ]
    return {
        "community": community,
        "people": {"visitor": None, "member": member, "gardener": gardener, "cultivator": cultivator},
        "pages": {
            "visitor": public,
            "member": public + member_pages,
            "gardener": ["/", f"/communities/{slug}/", f"/communities/{slug}/dashboard/",
                         f"/communities/{slug}/channels/{channel.pk}/", "/me/channels/"],
            "cultivator": ["/", "/insights/overview/", "/gardeners/"],
        },
    }


def _sideways(page) -> int:
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["360x740", "1280x800"])
@pytest.mark.parametrize("role", ["visitor", "member", "gardener", "cultivator"])
def test_every_page_fits_and_passes_axe(page, login_as, assert_accessible, world, role, size):
    page.set_viewport_size(size)
    person = world["people"][role]
    if person is not None:
        login_as(page, person)

    too_wide = []
    for path in world["pages"][role]:
        response = page.goto(path)
        assert response.ok, f"{path}: {response.status}"
        if (extra := _sideways(page)) > 0:
            too_wide.append(f"{path}: {extra} px too wide")
        assert_accessible(page)
        if size is PHONE:
            header = page.locator("header.site-header").bounding_box()
            assert header["height"] <= 0.15 * PHONE["height"], f"{path}: header {header['height']} px"

    assert too_wide == []


def test_the_menu_opens_and_closes_with_the_keyboard(page, login_as, assert_accessible, world):
    page.set_viewport_size(PHONE)
    login_as(page, world["people"]["member"])
    page.goto("/")
    toggle = page.get_by_role("button", name=fr("Menu"))
    log_out = page.get_by_role("button", name=fr("Log out"))
    # The shortcuts are one tap away; the rest of the menu is closed.
    shortcuts = page.get_by_role("navigation", name=fr("Shortcuts"))
    for name in ("My communities", "My events", "Channels"):
        expect(shortcuts.get_by_role("link", name=fr(name))).to_be_visible()
    expect(shortcuts.get_by_role("link", name=fr("Notifications"), exact=False)).to_be_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    expect(log_out).to_be_hidden()

    # Tab to the button, Enter: open, and said so
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('menu-toggle')"):
            break
    else:
        pytest.fail("the menu button cannot be reached with Tab")
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    expect(log_out).to_be_visible()
    expect(page.locator("#site-menu").get_by_role("link", name=fr("Profile"))).to_be_visible()
    assert_accessible(page)

    # Escape: closed, focus back on the button; Space opens it again
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    expect(log_out).to_be_hidden()
    assert page.evaluate("() => document.activeElement.classList.contains('menu-toggle')")
    page.keyboard.press("Space")
    assert toggle.get_attribute("aria-expanded") == "true"


def test_the_dark_scheme_passes_axe(page, login_as, assert_accessible, world):
    page.emulate_media(color_scheme="dark")
    login_as(page, world["people"]["member"])
    for path in ("/", f"/communities/{world['community'].slug}/", "/events/"):
        page.goto(path)
        assert page.evaluate(
            "() => getComputedStyle(document.body).backgroundColor"
        ) != "rgb(246, 247, 242)", "the dark scheme is not applied"
        assert_accessible(page)


def test_a_form_with_errors_gives_focus_to_its_summary(page, login_as, assert_accessible, world):
    page.set_viewport_size(PHONE)
    login_as(page, world["people"]["member"])
    page.goto(f"/communities/{world['community'].slug}/needs/new/")

    # When the form is sent empty
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()

    # Then its summary has focus, and each of its links leads to a field
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    assert page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    links = summary.get_by_role("link")
    assert links.count() >= 1
    target = links.first.get_attribute("href")[1:]
    links.first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == target
    # the field names its error through aria-describedby
    described = page.locator(f"#{target}").get_attribute("aria-describedby") or page.locator(
        f"fieldset:has(#{target})").get_attribute("aria-describedby")
    for id_ in described.split():
        assert page.locator(f"#{id_}").count() == 1
    assert_accessible(page)
