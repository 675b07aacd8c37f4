"""At the door and after the event: check-in, export, one message, the report,
and the informed circle offered to citizens who came."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from communities.models import Circle, CircleRequest, Membership
from events import services, tokens
from events.models import Event, EventMessage
from tests.factories import MembershipFactory, UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def _registration_page(registration) -> str:
    return reverse("events:registration", kwargs={"token": tokens.make(registration, tokens.VIEW)})


def _make_past(event):
    start = timezone.now() - dt.timedelta(hours=3)
    Event.objects.filter(pk=event.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    return Event.objects.get(pk=event.pk)


# --- Code and QR code -------------------------------------------------------------


def test_the_registration_page_shows_a_short_code_and_a_qr_code_to_check_in(client, event,
                                                                           register):
    registration = register(event)
    content = client.get(_registration_page(registration)).content.decode()
    assert len(registration.code) == 6 and registration.code in content
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in content
    assert 'role="img"' in content


def test_codes_are_unique_and_unambiguous(community, register):
    event = EventFactory(community=community, capacity=None)
    codes = [register(event).code for _ in range(30)]
    assert len(set(codes)) == 30
    assert not set("".join(codes)) & set("01OI")


# --- Check-in ---------------------------------------------------------------------


def test_an_organiser_checks_people_in_by_name_or_code_on_a_phone(client, event, register,
                                                                  pair):
    camille = register(event, UserFactory(display_name="Camille Durand"))
    register(event, UserFactory(display_name="Dominique Petit"))
    client.force_login(pair.territory_gardener)
    url = reverse("events:checkin", kwargs={"pk": event.pk})
    # Search by part of a name
    found = client.get(url, {"q": "camil"})
    assert [r.pk for r in found.context["people"]] == [camille.pk]
    # or by the code as typed (lower case, a space)
    typed = f"{camille.code[:3].lower()} {camille.code[3:]}"
    assert [r.pk for r in client.get(url, {"q": typed}).context["people"]] == [camille.pk]
    # One button checks the person in; the count follows
    response = client.post(url, {"registration": camille.pk, "q": "camil"})
    assert response.status_code == 302 and "q=camil" in response["Location"]
    assert Event.objects.get(pk=event.pk).checked_in_count == 1
    again = client.post(url, {"registration": camille.pk})
    assert "already checked in" in [str(m) for m in get_messages(again.wsgi_request)][-1]
    assert Event.objects.get(pk=event.pk).checked_in_count == 1
    page = client.get(url, {"q": "camil"}).content.decode()
    assert "1 person present" in page and "Undo the check-in of Camille Durand" in page


def test_check_in_refuses_another_events_registration(client, event, register, pair,
                                                      community):
    elsewhere = register(EventFactory(community=community))
    client.force_login(pair.territory_gardener)
    url = reverse("events:checkin", kwargs={"pk": event.pk})
    assert client.post(url, {"registration": elsewhere.pk}).status_code == 404
    assert client.post(url, {"registration": "x"}).status_code == 404


# --- Export and message -------------------------------------------------------------


def test_organisers_export_registrants_as_csv(client, event, register, pair):
    register(event, UserFactory(display_name="=HYPERLINK(evil)"))
    services.registration_create(event=event, name="Zoé", email="zoe@example.org", consent=True)
    client.force_login(pair.territory_gardener)
    response = client.get(reverse("events:export", kwargs={"pk": event.pk}))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "E-mail address", "Status"]
    assert {row[0] for row in rows[1:]} == {"'=HYPERLINK(evil)", "Zoé"}
    assert len(rows) == 3


def test_one_message_reaches_every_confirmed_and_waiting_registrant(
    client, community, register, pair, django_capture_on_commit_callbacks, outbox
):
    event = EventFactory(community=community, organiser=pair.territory_gardener, capacity=1)
    register(event)
    register(event)
    services.registration_create(event=event, name="Zoé", email="zoe@example.org", consent=True)
    outbox.clear()
    client.force_login(pair.territory_gardener)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:message", kwargs={"pk": event.pk}),
                               {"subject": "Parking", "body": "Le parking est fermé."})
    assert response.status_code == 302
    assert EventMessage.objects.get().subject == "Parking"
    assert len(outbox) == 2  # not the unconfirmed address
    assert all("Le parking est fermé." in m.body and "/events/r/cancel/" in m.body
               for m in outbox)
    assert len({m.to[0] for m in outbox}) == 2


def test_an_empty_message_is_refused(client, event, pair):
    client.force_login(pair.territory_gardener)
    response = client.post(reverse("events:message", kwargs={"pk": event.pk}),
                           {"subject": "", "body": ""})
    assert response.status_code == 400 and not EventMessage.objects.exists()


# --- The report -----------------------------------------------------------------


def test_after_the_event_the_report_is_published_on_its_page(client, event, register, pair):
    registration = register(event)
    services.registration_check_in(registration=registration, actor=pair.territory_gardener)
    event = _make_past(event)
    client.force_login(pair.territory_gardener)
    response = client.post(reverse("events:report", kwargs={"pk": event.pk}), {
        "summary": "Vingt acteurs ont cartographié les haies.",
        "attendance": "", "follow_ups": "Groupe de travail en mars.",
    })
    assert response.status_code == 302
    client.logout()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Vingt acteurs ont cartographié les haies." in page
    assert "Groupe de travail en mars." in page
    assert Event.objects.get(pk=event.pk).report_attendance == 1  # the check-ins


def test_no_report_before_the_event(event):
    with pytest.raises(ValidationError, match="after the event has started"):
        services.event_report_publish(event=event, summary="Trop tôt")


# --- The informed circle, offered to citizens who came --------------------------------


def test_a_citizen_who_came_is_offered_the_informed_circle_and_asks_the_gardeners(
    client, event, register, pair, commit, outbox, community
):
    # Given a citizen-circle member who attended
    citizen = MembershipFactory(community=community, circle=Circle.CITIZENS).user
    registration = register(event, citizen)
    services.registration_check_in(registration=registration, actor=pair.territory_gardener)
    event = _make_past(event)
    # When the thanks go out
    outbox.clear()
    commit(services.reminders_send_due)
    # Then the e-mail offers the informed circle, with their registration page
    assert len(outbox) == 1 and "Thank you for coming" in outbox[0].subject
    assert "informed circle" in outbox[0].body
    page = _registration_page(registration)
    client.force_login(citizen)
    assert b"Ask to join the informed circle" in client.get(page).content
    # When they ask, it is a request the gardeners answer, not a move
    offer = reverse("events:join_informed",
                    kwargs={"token": tokens.make(registration, tokens.VIEW)})
    assert client.get(offer).status_code == 200
    client.post(offer, {"message": "J'ai aimé l'atelier."})
    request = CircleRequest.objects.get(user=citizen)
    assert (request.circle, request.status) == (Circle.INFORMED, "pending")
    assert Membership.objects.get(user=citizen, community=community).circle == Circle.CITIZENS
    # and the page now says the request is waiting
    assert b"waiting for the gardeners" in client.get(page).content


def test_a_citizen_without_an_account_signs_up_then_joins_and_asks(
    client, event, pair, community
):
    registration = services.registration_create(event=event, name="Zoé",
                                                email="zoe@example.org", consent=True)
    services.registration_confirm(token=tokens.make(registration, tokens.CONFIRM))
    registration.refresh_from_db()
    services.registration_check_in(registration=registration, actor=pair.territory_gardener)
    page = _registration_page(registration)
    assert b"You need an account" in client.get(page).content
    # After signing up with the same address
    zoe = UserFactory(email="zoe@example.org")
    client.force_login(zoe)
    offer = reverse("events:join_informed",
                    kwargs={"token": tokens.make(registration, tokens.VIEW)})
    client.post(offer, {"message": "Je veux suivre la communauté."})
    assert Membership.objects.get(user=zoe, community=community).circle == Circle.CITIZENS
    assert CircleRequest.objects.get(user=zoe).circle == Circle.INFORMED


def test_nobody_else_can_use_the_offer_and_absent_people_get_none(
    client, event, register, pair
):
    registration = register(event)
    offer = reverse("events:join_informed",
                    kwargs={"token": tokens.make(registration, tokens.VIEW)})
    client.force_login(UserFactory())
    response = client.post(offer, {"message": "Moi aussi"})
    assert response.status_code == 400 and not CircleRequest.objects.exists()
    # Not checked in: no offer on the page
    client.force_login(registration.user)
    assert b"informed circle" not in client.get(_registration_page(registration)).content
