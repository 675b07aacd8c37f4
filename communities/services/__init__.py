"""Every write to communities, memberships and circle requests.

Services check the domain's invariants (one membership per person, one
pending request, a request decided once...) and raise ValidationError with a
translated message when they do not hold; nothing is written then. Who may
call them is the views' business, through the rules in `rules.py`.

Each service opens its transaction in its body (`with transaction.atomic():`)
rather than as a decorator: the same transaction, and mutation testing
(`make mutation`, docs/testing.md) can change its code.
"""

from ._common import TEXT_MAX_LENGTH  # noqa: F401
from .communities import (  # noqa: F401
    RESERVED_COMMUNITY_SLUGS,
    community_create,
    community_update,
    direction_save,
)
from .following import (  # noqa: F401
    community_follow,
    community_unfollow,
)
from .memberships import (  # noqa: F401
    membership_join,
    membership_leave,
    membership_move,
    membership_remove,
    membership_touch,
)
from .requests import (  # noqa: F401
    circle_request_approve,
    circle_request_create,
    circle_request_decline,
    circle_request_withdraw,
)
