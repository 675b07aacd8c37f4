"""French by default, English when chosen; a signed-in person's choice follows them."""

import re

from django.conf import settings

from tests.accounts.helpers import html_lang
from tests.factories import UserFactory


def test_an_anonymous_visitor_gets_french_by_default(client, db):
    # when a visitor with no language preference opens the log-in page
    response = client.get("/accounts/login/")

    # then the page is in French, allauth's own words included
    assert html_lang(response) == "fr"
    assert re.search(r"<h1>\s*Connexion\s*</h1>", response.content.decode())


def test_the_switcher_turns_the_site_to_english(client, db):
    # given a visitor on the French log-in page
    # when they press "English" in the header
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/accounts/login/"}, follow=True
    )

    # then they are back on the page, now in English
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert html_lang(response) == "en"
    assert "Sign In" in response.content.decode()
    # and the header offers French to go back
    assert 'name="language" value="fr"' in response.content.decode()


def test_the_switcher_offers_the_other_language_only(client, db):
    # when a visitor opens a French page
    page = client.get("/accounts/login/").content.decode()

    # then the switcher offers English, not French again
    assert 'name="language" value="en"' in page
    assert 'name="language" value="fr"' not in page


def test_a_signed_in_persons_language_wins_over_the_cookie(client, db):
    # given a member who prefers English, on a device whose cookie says French
    member = UserFactory(email="sam@example.org", preferred_language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    client.force_login(member)

    # when they open a page
    response = client.get("/accounts/password/change/")

    # then it is in English
    assert html_lang(response) == "en"
    assert "Change Password" in response.content.decode()


def test_switching_language_while_signed_in_is_saved_to_the_profile(client, db):
    # given a member reading in French
    member = UserFactory(email="anne@example.org", preferred_language="fr")
    client.force_login(member)

    # when they switch to English
    client.post("/i18n/setlang/", {"language": "en", "next": "/me/profile/"})

    # then their profile remembers it, so another device shows English too
    member.refresh_from_db()
    assert member.preferred_language == "en"
    other_device = client.__class__()
    other_device.force_login(member)
    assert html_lang(other_device.get("/me/profile/")) == "en"


def test_an_unknown_language_changes_nothing(client, db):
    # given a member reading in French
    member = UserFactory(email="anne@example.org", preferred_language="fr")
    client.force_login(member)

    # when a crafted request asks for a language the site does not offer
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/me/profile/"})

    # then they are sent back, still in French
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.preferred_language == "fr"
    assert html_lang(client.get("/me/profile/")) == "fr"
