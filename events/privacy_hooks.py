"""What `events` holds about a person (see accounts/personal_data.py)."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import CalendarToken, EventInvitation, EventMessage, Registration
from .services.registrations import registration_cancel

# A registration never confirmed by its e-mailed link is kept this long.
UNCONFIRMED_KEPT = timedelta(days=30)


def _registrations(person):
    """By account, and those made without an account with the same address."""
    return Registration.objects.filter(Q(user=person) | Q(email__iexact=person.email))


def export(person) -> dict:
    registrations = _registrations(person).select_related("event").order_by("created_at", "pk")
    return {
        "registrations": [
            {
                "event": r.event.title,
                "starts_at": r.event.starts_at.isoformat(),
                "name": r.name,
                "email": r.email,
                "status": r.get_status_display(),
                "registered_at": r.created_at.isoformat(),
                "confirmed_at": r.confirmed_at.isoformat() if r.confirmed_at else None,
                "cancelled_at": r.cancelled_at.isoformat() if r.cancelled_at else None,
                "checked_in_at": r.checked_in_at.isoformat() if r.checked_in_at else None,
            }
            for r in registrations
        ],
        "calendar_feed": CalendarToken.objects.filter(user=person).exists(),
        "invitations": [
            {"event": i.event.title,
             "circle": i.get_circle_display() if i.circle else str(_("follower, not a member")),
             "invited_at": i.invited_at.isoformat()}
            for i in EventInvitation.objects.filter(user=person).select_related("event")
            .order_by("invited_at", "pk")
        ],
        "consents": [
            {
                "what": str(_("Registration to “%(event)s”")) % {"event": r.event.title},
                "at": r.consent_at.isoformat(),
            }
            for r in registrations
            if r.consent_at
        ],
    }


def erase(person) -> None:
    """Registrations keep the counts but lose the name and the address.

    Unconfirmed ones are deleted; a seat or a place in line for an event to
    come is given back first (the next person in line moves up).
    """
    registrations = _registrations(person)
    registrations.filter(status=Registration.Status.PENDING).delete()
    for registration in registrations.filter(
        status__in=(Registration.Status.CONFIRMED, Registration.Status.WAITING)
    ).select_related("event"):
        if not registration.event.is_over():
            try:
                registration_cancel(registration=registration)
            except ValidationError:
                pass  # cancelled or over meanwhile: anonymised below all the same
    label = personal_data.former_member_label()
    for registration in registrations.only("pk"):
        Registration.objects.filter(pk=registration.pk).update(
            user=None, name=label, email=f"erased-{registration.pk}@erased.invalid"
        )
    CalendarToken.objects.filter(user=person).delete()
    EventInvitation.objects.filter(user=person).delete()
    EventMessage.objects.filter(author=person).update(author=None)


def purge(now: datetime) -> int:
    """Registrations never confirmed, 30 days after they were made."""
    deleted, _rows = Registration.objects.filter(
        status=Registration.Status.PENDING, created_at__lt=now - UNCONFIRMED_KEPT
    ).delete()
    return deleted


def register() -> None:
    personal_data.register(
        personal_data.Holder(
            key="events",
            title=_("Event registrations"),
            export=export,
            erase=erase,
            purge=purge,
            processings=(
                personal_data.Processing(
                    name=_("Event registrations"),
                    data=_(
                        "Name, e-mail address, language, date of your consent, "
                        "confirmation and check-in."
                    ),
                    purpose=_(
                        "Hold your seat, send you the confirmation, reminders and any change "
                        "to the event, and count the participants."
                    ),
                    legal_basis=personal_data.CONSENT,
                    retention=_(
                        "An unconfirmed registration is deleted after 30 days. The others "
                        "lose name and address when your account is erased; only the "
                        "counts remain."
                    ),
                ),
            ),
        )
    )
