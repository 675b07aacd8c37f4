"""Every write to events and registrations.

Seats: every service that changes who holds a seat first takes a row lock on
the event (`SELECT ... FOR UPDATE`), then reads and changes the counters on
that row. Two registrations to the same event therefore run one after the
other, the count they read is the count they write back, and the check
constraint `event_never_oversold` backs it in the database. Locks are always
taken event first, registration second, so two services never deadlock.

Services validate the state of the data (is the event open? is this person
already registered?) and raise ValidationError with a translated message;
nothing is written then. Who may call them is decided by the rules.
"""

from .events import (  # noqa: F401
    CALENDAR_FIELDS,
    DATE_OR_PLACE_FIELDS,
    EDITABLE_FIELDS,
    event_cancel,
    event_create,
    event_message_send,
    event_publish,
    event_report_publish,
    event_update,
)
from .registrations import (  # noqa: F401
    attendee_join_informed,
    calendar_token_reset,
    normalise_code,
    registration_cancel,
    registration_check_in,
    registration_check_in_undo,
    registration_confirm,
    registration_create,
)
from .reminders import reminders_send_due  # noqa: F401
