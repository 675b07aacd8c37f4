"""Every write to events and registrations.

Seats: every service that changes who holds a seat does it under the event's
row lock, and changes the counters on that row. A registration takes that
lock last (booking.book): its rows are written first, then a member's seat is
one conditional UPDATE of the counter (seats.seat_take) followed by COMMIT;
otherwise the lock is taken with `SELECT ... FOR UPDATE` and the fresh row
read. Either way the count is exact and the check constraint
`event_never_oversold` backs it in the database (docs/events.md). Locks are
always taken event first, registration second, so two services never
deadlock.

Services validate the state of the data (is the event open? is this person
already registered?) and raise ValidationError with a translated message;
nothing is written then. Who may call them is decided by the rules.
"""

from .announcing import announce  # noqa: F401
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
from .poll import date_poll_answer  # noqa: F401
from .proposals import (  # noqa: F401
    event_proposal_decide,
    event_proposal_resubmit,
    event_propose,
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
from .team import co_organiser_add, co_organiser_remove  # noqa: F401
