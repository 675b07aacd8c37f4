"""Droit de suite, in a browser on a phone, in French: an engaged member submits
a need; a gardener answers and moves it, step by step, to "connected"; the
member reads the answer in their notification centre and on the item's page.
On the way another member offers help and the gardener connects the two.
axe runs on every page of the journey, none scrolls sideways at 390 px."""

import pytest
from django.urls import reverse

from communities.models import Circle
from needs.models import Need, Status
from notifications.models import Notification
from tests.factories import CommunityFactory, GardenerPairFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.browser


def no_sideways_scroll(page):
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, page.url


def checked(page, assert_accessible):
    no_sideways_scroll(page)
    assert_accessible(page)


def test_a_need_gets_its_answers_all_the_way_to_the_member(page, login_as, assert_accessible):
    community = CommunityFactory(name="Biodiversité", slug="biodiversite")
    pair = GardenerPairFactory(community=community)
    gardener = pair.territory_gardener
    nadia = MembershipFactory(
        community=community, circle=Circle.ENGAGED,
        user=UserFactory(email="nadia@example.org", display_name="Nadia Benali"),
    ).user
    helper = MembershipFactory(
        community=community, circle=Circle.INFORMED,
        user=UserFactory(email="jean@example.org", display_name="Jean Roux"),
    ).user

    # The member submits a need from the community's list of needs.
    login_as(page, nadia)
    page.goto(reverse("needs:list", kwargs={"slug": community.slug}))
    checked(page, assert_accessible)
    page.locator(f"a[href='{reverse('needs:create', kwargs={'slug': community.slug})}']").first.click()
    page.wait_for_load_state()
    checked(page, assert_accessible)
    page.locator("input[name=kind][value=need]").check()
    page.locator("input[name=title]").fill("Une salle pour une bourse aux semences")
    page.locator("textarea[name=description]").fill("Cinquante personnes, un samedi de mars.")
    page.locator("input[name=tags]").fill("semences, salle")
    page.locator("input[name=visibility][value=community]").check()
    page.locator("input[name=contact_consent]").check()
    page.locator("input[name=title]").focus()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    need = Need.objects.get()
    assert page.url.endswith(need.get_absolute_url())
    assert page.locator("h1").inner_text() == "Une salle pour une bourse aux semences"
    checked(page, assert_accessible)

    # Another member offers help and agrees to share their contact.
    page.context.clear_cookies()
    login_as(page, helper)
    page.goto(need.get_absolute_url())
    page.locator("input[name=kind][value=can_help]").check()
    page.locator("textarea[name=message]").fill("Notre salle des fêtes est libre en mars.")
    page.locator("input[name=contact_consent]").check()
    with page.expect_navigation():
        page.locator("form[action$='/support/'] button[type=submit]").click()
    checked(page, assert_accessible)

    # A gardener answers twice, with the keyboard, from the item's page.
    page.context.clear_cookies()
    login_as(page, gardener)
    page.goto(reverse("needs:board", kwargs={"slug": community.slug}))
    checked(page, assert_accessible)
    page.locator(f"a[href='{need.get_absolute_url()}']").click()
    page.wait_for_load_state()
    checked(page, assert_accessible)
    assert "Notre salle des fêtes est libre en mars." in page.locator("main").inner_text()
    # Both consented: the gardener puts them in touch (the two are preselected).
    with page.expect_navigation():
        page.locator("form[action$='/connect/'] button[type=submit]").click()
    contact = Notification.objects.get(recipient=helper, kind="need_connected").data
    assert (contact["other_name"], contact["other_email"]) == ("Nadia Benali",
                                                                "nadia@example.org")
    for status, answer in (
        ("discussed", "Merci ! Nous en parlons avec la mairie."),
        ("connected", "La médiathèque de Foix vous accueille le 15 mars."),
    ):
        page.locator(f"input[name=to_status][value={status}]").check()
        page.locator("textarea[name=answer]").fill(answer)
        with page.expect_navigation():
            page.locator("textarea[name=answer]").press("Tab")
            page.keyboard.press("Enter")
    need.refresh_from_db()
    assert need.status == Status.CONNECTED
    assert need.steps.count() == 2

    # The member reads the answer in the notification centre, then on the item.
    page.context.clear_cookies()
    login_as(page, nadia)
    page.goto(reverse("notifications:list"))
    checked(page, assert_accessible)
    centre = page.locator("main").inner_text()
    assert "La médiathèque de Foix vous accueille le 15 mars." in centre
    assert "Merci ! Nous en parlons avec la mairie." in centre
    # Following the latest notification opens the item.
    page.locator("li.notification a", has_text="La médiathèque de Foix").first.click()
    page.wait_for_url(f"**{need.get_absolute_url()}")
    history = page.locator("#history").inner_text()
    assert "Merci ! Nous en parlons avec la mairie." in history
    assert "La médiathèque de Foix vous accueille le 15 mars." in history
    checked(page, assert_accessible)
