"""Signing up: the form, the confirmation e-mail, its link, and the refusals."""

import html

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from tests.accounts.helpers import STRONG_PASSWORD, in_french, link_in
from tests.factories import UserFactory

User = get_user_model()


def test_sign_up_sends_a_confirmation_email_in_french(client, db, sign_up, outbox):
    # given a newcomer on the French site
    # when they fill the sign-up form
    response = sign_up(email="camille@example.org", display_name="Camille Roux")

    # then they are asked to check their mailbox
    assert response.status_code == 200
    assert "Vérifiez votre adresse e-mail" in response.content.decode()
    # and one e-mail in French carries the confirmation link
    assert len(outbox) == 1
    message = outbox[0]
    assert message.to == ["camille@example.org"]
    assert message.subject == "[Terreau] Confirmez votre adresse e-mail"
    assert "Bonjour, c'est Terreau !" in message.body
    assert "/accounts/confirm-email/" in link_in(message)
    # and the account exists, with the display name given, not yet verified
    user = User.objects.get(email="camille@example.org")
    assert user.display_name == "Camille Roux"
    assert user.preferred_language == "fr"
    assert not EmailAddress.objects.get(user=user).verified


def test_the_confirmation_link_verifies_the_address_and_logs_in(client, db, sign_up, outbox):
    # given a newcomer who signed up and received the e-mail
    sign_up(email="camille@example.org")
    link = link_in(outbox[0])

    # when they open the link
    page = client.get(link)
    # then a page asks them to confirm, and nothing is verified yet
    assert page.status_code == 200
    assert "Confirmer l'adresse e-mail" in page.content.decode()
    assert not EmailAddress.objects.get(email="camille@example.org").verified

    # when they press the button
    response = client.post(link)

    # then the address is verified and they are logged in
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="camille@example.org").verified
    profile = client.get("/me/profile/")
    assert profile.status_code == 200
    assert "camille@example.org" in profile.content.decode()


def test_a_wrong_confirmation_link_says_so_without_error(client, db):
    # given a link whose key was altered
    # when someone opens it
    response = client.get("/accounts/confirm-email/not-a-real-key/")

    # then the page says the link is invalid (no server error)
    assert response.status_code == 200
    assert "Ce lien de confirmation d'adresse e-mail a expiré ou n'est pas valide" in response.content.decode()


def test_sign_up_in_english_sends_the_email_in_english(client, db, sign_up, outbox):
    # given a newcomer who switched the site to English
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/signup/"})

    # when they sign up
    sign_up(email="sam@example.org")

    # then the e-mail is in English and English is saved as their language
    assert outbox[0].subject == "[Terreau] Please Confirm Your Email Address"
    assert User.objects.get(email="sam@example.org").preferred_language == "en"


def test_an_unconfirmed_account_cannot_log_in(client, db, sign_up, outbox):
    # given a newcomer who signed up but did not open the link
    sign_up(email="camille@example.org")
    client.post("/accounts/logout/")

    # when they try to log in with the right password
    response = client.post(
        "/accounts/login/",
        {"login": "camille@example.org", "password": STRONG_PASSWORD},
        follow=True,
    )

    # then they are asked to confirm their address first and stay logged out
    assert "Vérifiez votre adresse e-mail" in response.content.decode()
    assert client.get("/me/profile/").status_code == 302
    # and the link they already received still works
    assert client.post(link_in(outbox[0])).status_code == 302
    assert EmailAddress.objects.get(email="camille@example.org").verified


def test_mismatched_passwords_are_refused_and_nothing_is_created(client, db, outbox):
    # given a newcomer who mistyped the second password
    response = client.post(
        "/accounts/signup/",
        {
            "email": "camille@example.org",
            "display_name": "Camille Roux",
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD + "x",
        },
    )

    # then the form says so, keeps what they typed, and creates nothing
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vous devez saisir deux fois le même mot de passe." in page
    assert 'value="camille@example.org"' in page
    assert not User.objects.filter(email="camille@example.org").exists()
    assert outbox == []


def test_a_missing_display_name_is_refused(client, db, sign_up):
    # when a newcomer leaves the display name empty
    response = sign_up(email="camille@example.org", display_name="")

    # then the form marks the field in error and no account is created
    page = response.content.decode()
    assert '<ul class="errorlist" id="id_display_name_error">' in page
    assert not User.objects.filter(email="camille@example.org").exists()


def test_signing_up_again_with_a_known_address_changes_nothing(client, db, sign_up, outbox):
    # given an existing member
    member = UserFactory(email="anne@example.org", display_name="Anne Martin")

    # when someone signs up with the same address (any case), another name and password
    response = sign_up(email="Anne@Example.org", display_name="Imposteur")

    # then the page says what to expect without telling whether the address is known
    page = html.unescape(response.content.decode())
    assert "Vérifiez votre adresse e-mail" in page
    assert (
        html.unescape(
            in_french(
                "If this address already has an account, the e-mail explains how to log in"
                " to it or reset its password instead."
            )
        )
        in page
    )
    # and nothing changed: one account, same name, same password
    assert User.objects.filter(email__iexact="anne@example.org").count() == 1
    member.refresh_from_db()
    assert member.display_name == "Anne Martin"
    assert member.check_password("password")
    # and the address's owner is told, with a way back in rather than a confirmation
    assert len(outbox) == 1
    assert outbox[0].to == ["anne@example.org"]
    assert outbox[0].subject == "[Terreau] Ce compte existe déjà"
    assert "/accounts/password/reset/" in link_in(outbox[0])
