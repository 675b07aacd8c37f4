"""Two-factor authentication: offered to everyone, required for staff, the
cultivator and gardeners (accounts/second_factor.py, docs/security.md)."""

import re

import pytest
from allauth.mfa.models import Authenticator
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from discussions.services import general_channel_ensure
from tests.accounts.helpers import in_french, waiting_in
from tests.discussions.realtime import ORIGIN, closed_with
from tests.factories import UserFactory
from tests.second_factor import recovery_codes, totp_code, totp_setup

PASSWORD = "password"  # the factories' password
REQUIRED_ROLES = ("staff", "cultivator", "gardener", "institution_gardener")
SETUP = "/accounts/2fa/totp/activate/"
CODE_STEP = "/accounts/2fa/authenticate/"


def _pages(community):
    return [
        "/",
        reverse("accounts:profile"),
        reverse("communities:detail", args=[community.slug]),
        reverse("communities:mine"),
        reverse("privacy:page"),
        "/cms/",
    ]


def _password_step(client, user, next_url=""):
    data = {"login": user.email, "password": PASSWORD}
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data)


def _confirm_password(client):
    """allauth asks for the password again before any change to the second factor."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, "the password was not confirmed"


def _logged_in(client) -> bool:
    return SESSION_KEY in client.session


# --- Who must -----------------------------------------------------------------------


@pytest.mark.parametrize("role", REQUIRED_ROLES)
def test_a_required_role_without_an_authenticator_reaches_only_the_setup(
    client, people, community, role
):
    # given a gardener (staff, cultivator...) who typed their password
    _password_step(client, people[role])

    # then every page sends them to the set-up
    for url in _pages(community):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == SETUP, url

    # the set-up page (after confirming the password) says why, and lets them leave
    assert client.get(SETUP)["Location"].startswith(reverse("account_reauthenticate"))
    _confirm_password(client)
    page = client.get(SETUP)
    assert page.status_code == 200
    assert in_french(
        "Your role on the site (staff, cultivator or gardener) requires two-factor "
        "authentication. Set it up to continue: it takes a minute."
    ) in page.content.decode()
    client.post(reverse("account_logout"))
    assert not _logged_in(client)


@pytest.mark.parametrize("role", ("citizen", "informed", "engaged"))
def test_a_member_is_offered_the_second_factor_never_forced(client, people, community, role):
    assert client.login(email=people[role].email, password=PASSWORD)

    for url in _pages(community)[:-1]:  # not the CMS, which members may not enter
        assert client.get(url).status_code == 200, url
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert in_french("Set up two-factor authentication") in profile
    assert f'href="{SETUP}"' in profile


# Transactional: allauth marks the session when the authenticator is committed.
@pytest.mark.django_db(transaction=True)
def test_a_gardener_sets_up_the_app_then_goes_anywhere(client, people, community):
    gardener = people["gardener"]
    # given a gardener who logs in for the first time since it is required
    response = _password_step(client, gardener)
    assert response["Location"] == reverse("communities:mine")
    assert client.get(response["Location"])["Location"] == SETUP

    # when they confirm their password, scan the code and type the app's code
    _confirm_password(client)
    page = client.get(SETUP).content.decode()
    secret = re.search(r'id="authenticator_secret" type="text" value="([A-Z2-7]+)"', page)[1]
    response = client.post(SETUP, {"code": totp_code(secret)})

    # then they are shown their recovery codes, and every page opens
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=gardener, type="totp").exists()
    for url in _pages(community)[:-1]:
        assert client.get(url).status_code == 200, url


def test_the_setup_refuses_a_wrong_code(client, people):
    _password_step(client, people["gardener"])
    _confirm_password(client)
    client.get(SETUP)

    response = client.post(SETUP, {"code": "000000"})

    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=people["gardener"]).exists()
    assert client.get("/")["Location"] == SETUP


# --- Logging in with the code -------------------------------------------------------


@pytest.mark.parametrize("role", REQUIRED_ROLES)
def test_with_an_authenticator_the_code_opens_every_page(client, people, community, role):
    user = people[role]
    totp_setup(user)

    # the password alone signs nobody in
    response = _password_step(client, user)
    assert response["Location"] == CODE_STEP
    assert not _logged_in(client)
    assert client.get(reverse("accounts:profile")).status_code == 302

    # the app's code does
    response = client.post(CODE_STEP, {"code": totp_code()})
    assert response["Location"] == reverse("communities:mine")
    assert _logged_in(client)
    for url in _pages(community)[:-1]:
        assert client.get(url).status_code == 200, url


def test_a_wrong_code_is_refused(client, people):
    totp_setup(people["gardener"])
    _password_step(client, people["gardener"])

    response = client.post(CODE_STEP, {"code": "123456"}, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200
    assert not _logged_in(client)


def test_a_code_is_accepted_once(client, people):
    gardener = people["gardener"]
    totp_setup(gardener)
    code = totp_code()
    _password_step(client, gardener)
    client.post(CODE_STEP, {"code": code})
    client.post(reverse("account_logout"))

    _password_step(client, gardener)
    client.post(CODE_STEP, {"code": code})

    assert not _logged_in(client)


def test_a_recovery_code_works_once(client, people):
    gardener = people["gardener"]
    totp_setup(gardener)
    code = recovery_codes(gardener)[0]

    _password_step(client, gardener)
    assert client.post(CODE_STEP, {"code": code})["Location"] == reverse("communities:mine")
    assert _logged_in(client)
    client.post(reverse("account_logout"))

    _password_step(client, gardener)
    client.post(CODE_STEP, {"code": code})
    assert not _logged_in(client)
    assert code not in recovery_codes(gardener)


def test_a_session_opened_without_the_code_is_closed(client, people, community):
    # given a citizen with an authenticator whose session skipped the code step
    citizen = people["citizen"]
    totp_setup(citizen)
    assert client.login(email=citizen.email, password=PASSWORD)

    # then the next page logs them out and asks them to log in again
    response = client.get(reverse("communities:detail", args=[community.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not _logged_in(client)


def test_force_login_stands_for_a_completed_log_in(client, people):
    """tests/conftest.py: the shared fixture marks force_login's sessions."""
    client.force_login(people["gardener"])

    assert client.get(reverse("accounts:profile")).status_code == 200


# --- The code step's throttle -------------------------------------------------------


def _wrong_codes(client, user, n, code="999999"):
    for _ in range(n):
        _password_step(client, user)
        client.post(CODE_STEP, {"code": code})
        assert not _logged_in(client)


def test_after_five_wrong_codes_even_the_right_one_is_refused(client, people):
    gardener = people["gardener"]
    totp_setup(gardener)
    _wrong_codes(client, gardener, 5)

    _password_step(client, gardener)
    response = client.post(CODE_STEP, {"code": totp_code()}, HTTP_ACCEPT_LANGUAGE="fr")

    assert not _logged_in(client)
    assert waiting_in(
        "fr", "Too many wrong codes. Wait %(wait)s, or use one of your recovery codes.", 15
    ) in response.content.decode()


def test_four_wrong_codes_still_let_the_right_one_in(client, people):
    gardener = people["gardener"]
    totp_setup(gardener)
    _wrong_codes(client, gardener, 4)

    _password_step(client, gardener)
    client.post(CODE_STEP, {"code": totp_code()})

    assert _logged_in(client)


def test_the_code_lock_holds_from_any_address(client, people):
    gardener = people["gardener"]
    totp_setup(gardener)
    for index in range(5):
        client.post("/accounts/login/", {"login": gardener.email, "password": PASSWORD},
                    REMOTE_ADDR=f"198.51.100.{index}")
        client.post(CODE_STEP, {"code": "999999"}, REMOTE_ADDR=f"198.51.100.{index}")

    client.post("/accounts/login/", {"login": gardener.email, "password": PASSWORD},
                REMOTE_ADDR="192.0.2.50")
    client.post(CODE_STEP, {"code": totp_code()}, REMOTE_ADDR="192.0.2.50")

    assert not _logged_in(client)


def test_a_locked_authenticator_leaves_the_recovery_codes_open(client, people):
    # given an attacker who knows the password and locked the app's codes
    gardener = people["gardener"]
    totp_setup(gardener)
    _wrong_codes(client, gardener, 5)

    # then the person logs in with a recovery code
    _password_step(client, gardener)
    client.post(CODE_STEP, {"code": recovery_codes(gardener)[0]})

    assert _logged_in(client)


def test_recovery_codes_have_their_own_five_tries(client, people):
    gardener = people["gardener"]
    totp_setup(gardener)
    _wrong_codes(client, gardener, 5, code="12345678")

    # the recovery route is locked ...
    _password_step(client, gardener)
    response = client.post(CODE_STEP, {"code": recovery_codes(gardener)[0]},
                           HTTP_ACCEPT_LANGUAGE="fr")
    assert not _logged_in(client)
    assert waiting_in("fr", "Too many wrong recovery codes. Wait %(wait)s.", 15) in (
        response.content.decode()
    )
    # ... the app's codes are not
    client.post(CODE_STEP, {"code": totp_code()})
    assert _logged_in(client)


def test_a_right_code_clears_its_own_counter(client, people):
    gardener = people["gardener"]
    totp_setup(gardener)
    _wrong_codes(client, gardener, 4)
    _password_step(client, gardener)
    client.post(CODE_STEP, {"code": totp_code()})
    client.post(reverse("account_logout"))

    # four more failures do not lock the account
    _wrong_codes(client, gardener, 4)
    _password_step(client, gardener)
    client.post(CODE_STEP, {"code": totp_code(step=1)})
    assert _logged_in(client)


# --- Keeping it ---------------------------------------------------------------------


def test_a_required_role_cannot_turn_it_off(client, people):
    gardener = people["gardener"]
    totp_setup(gardener)
    _password_step(client, gardener)
    client.post(CODE_STEP, {"code": totp_code()})
    _confirm_password(client)

    client.post("/accounts/2fa/totp/deactivate/", {})

    assert Authenticator.objects.filter(user=gardener, type="totp").exists()


def test_a_member_may_turn_it_off(client, people):
    citizen = people["citizen"]
    totp_setup(citizen)
    _password_step(client, citizen)
    client.post(CODE_STEP, {"code": totp_code()})
    _confirm_password(client)

    client.post("/accounts/2fa/totp/deactivate/", {})

    assert not Authenticator.objects.filter(user=citizen, type="totp").exists()
    assert client.get(reverse("accounts:profile")).status_code == 200


# --- The admins' log-in -------------------------------------------------------------


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Permission

    user = UserFactory(email="editor@example.org")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def test_the_cms_asks_an_editor_with_an_authenticator_for_the_code(client, editor):
    totp_setup(editor)

    # /cms/ leads to the site's log-in form, through the CMS's log-in address
    response = client.get("/cms/")
    assert response["Location"] == "/cms/login/?next=/cms/"
    response = client.get(response["Location"])
    assert response["Location"] == f"{reverse('account_login')}?next=/cms/"

    # the password alone does not open the CMS
    assert _password_step(client, editor, next_url="/cms/")["Location"] == CODE_STEP
    assert client.get("/cms/").status_code == 302

    # the code does
    assert client.post(CODE_STEP, {"code": totp_code()})["Location"] == "/cms/"
    assert client.get("/cms/").status_code == 200


def test_the_cms_login_form_is_the_sites(client, editor):
    # a POST to the CMS's former form logs nobody in
    client.post("/cms/login/", {"username": editor.email, "password": PASSWORD})

    assert not _logged_in(client)


@pytest.mark.parametrize(
    "url, home",
    [("/cms/login/", "/cms/"), ("/django-admin/login/", "/django-admin/"), ("/_util/login/", "/")],
)
def test_the_admin_login_addresses_lead_to_the_sites_form(client, db, url, home):
    assert client.get(url)["Location"] == f"{reverse('account_login')}?next={home}"
    outside = client.get(url, {"next": "https://evil.example/"})
    assert outside["Location"] == f"{reverse('account_login')}?next={home}"


def test_a_signed_in_member_at_an_admin_login_is_refused_not_looped(client, people):
    client.force_login(people["citizen"])

    assert client.get("/django-admin/").status_code == 302
    assert client.get("/django-admin/login/?next=/django-admin/").status_code == 403
    assert client.get("/cms/login/?next=/cms/").status_code == 403
    assert client.get("/_util/login/?next=/private/").status_code == 403


def test_staff_already_signed_in_go_on_to_the_admin(client, people):
    client.force_login(people["staff"])

    response = client.get("/django-admin/login/?next=/django-admin/")

    assert response["Location"] == "/django-admin/"


def test_the_password_throttle_still_covers_the_password_step(client, people):
    gardener = people["gardener"]
    totp_setup(gardener)
    for _ in range(5):
        client.post("/accounts/login/", {"login": gardener.email, "password": "guess"})

    # the right password gets the form again, never the code step
    assert _password_step(client, gardener).status_code == 200


# --- WebSockets ---------------------------------------------------------------------


def _socket_closes(cookie, channel_id) -> int | None:
    """Open the channel's socket with `cookie`; the close code, or None if it said hello."""
    # Imported here, as tests/discussions/realtime.py does: importing the ASGI
    # application builds it.
    from terreau.asgi import application

    async def scenario():
        socket = WebsocketCommunicator(
            application, f"/ws/channels/{channel_id}/",
            headers=[ORIGIN, (b"cookie", cookie.encode())],
        )
        ok, _ = await socket.connect()
        assert ok
        first = await socket.receive_output(timeout=5)
        code = None
        if first["type"] == "websocket.close":
            code = first.get("code")
        elif '"hello"' not in first.get("text", ""):
            code = await closed_with(socket)
        await socket.disconnect()
        return code

    return async_to_sync(scenario)()


@pytest.mark.django_db(transaction=True)
def test_a_socket_is_anonymous_until_the_second_factor(client, people, community):
    channel = general_channel_ensure(community=community)
    gardener = people["gardener"]
    # a password-only session of a gardener without an authenticator
    assert client.login(email=gardener.email, password=PASSWORD)
    assert _socket_closes(f"sessionid={client.cookies['sessionid'].value}", channel.pk) == 4403

    # the same gardener, once the session passed the second factor
    client.force_login(gardener)
    assert _socket_closes(f"sessionid={client.cookies['sessionid'].value}", channel.pk) is None
