"""Every write to working groups, their members, join requests and decisions.

Services check the state of the data (is this person in the engaged circle?
still a member? is the request still pending? is the group archived?) and
raise ValidationError with a translated message; nothing is written then.
Who may call them is decided by rules.py, asked by the views.

Locks, always in this order so that two gardeners acting at once wait for
each other instead of deadlocking: the person's community membership, then
the group, then the group's member rows and requests. A membership change
holds the membership lock when its lifecycle hook (workgroups/hooks.py)
calls `memberships_end_outside_engaged`.

Side effects after commit only: notifications (rows in this transaction,
e-mail after commit, see notifications/services.py) and
`broadcast.membership_changed`, which closes sockets a person may no longer
hold on the group's channel.
"""

from ._common import (  # noqa: F401
    CHANNEL_NAME_MAX_LENGTH,
    ISSUE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    RESERVED_SLUGS,
    TEXT_MAX_LENGTH,
)
from .decisions import (  # noqa: F401
    decision_record,
)
from .groups import (  # noqa: F401
    group_archive,
    group_create,
    group_update,
)
from .members import (  # noqa: F401
    group_leave,
    member_add,
    member_remove,
    memberships_end_outside_engaged,
)
from .requests import (  # noqa: F401
    join_request_approve,
    join_request_create,
    join_request_decline,
)
