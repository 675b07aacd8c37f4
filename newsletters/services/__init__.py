"""Every write of the newsletters app.

Services are keyword-only, atomic, and raise ValidationError with a
translated message when the data's state forbids the write (a closed call, a
letter already sent...); nothing is written then. Who may call them is the
views' business, through `rules.py`.
"""

from .letters import (  # noqa: F401
    letter_close_call,
    letter_create,
    letter_reopen_call,
    letter_schedule,
    letter_send_now,
    letter_send_test,
    letter_set_audience,
    letter_unschedule,
    letter_update,
)
from .sections import (  # noqa: F401
    section_accept,
    section_decline,
    section_edit,
    section_move,
    section_propose,
    section_request_changes,
    section_revise,
    sections_reorder,
)
from .sending import (  # noqa: F401
    deliveries_claim,
    letter_finish_if_done,
    letter_send_batch,
    letters_start_due,
    letters_to_resume,
)
from .subscriptions import subscription_set, subscription_unsubscribe_by_token  # noqa: F401
