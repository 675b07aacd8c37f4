"""Registering, confirming (double opt-in), cancelling, the waiting list, check-in."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone, translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from communities.models import Circle, Membership
from communities.services import circle_request_create, membership_join

from .. import tokens as event_tokens
from ..models import CalendarToken, Event, Registration
from ._common import _locked_event, _locked_registration, _when
from .booking import announce, book, check_audience, check_open, has_room
from .seats import promote_waiting, seat_or_line

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed on a phone
CODE_LENGTH = 6
CODE_ATTEMPTS = 5  # a random code already taken is drawn again (unique constraint)


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def registration_create(
    *,
    event: Event,
    user=None,
    name: str = "",
    email: str = "",
    consent: bool = False,
    language: str = "",
) -> Registration:
    """Register someone.

    A signed-in person registers in one click and gets a seat or a place in
    line at once. A citizen without an account gives a name, an e-mail and
    their explicit consent; the registration stays pending (it holds no seat)
    until they confirm through the signed link we e-mail them.

    What can be refused is checked first on the event as given, without a
    lock (open? for this person? already registered?): a refusal under a
    rush costs one read and writes nothing. Then one transaction whose last
    statement takes the event's lock (booking.book): for a seat nothing runs
    under the lock but COMMIT (tests/events/test_registration_queries.py).
    """
    now = timezone.now()
    if user is not None and user.is_authenticated:
        name, email = str(user), user.email.strip().lower()
        language = getattr(user, "preferred_language", "") or language
    else:
        user = None
        name, email = (name or "").strip(), (email or "").strip().lower()
        errors = {}
        if not name:
            errors["name"] = ValidationError(_("Tell us your name."), code="required")
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = ValidationError(_("Enter a valid e-mail address."),
                                              code="invalid")
        if not consent:
            errors["consent"] = ValidationError(_(
                "Tick the box to agree that we keep your name and e-mail for this event."
            ), code="required")
        if errors:
            raise ValidationError(errors)
    check_open(event, now)
    check_audience(event, user)
    room = has_room(event, user, email)
    registration = Registration(
        user=user,
        name=name[:120],
        email=email,
        language=language or translation.get_language() or "fr",
        secret=get_random_string(32),
        consent_at=now,
    )
    for attempt in range(CODE_ATTEMPTS):
        registration.code = get_random_string(CODE_LENGTH, CODE_ALPHABET)
        try:
            return book(event, registration, now, room=room)
        except IntegrityError:
            # Rolled back. Either the person registered meanwhile (a second
            # tab: the partial unique constraints refuse the row), or the
            # random code was taken (about 1 in a billion): draw another.
            room = has_room(event, user, email)
            if attempt == CODE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def registration_confirm(*, token: str) -> Registration:
    """Double opt-in: the citizen followed the signed link we e-mailed them."""
    with transaction.atomic():
        pk, secret = event_tokens.registration_pk(token, event_tokens.CONFIRM)
        event_id = Registration.objects.filter(pk=pk).values_list("event_id", flat=True).first()
        if event_id is None:
            raise ValidationError(
                _("This link is not valid. Copy the whole address from the e-mail."),
                code="bad_link",
            )
        locked = _locked_event(event_id)
        registration = _locked_registration(pk)
        if registration.secret != secret:
            raise ValidationError(
                _("This link is not valid. Copy the whole address from the e-mail."),
                code="bad_link",
            )
        if registration.status == Registration.Status.CANCELLED:
            raise ValidationError(_("This registration was cancelled."), code="cancelled")
        if not registration.is_pending:
            raise ValidationError(
                _("You already confirmed this registration: this link has been used."),
                code="used",
            )
        if locked.is_cancelled:
            raise ValidationError(_("This event was cancelled."), code="event_cancelled")
        now = timezone.now()
        if now >= locked.starts_at:
            raise ValidationError(_("This event has already started."), code="started")
        # A seat is taken on confirming: not after the registration window closed.
        _opens, closes = locked.registration_window()
        if now >= closes:
            raise ValidationError(
                _("Registration closed on %(date)s.") % {"date": _when(locked, closes)},
                code="closed",
            )
        seat_or_line(locked, registration)
        registration.confirmed_at = timezone.now()
        registration.save(update_fields=["status", "waiting_position", "confirmed_at"])
        locked.save(update_fields=["confirmed_count", "waiting_count", "next_waiting_position"])
        registration.event = locked
        announce(registration)
        return registration


def registration_cancel(*, registration: Registration) -> Registration:
    """Free the seat (or the place in line); the first waiting person moves up."""
    with transaction.atomic():
        locked = _locked_event(registration.event_id)
        registration = _locked_registration(registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            raise ValidationError(_("This registration is already cancelled."), code="cancelled")
        if locked.is_over():
            raise ValidationError(_("This event has already taken place."), code="over")
        was = registration.status
        registration.status = Registration.Status.CANCELLED
        registration.waiting_position = None
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "waiting_position", "cancelled_at"])
        counts = (locked.confirmed_count, locked.waiting_count)
        if was == Registration.Status.CONFIRMED:
            locked.confirmed_count -= 1
        elif was == Registration.Status.WAITING:
            locked.waiting_count -= 1
        if not locked.is_cancelled:
            promote_waiting(locked, save=False)
        if (locked.confirmed_count, locked.waiting_count) != counts:
            locked.save(update_fields=["confirmed_count", "waiting_count"])
        registration.event = locked
        return registration


def registration_check_in(*, registration: Registration, actor) -> Registration:
    """Mark a confirmed person as present. A conditional update: checking the
    same person in twice (two organisers, two phones) counts them once."""
    with transaction.atomic():
        now = timezone.now()
        done = Registration.objects.filter(
            pk=registration.pk, status=Registration.Status.CONFIRMED, checked_in_at__isnull=True
        ).update(checked_in_at=now, checked_in_by=actor)
        registration.refresh_from_db()
        if not done:
            if registration.checked_in_at:
                raise ValidationError(
                    _("%(name)s was already checked in at %(time)s.")
                    % {"name": registration.name,
                       "time": formats.time_format(timezone.localtime(registration.checked_in_at))},
                    code="already",
                )
            raise ValidationError(
                _("%(name)s has no confirmed seat (%(status)s).")
                % {"name": registration.name, "status": registration.get_status_display()},
                code="not_confirmed",
            )
        Event.objects.filter(pk=registration.event_id).update(
            checked_in_count=F("checked_in_count") + 1
        )
        return registration


def registration_check_in_undo(*, registration: Registration, actor) -> Registration:
    with transaction.atomic():
        done = Registration.objects.filter(pk=registration.pk, checked_in_at__isnull=False).update(
            checked_in_at=None, checked_in_by=None
        )
        registration.refresh_from_db()
        if not done:
            raise ValidationError(
                _("%(name)s was not checked in.") % {"name": registration.name},
                code="not_checked_in",
            )
        Event.objects.filter(pk=registration.event_id).update(
            checked_in_count=F("checked_in_count") - 1
        )
        return registration


# --- Calendar feed token --------------------------------------------------------


def calendar_token_reset(*, user) -> CalendarToken:
    """A new secret for the person's private feed; the old address stops working."""
    with transaction.atomic():
        token, _created = CalendarToken.objects.select_for_update().get_or_create(
            user=user, defaults={"token": get_random_string(40)}
        )
        if not _created:
            token.token = get_random_string(40)
            token.save(update_fields=["token", "created_at"])
        return token



# --- After the event ------------------------------------------------------------


def attendee_join_informed(*, registration: Registration, user, message: str):
    """A person who came asks to join the community's informed circle.

    It goes through the gardeners like any request: the person joins the
    community (citizens circle) if they are not a member yet, then asks to
    move to the informed circle, with their message. Nothing is approved here.
    """
    with transaction.atomic():
        event = registration.event
        mine = registration.user_id == user.pk or (
            registration.user_id is None and registration.email == user.email.lower()
        )
        if not mine:
            raise ValidationError(_("This registration is not yours."), code="not_yours")
        if event.community_id is None or registration.checked_in_at is None:
            raise ValidationError(
                _("This offer is for people who took part in an event of a community."),
                code="not_attended",
            )
        if not Membership.objects.filter(community_id=event.community_id, user=user).exists():
            membership_join(community=event.community, user=user)
        return circle_request_create(
            community=event.community, user=user, circle=Circle.INFORMED, message=message
        )
