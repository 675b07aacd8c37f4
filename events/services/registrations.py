"""Registering, confirming (double opt-in), cancelling, the waiting list, check-in."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone, translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from communities import predicates as community_predicates
from communities.models import Circle
from communities.services import membership_touch

from .. import emails
from .. import tokens as event_tokens
from ..models import CalendarToken, Event, Registration
from ._common import _locked_event, _locked_registration, _when

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed on a phone
CODE_LENGTH = 6

def _check_open(event: Event, now: datetime) -> None:
    if event.is_cancelled:
        raise ValidationError(
            _("This event was cancelled: registrations are closed."), code="cancelled"
        )
    if not event.is_published:
        raise ValidationError(_("This event is not open for registration."), code="not_published")
    if now >= event.starts_at:
        raise ValidationError(_("This event has already started."), code="started")
    opens, closes = event.registration_window()
    if opens is not None and now < opens:
        raise ValidationError(
            _("Registration opens on %(date)s.") % {"date": _when(event, opens)}, code="not_open"
        )
    if now >= closes:
        raise ValidationError(
            _("Registration closed on %(date)s.") % {"date": _when(event, closes)}, code="closed"
        )


def _check_audience(event: Event, user) -> None:
    if event.is_public:
        return
    circle = community_predicates.circle_of(user, event.community) if user else None
    if circle not in event.circles:
        raise ValidationError(
            _("This event is reserved for the %(circles)s circle(s) of %(community)s.")
            % {"circles": ", ".join(str(c) for c in event.circle_labels()),
               "community": event.community},
            code="audience",
        )


def _new_code() -> str:
    while True:
        code = get_random_string(CODE_LENGTH, CODE_ALPHABET)
        if not Registration.objects.filter(code=code).exists():
            return code


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _take_seat_or_wait(event: Event, registration: Registration) -> None:
    """Give the registration a seat, or the next place in line. The event is locked."""
    if event.capacity is None or event.confirmed_count < event.capacity:
        registration.status = Registration.Status.CONFIRMED
        registration.waiting_position = None
        event.confirmed_count += 1
    else:
        registration.status = Registration.Status.WAITING
        registration.waiting_position = event.next_waiting_position
        event.next_waiting_position += 1
        event.waiting_count += 1


def _announce(registration: Registration) -> None:
    if registration.is_confirmed:
        emails.RegistrationConfirmedEmail.send_after_commit(registration)
    elif registration.is_waiting:
        emails.RegistrationWaitingEmail.send_after_commit(registration)


def _promote_waiting(event: Event) -> list[Registration]:
    """Seats freed: the first people in line get them, in order. The event is locked."""
    promoted = []
    while not event.is_full and event.waiting_count:
        first = (
            Registration.objects.select_for_update()
            .filter(event=event, status=Registration.Status.WAITING)
            .order_by("waiting_position")
            .first()
        )
        if first is None:
            break
        first.status = Registration.Status.CONFIRMED
        first.waiting_position = None
        first.confirmed_at = timezone.now()
        first.save(update_fields=["status", "waiting_position", "confirmed_at"])
        event.confirmed_count += 1
        event.waiting_count -= 1
        emails.RegistrationPromotedEmail.send_after_commit(first)
        promoted.append(first)
    if promoted:
        event.save(update_fields=["confirmed_count", "waiting_count"])
    return promoted


@transaction.atomic
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
            errors["name"] = _("Tell us your name.")
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid e-mail address.")
        if not consent:
            errors["consent"] = _(
                "Tick the box to agree that we keep your name and e-mail for this event."
            )
        if errors:
            raise ValidationError(errors)
    locked = _locked_event(event.pk)
    _check_open(locked, now)
    _check_audience(locked, user)
    live = Registration.objects.filter(event=locked, status__in=Registration.LIVE)
    if user is not None and live.filter(user=user).exists():
        raise ValidationError(_("You are already registered for this event."), code="duplicate")
    if live.filter(email=email).exists():
        raise ValidationError(
            _("This e-mail address is already registered for this event. "
              "Look in your mailbox for our message."),
            code="duplicate",
        )
    registration = Registration(
        event=locked,
        user=user,
        name=name[:120],
        email=email,
        language=language or translation.get_language() or "fr",
        code=_new_code(),
        secret=get_random_string(32),
        consent_at=now,
        status=Registration.Status.PENDING,
    )
    if user is not None:
        _take_seat_or_wait(locked, registration)
        registration.confirmed_at = now
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise ValidationError(
            _("You are already registered for this event."), code="duplicate"
        ) from None
    if user is not None:
        locked.save(update_fields=["confirmed_count", "waiting_count", "next_waiting_position"])
        if locked.community_id:
            membership_touch(community=locked.community, user=user)
        _announce(registration)
    else:
        emails.RegistrationConfirmationRequestEmail.send_after_commit(registration)
    return registration


@transaction.atomic
def registration_confirm(*, token: str) -> Registration:
    """Double opt-in: the citizen followed the signed link we e-mailed them."""
    pk, secret = event_tokens.registration_pk(token, event_tokens.CONFIRM)
    event_id = Registration.objects.filter(pk=pk).values_list("event_id", flat=True).first()
    if event_id is None:
        raise ValidationError(
            _("This link is not valid. Copy the whole address from the e-mail."), code="bad_link"
        )
    locked = _locked_event(event_id)
    registration = _locked_registration(pk)
    if registration.secret != secret:
        raise ValidationError(
            _("This link is not valid. Copy the whole address from the e-mail."), code="bad_link"
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
            _("Registration closed on %(date)s.") % {"date": _when(locked, closes)}, code="closed"
        )
    _take_seat_or_wait(locked, registration)
    registration.confirmed_at = timezone.now()
    registration.save(update_fields=["status", "waiting_position", "confirmed_at"])
    locked.save(update_fields=["confirmed_count", "waiting_count", "next_waiting_position"])
    _announce(registration)
    registration.event = locked
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration) -> Registration:
    """Free the seat (or the place in line); the first waiting person moves up."""
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
    if was == Registration.Status.CONFIRMED:
        locked.confirmed_count -= 1
    elif was == Registration.Status.WAITING:
        locked.waiting_count -= 1
    locked.save(update_fields=["confirmed_count", "waiting_count"])
    if not locked.is_cancelled:
        _promote_waiting(locked)
    registration.event = locked
    return registration


@transaction.atomic
def registration_check_in(*, registration: Registration, actor) -> Registration:
    """Mark a confirmed person as present. A conditional update: checking the
    same person in twice (two organisers, two phones) counts them once."""
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


@transaction.atomic
def registration_check_in_undo(*, registration: Registration, actor) -> Registration:
    done = Registration.objects.filter(pk=registration.pk, checked_in_at__isnull=False).update(
        checked_in_at=None, checked_in_by=None
    )
    registration.refresh_from_db()
    if not done:
        raise ValidationError(
            _("%(name)s was not checked in.") % {"name": registration.name}, code="not_checked_in"
        )
    Event.objects.filter(pk=registration.event_id).update(
        checked_in_count=F("checked_in_count") - 1
    )
    return registration


# --- Calendar feed token --------------------------------------------------------


@transaction.atomic
def calendar_token_reset(*, user) -> CalendarToken:
    """A new secret for the person's private feed; the old address stops working."""
    token, _created = CalendarToken.objects.select_for_update().get_or_create(
        user=user, defaults={"token": get_random_string(40)}
    )
    if not _created:
        token.token = get_random_string(40)
        token.save(update_fields=["token", "created_at"])
    return token



# --- After the event ------------------------------------------------------------


@transaction.atomic
def attendee_join_informed(*, registration: Registration, user, message: str):
    """A person who came asks to join the community's informed circle.

    It goes through the gardeners like any request: the person joins the
    community (citizens circle) if they are not a member yet, then asks to
    move to the informed circle, with their message. Nothing is approved here.
    """
    from communities.models import Membership
    from communities.services import circle_request_create, membership_join

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
