"""Whether a session still signs its person in, and who is told when a
sign-in may have ended (accounts/sessions.py): what an open chat socket asks
after its handshake."""

import pytest
from django.contrib.sessions.models import Session
from django.db import transaction
from django.test import Client

from accounts import sessions
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def key_of(client: Client) -> str:
    return client.cookies["sessionid"].value


def _disconnect():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.signals import user_logged_out
    from django.db.models.signals import post_delete, post_save

    user_logged_out.disconnect(sessions.on_logged_out)
    post_save.disconnect(sessions.on_user_saved, sender=get_user_model())
    post_delete.disconnect(sessions.on_user_deleted, sender=get_user_model())


@pytest.fixture
def told(monkeypatch):
    """What the listeners are told, in order: (user id, session digest or None).
    The receivers are connected afresh, by `connect()` itself, as at start-up."""
    calls = []
    monkeypatch.setattr(sessions, "_listeners", {})
    sessions.on_sign_in_changed("test", lambda user_id, session: calls.append((user_id, session)))
    _disconnect()
    sessions.connect()
    yield calls
    _disconnect()
    sessions.connect()


# --- signed_in ------------------------------------------------------------------------


def test_a_session_signed_in_and_untouched_still_signs_its_person_in(
        django_assert_max_num_queries):
    person = UserFactory()
    key = key_of(signed_in_client(person))
    with django_assert_max_num_queries(2):
        assert sessions.signed_in(session_key=key, user_id=person.pk)


def test_no_session_signs_nobody_in():
    person = UserFactory()
    assert not sessions.signed_in(session_key=None, user_id=person.pk)
    assert not sessions.signed_in(session_key="", user_id=person.pk)
    assert not sessions.signed_in(session_key="no-such-session", user_id=person.pk)


def test_a_session_signs_in_its_own_person_not_another():
    person, other = UserFactory(), UserFactory()
    key = key_of(signed_in_client(person))
    assert not sessions.signed_in(session_key=key, user_id=other.pk)


def test_a_signed_out_session_signs_nobody_in():
    person = UserFactory()
    client = signed_in_client(person)
    key = key_of(client)
    client.logout()
    assert not Session.objects.filter(session_key=key).exists()
    assert not sessions.signed_in(session_key=key, user_id=person.pk)


def test_a_deactivated_or_deleted_account_is_signed_in_nowhere():
    person = UserFactory()
    key = key_of(signed_in_client(person))
    person.is_active = False
    person.save()
    assert not sessions.signed_in(session_key=key, user_id=person.pk)
    person.is_active = True
    person.save()
    assert sessions.signed_in(session_key=key, user_id=person.pk)
    pk = person.pk
    person.delete()
    assert not sessions.signed_in(session_key=key, user_id=pk)


def test_a_new_password_ends_the_sessions_opened_with_the_old_one():
    person = UserFactory()
    key = key_of(signed_in_client(person))
    person.set_password("une toute autre phrase de passe")
    person.save()
    assert not sessions.signed_in(session_key=key, user_id=person.pk)


def test_a_session_from_a_backend_no_longer_configured_signs_nobody_in(settings):
    person = UserFactory()
    key = key_of(signed_in_client(person))
    settings.AUTHENTICATION_BACKENDS = [
        backend for backend in settings.AUTHENTICATION_BACKENDS
        if backend != "django.contrib.auth.backends.ModelBackend"
    ]
    assert not sessions.signed_in(session_key=key, user_id=person.pk)


def test_a_rotated_secret_key_keeps_sessions_while_the_old_one_is_a_fallback(settings):
    settings.SECRET_KEY = "the-old-secret-key-" + "x" * 40
    person = UserFactory()
    key = key_of(signed_in_client(person))
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "the-new-secret-key-" + "y" * 40, []
    assert not sessions.signed_in(session_key=key, user_id=person.pk)
    settings.SECRET_KEY_FALLBACKS = ["the-old-secret-key-" + "x" * 40]
    assert sessions.signed_in(session_key=key, user_id=person.pk)
    # Asking changes nothing: the session is neither renewed nor emptied.
    assert Session.objects.get(session_key=key).get_decoded()


# --- Who is told -----------------------------------------------------------------------


def test_signing_out_tells_which_session_ended(told, django_capture_on_commit_callbacks):
    person = UserFactory()
    client = signed_in_client(person)
    key = key_of(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.logout()
    assert told == [(person.pk, sessions.digest(key))]
    assert key not in told[0][1]  # the key itself never leaves


@pytest.mark.parametrize("change", ["deactivated", "new password", "deleted"])
def test_a_change_that_ends_every_sign_in_tells_once_for_all_sessions(
        told, change, django_capture_on_commit_callbacks):
    person = UserFactory()
    pk = person.pk
    with django_capture_on_commit_callbacks(execute=True):
        if change == "deactivated":
            person.is_active = False
            person.save()
        elif change == "new password":
            person.set_password("une toute autre phrase de passe")
            person.save()
        else:
            person.delete()
    assert told == [(pk, None)]


def test_other_changes_to_an_account_tell_nobody(told, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        person = UserFactory()  # created: no sign-in to end
        person.display_name = "Anne Autre"
        person.save()
        signed_in_client(person)  # a log-in saves last_login
    assert told == []


def test_a_change_rolled_back_tells_nobody(told, django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            person.is_active = False
            person.save()
            raise RuntimeError
    assert told == []


def test_signing_out_when_nobody_is_signed_in_tells_nobody(
        client, told, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.logout()
        assert client.post("/accounts/logout/").status_code == 302
    assert told == []


def test_a_failing_listener_neither_breaks_the_change_nor_silences_the_others(
        told, django_capture_on_commit_callbacks):
    def fails(user_id, session):
        raise RuntimeError("a listener's bug")

    sessions.on_sign_in_changed("fails", fails)
    sessions.on_sign_in_changed("after", lambda user_id, session: told.append("after"))
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        person.is_active = False
        person.save()
    assert told == [(person.pk, None), "after"]
    assert not type(person).objects.get(pk=person.pk).is_active
