"""Logging in and out, and getting back in with a forgotten password."""

import re

from tests.accounts.helpers import STRONG_PASSWORD, link_in
from tests.factories import UserFactory


def test_a_member_logs_in_with_email_and_password(client, db):
    # given a member with a verified address
    UserFactory(email="anne@example.org", display_name="Anne Martin")

    # when they log in, typing their address in capitals
    response = client.post(
        "/accounts/login/", {"login": "Anne@Example.org", "password": "password"}
    )

    # then they are sent on, and their profile is theirs to see
    assert response.status_code == 302
    profile = client.get("/me/profile/")
    assert profile.status_code == 200
    assert "anne@example.org" in profile.content.decode()


def test_a_wrong_password_is_refused_with_a_clear_message(client, db):
    # given a member
    UserFactory(email="anne@example.org")

    # when they type a wrong password
    response = client.post(
        "/accounts/login/", {"login": "anne@example.org", "password": "not-my-password"}
    )

    # then the form says so, and they are not logged in
    assert response.status_code == 200
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in response.content.decode()
    assert client.get("/me/profile/").status_code == 302


def test_logging_out_ends_the_session(client, db):
    # given a logged-in member
    member = UserFactory(email="anne@example.org")
    client.force_login(member)

    # when they use the log-out button of the header (a POST)
    response = client.post("/accounts/logout/")

    # then they are logged out
    assert response.status_code == 302
    assert client.get("/me/profile/").status_code == 302


def test_the_logout_link_asks_before_logging_out(client, db):
    # given a logged-in member who opens the log-out address
    client.force_login(UserFactory(email="anne@example.org"))

    # when the page shows
    response = client.get("/accounts/logout/")

    # then it asks for confirmation and they are still logged in
    assert "Êtes-vous sûr(e) de vouloir vous déconnecter ?" in response.content.decode()
    assert client.get("/me/profile/").status_code == 200


def test_password_reset_end_to_end(client, db, outbox):
    # given a member who forgot their password
    member = UserFactory(email="anne@example.org")

    # when they ask for a reset
    response = client.post("/accounts/password/reset/", {"email": "anne@example.org"}, follow=True)

    # then they are told to check their mail, and a French e-mail holds a link
    assert "Nous vous avons envoyé un e-mail." in response.content.decode()
    assert len(outbox) == 1
    assert outbox[0].to == ["anne@example.org"]
    assert outbox[0].subject == "[Terreau] E-mail de réinitialisation de mot de passe"

    # when they open the link
    form_page = client.get(link_in(outbox[0]), follow=True)
    # then they can choose a new password
    assert form_page.status_code == 200
    assert 'name="password1"' in form_page.content.decode()
    action = re.search(r'<form method="post" action="([^"]+)"', form_page.content.decode())[1]

    # when they type it twice
    done = client.post(
        action, {"password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD}, follow=True
    )

    # then the password is changed
    assert "Votre mot de passe a été modifié." in done.content.decode()
    member.refresh_from_db()
    assert member.check_password(STRONG_PASSWORD)
    # and they log in with it, not with the old one
    client.post("/accounts/logout/")
    refused = client.post("/accounts/login/", {"login": "anne@example.org", "password": "password"})
    assert refused.status_code == 200
    accepted = client.post(
        "/accounts/login/", {"login": "anne@example.org", "password": STRONG_PASSWORD}
    )
    assert accepted.status_code == 302
    assert client.get("/me/profile/").status_code == 200


def test_a_reset_link_works_once(client, db, outbox):
    # given a member who already used their reset link
    UserFactory(email="anne@example.org")
    client.post("/accounts/password/reset/", {"email": "anne@example.org"})
    link = link_in(outbox[0])
    form_page = client.get(link, follow=True)
    action = re.search(r'<form method="post" action="([^"]+)"', form_page.content.decode())[1]
    client.post(action, {"password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD})
    client.post("/accounts/logout/")

    # when the link is opened again
    response = client.get(link, follow=True)

    # then the page says the link is no longer valid
    assert response.status_code == 200
    assert "Mauvais jeton d'identification" in response.content.decode()


def test_mismatched_new_passwords_change_nothing(client, db, outbox):
    # given a member on the "new password" page
    member = UserFactory(email="anne@example.org")
    client.post("/accounts/password/reset/", {"email": "anne@example.org"})
    form_page = client.get(link_in(outbox[0]), follow=True)
    action = re.search(r'<form method="post" action="([^"]+)"', form_page.content.decode())[1]

    # when the two passwords differ
    response = client.post(
        action, {"password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD + "!"}
    )

    # then the form says so and the old password still works
    assert "Vous devez saisir deux fois le même mot de passe." in response.content.decode()
    member.refresh_from_db()
    assert member.check_password("password")


def test_a_reset_for_an_unknown_address_sends_no_reset_link(client, db, outbox):
    # when someone asks a reset for an address without account
    response = client.post(
        "/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True
    )

    # then the page looks the same as for a member (no address is revealed)
    assert "Nous vous avons envoyé un e-mail." in response.content.decode()
    # and what is sent holds no reset key
    assert all("/accounts/password/reset/key/" not in m.body for m in outbox)


def test_account_emails_link_to_the_public_address(client, db, settings, mailoutbox):
    # given a site whose public address is not the one the request came to
    settings.SITE_URL = "https://participation.example.org"
    UserFactory(email="anne@example.org")

    # when a member asks for a password reset
    client.post("/accounts/password/reset/", {"email": "anne@example.org"})

    # then the link and the signature in the e-mail are the public address
    body = mailoutbox[-1].body
    assert "https://participation.example.org/accounts/password/reset/key/" in body
    assert "testserver" not in body and "127.0.0.1" not in body
