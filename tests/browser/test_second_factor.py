"""A gardener sets up two-factor authentication on a phone, with the
keyboard alone, in French, axe on every page; then logs in with a code."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.factories import CommunityFactory, GardenerPairFactory, UserFactory
from tests.second_factor import totp_code, totp_setup

pytestmark = pytest.mark.browser

PASSWORD = "password"


def fr(message):
    with translation.override("fr"):
        return gettext(message)


@pytest.fixture
def gardener(transactional_db):
    community = CommunityFactory(name="Biodiversité", slug="biodiversite")
    user = UserFactory(email="camille@example.org", display_name="Camille Roux")
    GardenerPairFactory(community=community, territory_gardener=user)
    return user


def _type_password(page, user):
    page.goto(reverse("account_login"))
    page.locator("input[name=login]").focus()
    page.keyboard.type(user.email)
    page.locator("input[name=password]").focus()
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_gardener_sets_up_the_app_with_the_keyboard(page, assert_accessible, gardener):
    # the gardener logs in with the password...
    _type_password(page, gardener)

    # ... confirms it once more, as any change to the second factor asks ...
    assert "/accounts/reauthenticate/" in page.url
    page.locator("input[name=password]").focus()
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # ... and lands on the set-up, which says why
    assert page.url.endswith("/accounts/2fa/totp/activate/")
    expect(page.get_by_text(fr(
        "Your role on the site (staff, cultivator or gardener) requires two-factor "
        "authentication. Set it up to continue: it takes a minute."
    ))).to_be_visible()
    expect(page.get_by_role("img", name=fr("QR code to scan with your authenticator app"))).to_be_visible()
    assert_accessible(page)
    secret = page.locator("#authenticator_secret").input_value()

    # the QR code and the page fit a phone's width
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390

    # typing the app's code activates it and shows the recovery codes
    page.locator("input[name=code]").focus()
    page.keyboard.type(totp_code(secret))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/accounts/2fa/recovery-codes/")
    assert_accessible(page)

    # every page now opens
    page.goto(reverse("accounts:profile"))
    expect(page.get_by_text(fr(
        "Two-factor authentication is on: logging in asks for a code from your "
        "authenticator app."
    ))).to_be_visible()


def test_the_code_step_is_keyboard_usable_and_accessible(page, assert_accessible, gardener):
    totp_setup(gardener)
    _type_password(page, gardener)

    assert page.url.endswith("/accounts/2fa/authenticate/")
    assert_accessible(page)
    page.locator("input[name=code]").focus()
    page.keyboard.type(totp_code())
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.endswith(reverse("communities:mine"))
