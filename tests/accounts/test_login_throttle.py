"""One login throttle for every way in.

The Wagtail and Django admins' log-in addresses lead to the site's form
(tests/accounts/test_second_factor.py), so the site's form is the one form;
the throttle sits in authenticate() all the same, for any other caller.
The limits are those of the settings: 5 failures per account and 20 per client
address, in a 15-minute window (accounts/throttle.py).
"""

import pytest
from django.contrib.auth import SESSION_KEY
from django.utils import translation

from accounts import throttle
from tests.accounts.helpers import waiting_in
from tests.factories import UserFactory

PASSWORD = "password"  # the factories' password
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20

# The log-in form, with the name of its identifier field.
FORMS = {
    "site": ("/accounts/login/", "login"),
}


@pytest.fixture
def staff(db):
    return UserFactory(
        email="editor@example.org", is_staff=True, is_superuser=True, display_name="Éditrice"
    )


def _attempt(client, form, email, password, address="203.0.113.7"):
    url, field = FORMS[form]
    client.logout()
    client.post(url, {field: email, "password": password}, REMOTE_ADDR=address)
    return SESSION_KEY in client.session


@pytest.mark.parametrize("form", FORMS)
def test_after_five_wrong_passwords_even_the_right_one_is_refused(client, staff, form):
    # given an attacker who failed five times on the staff account
    for _ in range(ACCOUNT_LIMIT):
        assert not _attempt(client, form, "editor@example.org", "guess")

    # when the right password is typed, on any of the three forms
    for other in FORMS:
        # then nobody is logged in
        assert not _attempt(client, other, "editor@example.org", PASSWORD), other


@pytest.mark.parametrize("form", FORMS)
def test_four_wrong_passwords_still_let_the_right_one_in(client, staff, form):
    for _ in range(ACCOUNT_LIMIT - 1):
        assert not _attempt(client, form, "editor@example.org", "guess")

    assert _attempt(client, form, "editor@example.org", PASSWORD)


def test_the_account_lock_does_not_depend_on_the_address(client, staff):
    # given five failures from five addresses
    for index in range(ACCOUNT_LIMIT):
        _attempt(client, "site", "EDITOR@example.org", "guess", address=f"198.51.100.{index}")

    # then a sixth address with the right password is refused too
    assert not _attempt(client, "site", "editor@example.org", PASSWORD, "192.0.2.50")


def test_an_address_that_tried_many_accounts_is_stopped(client, db):
    # given twenty failures from one address, each on a different account
    UserFactory(email="anne@example.org")
    for index in range(ADDRESS_LIMIT):
        _attempt(client, "site", f"person{index}@example.org", "guess")

    # then a real account is refused from that address, not from another one
    assert not _attempt(client, "site", "anne@example.org", PASSWORD)
    assert _attempt(client, "site", "anne@example.org", PASSWORD, address="192.0.2.99")


def test_nineteen_failures_from_an_address_still_let_a_person_in(client, db):
    UserFactory(email="anne@example.org")
    for index in range(ADDRESS_LIMIT - 1):
        _attempt(client, "site", f"person{index}@example.org", "guess")

    assert _attempt(client, "site", "anne@example.org", PASSWORD)


def test_a_success_clears_its_account_but_not_the_attackers_address(client, db):
    # given an attacker's address that failed 19 times and a member who failed 4 times
    UserFactory(email="anne@example.org")
    for index in range(ADDRESS_LIMIT - 1):
        _attempt(client, "site", f"person{index}@example.org", "guess", address="203.0.113.66")
    for _ in range(ACCOUNT_LIMIT - 1):
        _attempt(client, "site", "anne@example.org", "oops", address="192.0.2.1")

    # when the member then logs in
    assert _attempt(client, "site", "anne@example.org", PASSWORD, address="192.0.2.1")

    # then her account starts afresh (four more failures do not lock it) ...
    for _ in range(ACCOUNT_LIMIT - 1):
        _attempt(client, "site", "anne@example.org", "oops", address="192.0.2.1")
    assert _attempt(client, "site", "anne@example.org", PASSWORD, address="192.0.2.1")
    # ... while the attacker's address is stopped at its next failure
    _attempt(client, "site", "someone@example.org", "guess", address="203.0.113.66")
    assert not _attempt(client, "site", "anne@example.org", PASSWORD, address="203.0.113.66")


def test_a_locked_person_reads_why_in_their_language(client, staff):
    for _ in range(ACCOUNT_LIMIT):
        _attempt(client, "site", "editor@example.org", "guess")

    response = client.post(
        "/accounts/login/", {"login": "editor@example.org", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7", follow=True, HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert waiting_in("fr", LOCKED, 15) in response.content.decode()


def test_the_window_ends(client, staff, settings):
    # given a window of one second... replaced here by clearing the counter as
    # the cache does when the window's timeout ends
    for _ in range(ACCOUNT_LIMIT):
        _attempt(client, "site", "editor@example.org", "guess")
    assert throttle.login_throttled(identifier="editor@example.org", address="")

    from django.core.cache import cache

    cache.delete(throttle._key("account", "editor@example.org"))

    assert _attempt(client, "site", "editor@example.org", PASSWORD, address="192.0.2.3")


LOCKED = "Too many failed log-in attempts. Wait %(wait)s, or reset your password by e-mail."


def _locked_page(client, language):
    return client.post(
        "/accounts/login/", {"login": "editor@example.org", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7", follow=True, HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_lock_message_says_the_configured_window(client, staff, settings, language):
    # given a lockout window of 40 minutes instead of the default 15
    settings.LOGIN_THROTTLE = {"per_account": (ACCOUNT_LIMIT, 40 * 60),
                               "per_address": (ADDRESS_LIMIT, 40 * 60)}
    for _ in range(ACCOUNT_LIMIT):
        _attempt(client, "site", "editor@example.org", "guess")

    page = _locked_page(client, language)

    # then the person is told to wait 40 minutes, in their language
    assert waiting_in(language, LOCKED, 40) in page
    assert waiting_in(language, LOCKED, 15) not in page


def test_the_lock_message_follows_the_default_window(client, staff):
    for _ in range(ACCOUNT_LIMIT):
        _attempt(client, "site", "editor@example.org", "guess")

    assert "Wait 15 minutes, or reset your password" in _locked_page(client, "en")


def test_an_address_lock_says_the_address_window(client, db, settings):
    # given an address window longer than the account's
    settings.LOGIN_THROTTLE = {"per_account": (ACCOUNT_LIMIT, 15 * 60), "per_address": (2, 2 * 3600)}
    UserFactory(email="editor@example.org")
    for index in range(2):
        _attempt(client, "site", f"person{index}@example.org", "guess")

    assert "Wait 2 hours, or reset your password" in _locked_page(client, "en")


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(1, "1 second"), (59, "59 seconds"), (60, "1 minute"), (61, "2 minutes"),
     (15 * 60, "15 minutes"), (3600, "1 hour"), (5400, "90 minutes"), (7200, "2 hours")],
)
def test_the_wait_is_said_in_whole_units_never_shorter_than_the_window(seconds, text):
    with translation.override("en"):
        assert throttle.wait_text(seconds) == text
