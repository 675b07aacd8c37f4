"""Registering through the pages: one click, the double opt-in, cancel links."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from events.models import Event, Registration
from tests.factories import UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _link(message, kind: str) -> str:
    return re.search(rf"https?://[^\s]+/events/r/{kind}[^\s]*", message.body).group(0)


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_a_member_registers_in_one_click(client, event, django_capture_on_commit_callbacks,
                                         outbox):
    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:register", kwargs={"pk": event.pk}))
    assert response.status_code == 302
    assert "your seat is booked" in _messages(response)[0]
    assert Registration.objects.get().is_confirmed
    assert outbox[0].attachments


def test_registering_twice_shows_a_message_and_changes_nothing(client, event, register):
    person = UserFactory()
    register(event, person)
    client.force_login(person)
    response = client.post(reverse("events:register", kwargs={"pk": event.pk}))
    assert response.status_code == 302
    assert _messages(response) == ["You are already registered for this event."]
    assert Registration.objects.count() == 1


def test_registering_to_a_cancelled_event_shows_a_message(client, community):
    event = EventFactory(community=community, state=Event.State.CANCELLED)
    client.force_login(UserFactory())
    response = client.post(reverse("events:register", kwargs={"pk": event.pk}))
    assert "cancelled" in _messages(response)[0]
    assert not Registration.objects.exists()


def test_a_citizen_registers_confirms_and_sees_code_qr_and_calendar_file(
    client, event, django_capture_on_commit_callbacks, outbox
):
    # Given a citizen without an account fills in the form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:register", kwargs={"pk": event.pk}),
            {"name": "Zoé Martin", "email": "zoe@example.org", "consent": "on"},
        )
    assert response.status_code == 302
    assert "we sent you an e-mail" in _messages(response)[0]
    # When they open the link of the e-mail: a page with a button (scanners do not confirm)
    confirm = _path(_link(outbox[0], "confirm"))
    page = client.get(confirm)
    assert page.status_code == 200 and b"Confirm my registration" in page.content
    assert Registration.objects.get().is_pending
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm, follow=True)
    # Then they land on their registration: code, QR code, calendar file
    registration = Registration.objects.get()
    assert registration.is_confirmed
    content = response.content.decode()
    assert registration.code in content and "<svg" in content
    ics = re.search(r'href="(/events/r/[^"]+/event\.ics)"', content).group(1)
    calendar = client.get(ics)
    assert calendar["Content-Type"].startswith("text/calendar")
    assert event.uid in calendar.content.decode().replace("\r\n ", "")
    assert 'rel="alternate" type="text/calendar"' in content
    # and the confirmation e-mail carries the .ics and a cancel link
    assert outbox[-1].attachments and "/events/r/cancel/" in outbox[-1].body


def test_a_reused_confirmation_link_says_so(client, event, django_capture_on_commit_callbacks,
                                            outbox):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:register", kwargs={"pk": event.pk}),
                    {"name": "Zoé", "email": "zoe@example.org", "consent": "on"})
    confirm = _path(_link(outbox[0], "confirm"))
    client.post(confirm)
    response = client.post(confirm)
    assert response.status_code == 400
    assert b"this link has been used" in response.content
    assert Event.objects.get(pk=event.pk).confirmed_count == 1


def test_a_forged_link_is_refused_without_error_page(client, db):
    for name in ("registration_confirm", "registration_cancel", "registration"):
        response = client.get(reverse(f"events:{name}", kwargs={"token": "forged:token"}))
        assert response.status_code == 400
        assert b"This link is not valid" in response.content


def test_an_invalid_email_or_missing_consent_shows_the_form_again(client, event):
    response = client.post(
        reverse("events:register", kwargs={"pk": event.pk}),
        {"name": "Zoé", "email": "zoe-at-example", "consent": ""},
    )
    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"email", "consent"}
    assert not Registration.objects.exists()


def test_a_cancel_link_works_without_logging_in(client, event, register, commit, outbox):
    # Given a waiting person behind a confirmed one
    full = EventFactory(community=event.community, capacity=1)
    holder = register(full)
    waiting = register(full)
    cancel = _path(_link(outbox[0], "cancel"))
    outbox.clear()
    assert client.get(cancel).status_code == 200
    # When the seat holder cancels by the link in their e-mail
    response = commit(client.post, cancel)
    # Then the seat goes to the first in line, who is told
    assert response.status_code == 302
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert holder.status == "cancelled" and waiting.status == "confirmed"
    assert len(outbox) == 1 and "seat freed up" in outbox[0].subject
    # and the link cannot cancel twice
    assert client.post(cancel).status_code == 400


def test_a_member_cancels_from_the_event_page(client, event, register):
    person = UserFactory()
    register(event, person)
    client.force_login(person)
    response = client.post(reverse("events:unregister", kwargs={"pk": event.pk}))
    assert _messages(response) == ["Your registration is cancelled."]
    assert Event.objects.get(pk=event.pk).confirmed_count == 0


def test_my_registrations_need_an_account_and_list_mine(client, event, register):
    url = reverse("events:mine")
    assert client.get(url).status_code == 302
    person = UserFactory()
    register(event, person)
    client.force_login(person)
    response = client.get(url)
    assert [r.event for r, _token in response.context["registrations"]] == [event]
