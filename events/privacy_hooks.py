"""What `events` holds about a person (see accounts/personal_data.py)."""

from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import (
    CalendarToken,
    DatePollAnswer,
    Event,
    EventCoOrganiser,
    EventInvitation,
    EventMessage,
    EventProposal,
    Registration,
)
from .services.registrations import registration_cancel

# A registration never confirmed by its e-mailed link is kept this long.
UNCONFIRMED_KEPT = timedelta(days=30)
# A registration made without an account keeps its name and address this
# long after its event (the attendance lists, a follow-up); a cancelled one
# only until its event is over. An account holder's are erased with the account.
GUESTS_KEPT = relativedelta(months=13)
ERASED_DOMAIN = "@erased.invalid"


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
                "language": r.language,
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
        "events_organised": [
            {"event": e.title, "starts_at": e.starts_at.isoformat()}
            for e in Event.objects.filter(organiser=person).order_by("starts_at", "pk")
        ],
        "co_organising": [
            {"event": c.event.title, "since": c.added_at.isoformat()}
            for c in EventCoOrganiser.objects.filter(person=person).select_related("event")
            .order_by("added_at", "pk")
        ],
        "team_messages": [
            {"event": m.event.title, "subject": m.subject, "message": m.body,
             "sent_at": m.sent_at.isoformat()}
            for m in EventMessage.objects.filter(author=person).select_related("event")
            .order_by("sent_at", "pk")
        ],
        "event_proposals": [
            {"title": p.title, "description": p.description, "address": p.address,
             "starts_at": p.starts_at.isoformat(), "status": p.get_status_display(),
             "proposed_at": p.created_at.isoformat()}
            for p in EventProposal.objects.filter(author=person).order_by("created_at", "pk")
        ],
        "date_poll_answers": [
            {"proposal": a.proposal.title, "answered_at": a.answered_at.isoformat(),
             "dates": [o.starts_at.isoformat() for o in a.options.all()]}
            for a in DatePollAnswer.objects.filter(person=person).select_related("proposal")
            .prefetch_related("options").order_by("answered_at", "pk")
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
    _anonymise(registrations)
    CalendarToken.objects.filter(user=person).delete()
    EventInvitation.objects.filter(user=person).delete()
    EventMessage.objects.filter(author=person).update(author=None)


def _anonymise(registrations) -> int:
    """The rows keep their status and the event's counts, without name or
    address (`erased-<id>@erased.invalid`), in one statement."""
    return registrations.exclude(email__endswith=ERASED_DOMAIN).update(
        user=None, name=personal_data.former_member_label(),
        email=Concat(Value("erased-"), Cast("pk", CharField()), Value(ERASED_DOMAIN)),
    )


def purge(now: datetime) -> int:
    """Registrations never confirmed go 30 days after they were made; those
    made without an account lose name and address 13 months after their
    event, or once it is over when they were cancelled."""
    deleted, _rows = Registration.objects.filter(
        status=Registration.Status.PENDING, created_at__lt=now - UNCONFIRMED_KEPT
    ).delete()
    # Unconfirmed ones are gone above: they are never older than 30 days.
    due = Registration.objects.filter(user__isnull=True).filter(
        Q(status=Registration.Status.CANCELLED, event__ends_at__lte=now)
        | Q(event__ends_at__lt=now - GUESTS_KEPT)
    )
    return deleted + _anonymise(due)


def register() -> None:
    personal_data.register(
        personal_data.Holder(
            key="events",
            title=_("Event registrations"),
            export=export,
            erase=erase,
            covers=(
                "events.Registration.user", "events.CalendarToken.user",
                "events.EventInvitation.user", "events.Event.organiser",
                "events.EventCoOrganiser.person", "events.EventMessage.author",
                "events.EventProposal.author", "events.DatePollAnswer.person",
            ),
            acts=(
                "events.EventCoOrganiser.added_by", "events.EventProposal.decided_by",
                "events.Registration.checked_in_by",
            ),
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
                        "An unconfirmed registration is deleted after 30 days. Made without "
                        "an account, a registration loses name and address 13 months after "
                        "the event, or once the event is over if it was cancelled; made with "
                        "an account, when the account is erased. Only the counts remain."
                    ),
                ),
            ),
        )
    )
