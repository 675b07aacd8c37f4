"""A chat socket whose session no longer signs its person in closes with
4401, on both layers (accounts/sessions.py, discussions/socket_events.py):
signed out in that browser, the account deactivated or erased, a new
password. A sign-out whose event never arrived closes at the next ping.
Other sessions of the person, and other people, stay connected."""

import pytest
from asgiref.sync import sync_to_async
from django.contrib.sessions.models import Session
from django.test import Client

from accounts import personal_data

from .realtime import closed_with, open_socket, receive, run, send

pytestmark = pytest.mark.django_db(transaction=True)

SIGNED_OUT = 4401


def signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


async def still_open(socket):
    await send(socket, {"type": "ping"})
    await receive(socket, "pong")


def test_signing_out_closes_that_browsers_sockets_only(layer, people, general):
    citizen = people["citizen"]

    async def scenario():
        here = await sync_to_async(signed_in_client)(citizen)
        there = await sync_to_async(signed_in_client)(citizen)
        mine = await open_socket(citizen, general.pk, client=here)
        on_the_phone = await open_socket(citizen, general.pk, client=there)
        neighbour = await open_socket(people["informed"], general.pk)
        await sync_to_async(here.logout)()
        assert await closed_with(mine) == SIGNED_OUT
        await mine.disconnect()
        await still_open(on_the_phone)
        await still_open(neighbour)
        await on_the_phone.disconnect()
        await neighbour.disconnect()

    run(scenario)


def _deactivate(user):
    user.is_active = False
    user.save()


def _new_password(user):
    user.set_password("une toute autre phrase de passe")
    user.save()


def _erase(user):
    personal_data.account_erase(user=user)


@pytest.mark.parametrize("change", [_deactivate, _new_password, _erase],
                         ids=["deactivated", "new password", "erased"])
def test_every_session_of_the_person_closes(layer, people, general, change):
    citizen = people["citizen"]

    async def scenario():
        laptop = await open_socket(citizen, general.pk)
        phone = await open_socket(citizen, general.pk)
        neighbour = await open_socket(people["informed"], general.pk)
        await sync_to_async(change)(citizen)
        assert await closed_with(laptop) == SIGNED_OUT
        assert await closed_with(phone) == SIGNED_OUT
        await laptop.disconnect()
        await phone.disconnect()
        await still_open(neighbour)
        await neighbour.disconnect()

    run(scenario)


def test_a_sign_out_whose_event_was_lost_closes_at_the_next_ping(layer, people, general):
    citizen = people["citizen"]

    async def scenario():
        socket = await open_socket(citizen, general.pk)
        neighbour = await open_socket(people["informed"], general.pk)
        # The citizen's session is gone, and nothing told the socket (as when
        # Redis was away at the sign-out): its next ping finds out.
        await sync_to_async(
            lambda: Session.objects.filter(
                pk__in=[s.pk for s in Session.objects.all()
                        if s.get_decoded().get("_auth_user_id") == str(citizen.pk)]
            ).delete())()
        await send(socket, {"type": "ping"})
        assert await closed_with(socket) == SIGNED_OUT
        await socket.disconnect()
        await still_open(neighbour)
        await neighbour.disconnect()

    run(scenario)
