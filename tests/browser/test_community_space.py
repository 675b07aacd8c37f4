"""A community's home on a 360 px phone and with the keyboard: the panels
stack in one column without sideways scrolling, each under a real heading,
and the skip list at the top takes the keyboard straight into a panel."""

import itertools

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from cms.models import CommunityIndexPage, CommunityPage
from cms.services import site_tree_ensure
from communities.models import Circle
from needs.models import Need
from newsletters.models import Letter
from tests.events.factories import EventFactory
from tests.factories import CommunityFactory, GardenerPairFactory, MembershipFactory
from tests.newsletters.factories import LetterFactory

pytestmark = pytest.mark.browser

PANELS = ["story", "circles", "gardeners", "events", "needs", "groups", "channels",
          "letters", "directory"]


def fr(message):
    with translation.override("fr"):
        return gettext(message)


@pytest.fixture
def member(transactional_db):
    community = CommunityFactory(name="Biodiversité", slug="biodiversite",
                                 description="Naturalistes et agriculteurs. " * 20)
    GardenerPairFactory(community=community)
    member = MembershipFactory(community=community, circle=Circle.ENGAGED).user
    EventFactory(community=community, title="Inventaire des mares du Ségala, à la lampe")
    Need.objects.create(community=community, author=member, title="Une salle pour 50",
                        description="…", visibility=Need.Visibility.COMMUNITY,
                        status_changed_at=timezone.now())
    LetterFactory(community=community, state=Letter.State.SENT, sent_at=timezone.now(),
                  title="Lettre de printemps", circles=[Circle.CITIZENS])
    stories = site_tree_ensure().add_child(
        instance=CommunityIndexPage(title="Récits", slug="recits")
    )
    stories.add_child(instance=CommunityPage(
        title="Les gardiens des haies", slug="haies", community=community,
        intro="Depuis 2019, ils replantent des kilomètres de haies.",
    ))
    return member


def test_the_panels_stack_on_a_360_px_phone(page, login_as, member, assert_accessible):
    page.set_viewport_size({"width": 360, "height": 780})
    login_as(page, member)
    page.goto("/communities/biodiversite/")

    boxes = [page.locator(f"section#{key}").bounding_box() for key in PANELS]
    # One column: the same left edge and width, each panel below the previous one.
    assert len({round(box["x"]) for box in boxes}) == 1
    assert len({round(box["width"]) for box in boxes}) == 1
    for above, below in itertools.pairwise(boxes):
        assert below["y"] >= above["y"] + above["height"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    # Each panel is introduced by a real heading.
    for label in ("Its story", "Upcoming events", "Needs and proposals", "Latest letters"):
        expect(page.get_by_role("heading", level=2, name=fr(label), exact=True)).to_be_visible()
    assert_accessible(page)


def test_the_skip_list_takes_the_keyboard_into_a_panel(page, login_as, member):
    login_as(page, member)
    page.goto("/communities/biodiversite/")

    skip = page.get_by_role("navigation", name=fr("On this page"))
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.getAttribute('href')")
        if focused == "#events":
            break
    else:
        pytest.fail("the skip list's link to the events cannot be reached with Tab")
    expect(skip.get_by_role("link", name=fr("Upcoming events"))).to_be_visible()

    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    assert page.url.endswith("#events")
    inside = page.evaluate("() => document.activeElement.closest('section')?.id")
    assert inside == "events"
    assert page.evaluate("() => document.activeElement.innerText.trim()") == (
        "Inventaire des mares du Ségala, à la lampe"
    )
