"""The notification kinds of events (registered in EventsConfig.ready()).

Each is sent to registrations (`notify(registrations, ...)`): a registrant
without an account is e-mailed, one with an account also finds the line in
their notification centre. A seat, a place in line, its calendar file and a
change of date or place are transactional (always e-mailed); reminders,
thanks and the organisers' messages follow the person's preferences.
"""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Frequency, Kind, register

CONFIRMATION_REQUEST = "registration_confirmation_request"
CONFIRMED = "registration_confirmed"
WAITING = "registration_waiting"
PROMOTED = "registration_promoted"
REMINDER = "event_reminder"
THANKS = "attendance_thanks"
CHANGED = "event_changed"
CANCELLED = "event_cancelled"
MESSAGE = "event_message"
# To members, when an event is published for their circle (services/announcing.py).
ANNOUNCED = "event_announced"
# A member's proposal of an event: to the pair, then its decision to the author.
PROPOSED = "event_proposed"
PROPOSAL_DECIDED = "event_proposal_decided"
# To the members a proposal's date poll asks (services/poll.py).
DATE_POLL = "event_date_poll"
# To an engaged member put on (or taken off) an event's team (services/team.py).
CO_ORGANISER_ADDED = "event_co_organiser_added"
CO_ORGANISER_REMOVED = "event_co_organiser_removed"


# What a change of date or place is about: the subject of its e-mail and its
# line in the centre say "new date", "new place", or both.
DATE_FIELDS = frozenset({"starts_at", "ends_at", "time_zone"})
PLACE_FIELDS = frozenset({"format", "address", "online_url"})


def change_kind(changes) -> str:
    """"date", "place" or "both" for the fields that changed ("" for none of them)."""
    changes = set(changes or ())
    dates, places = bool(changes & DATE_FIELDS), bool(changes & PLACE_FIELDS)
    if dates and places:
        return "both"
    return "date" if dates else "place" if places else ""


def _email(name: str) -> str:
    return f"events.emails.{name}"


KINDS = (
    # Only to people without an account (whose registration waits for them
    # to confirm their address): no centre, always e-mailed.
    Kind(CONFIRMATION_REQUEST, _("The link to confirm a registration"),
         email=_email("RegistrationConfirmationRequestEmail"), always_email=True, in_app=False),
    Kind(CONFIRMED, _("My seat at an event is booked"),
         email=_email("RegistrationConfirmedEmail"), always_email=True),
    Kind(WAITING, _("I am on the waiting list of an event"),
         email=_email("RegistrationWaitingEmail"), always_email=True),
    Kind(PROMOTED, _("A seat freed up for me at an event"),
         email=_email("RegistrationPromotedEmail"), always_email=True),
    Kind(CHANGED, _("An event I registered for changes date or place"),
         email=_email("EventChangedEmail"), always_email=True),
    Kind(CANCELLED, _("An event I registered for is cancelled"),
         email=_email("EventCancelledEmail"), always_email=True),
    Kind(REMINDER, _("A reminder before an event I registered for"), Frequency.IMMEDIATELY,
         email=_email("EventReminderEmail")),
    Kind(MESSAGE, _("The organisers of an event I registered for write to registrants"),
         Frequency.IMMEDIATELY, email=_email("EventMessageEmail")),
    Kind(ANNOUNCED, _("An event is published for a circle I am in"), Frequency.IMMEDIATELY),
    Kind(PROPOSED, _("A member proposes an event to the community I garden"),
         Frequency.IMMEDIATELY, action=_("accept, send back or decline the proposal")),
    Kind(PROPOSAL_DECIDED, _("The gardeners decide on an event I proposed"),
         Frequency.IMMEDIATELY, action=_("change the proposal sent back for changes")),
    Kind(DATE_POLL, _("A proposed event asks which dates suit me"), Frequency.IMMEDIATELY,
         action=_("answer the date poll")),
    Kind(CO_ORGANISER_ADDED, _("I am added to the team of an event"), Frequency.IMMEDIATELY),
    Kind(CO_ORGANISER_REMOVED, _("I am taken off the team of an event"),
         Frequency.IMMEDIATELY),
    Kind(THANKS, _("Thanks after an event I took part in"), Frequency.IMMEDIATELY,
         email=_email("AttendanceThanksEmail")),
    # Issue #16: the organisers invite the community's elected officials (events/elected.py).
    Kind("event_elected_invitation",
         _("I am invited, as an elected official, to an event of a community I follow"),
         Frequency.IMMEDIATELY),
)


def register_kinds() -> None:
    register(*KINDS)
