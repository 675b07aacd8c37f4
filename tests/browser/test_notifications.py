"""A member meets their notifications on a phone, in French, with the keyboard alone."""

import pytest
from django.urls import reverse

from notifications import services
from notifications.models import Notification, Preference
from tests.factories import CommunityFactory, UserFactory

pytestmark = pytest.mark.browser


def no_sideways_scroll(page):
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, page.url


def test_centre_and_preferences_on_a_phone_with_the_keyboard(page, login_as, assert_accessible):
    community = CommunityFactory(name="Biodiversité", slug="biodiversite")
    nadia = UserFactory(email="nadia@example.org", display_name="Nadia Benali")
    gardener = UserFactory(email="jardinier@example.org", display_name="Paul Jardin")
    for channel in ("général", "sorties-nature-du-printemps-avec-un-nom-très-long"):
        services.notify(
            [nadia], "mention", actor=gardener, community=community, email=False,
            url=reverse("communities:detail", kwargs={"slug": community.slug}),
            data={"channel": channel, "excerpt": "Tu viens samedi pour le comptage des oiseaux ?"},
        )

    login_as(page, nadia)
    # The header says how many are unread, in words a screen reader reads too.
    bell = page.locator("header a[href='/me/notifications/']")
    assert " ".join(bell.text_content().split()).startswith("Notifications (2 ")

    page.goto(reverse("notifications:list"))
    assert page.locator("h1").inner_text() == "Notifications"
    assert page.locator("li.notification.unread").count() == 2
    no_sideways_scroll(page)
    assert_accessible(page)

    # Keyboard: focus the first "mark as read" button and press Enter.
    first_button = page.locator("li.notification form button").first
    first_button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("li.notification.unread").count() == 1
    assert Notification.objects.filter(read_at__isnull=True).count() == 1

    # Following the remaining one marks it read and lands on its target.
    page.locator("li.notification.unread a").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(f"**{community.get_absolute_url()}")
    assert not Notification.objects.filter(read_at__isnull=True).exists()

    # Preferences: a radio group per kind, changed with the arrow keys, saved with Enter.
    page.goto(reverse("notifications:preferences"))
    no_sideways_scroll(page)
    assert_accessible(page)
    mention_now = page.locator("input[name=mention][value=immediately]")
    mention_now.focus()
    page.keyboard.press("ArrowDown")  # to "daily digest"
    page.locator("form[action='/me/notifications/preferences/'] button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Preference.objects.get(user=nadia, kind="mention").frequency == "daily"
    assert page.locator("input[name=mention][value=daily]").is_checked()
