"""Every write to channels, messages, mutes, reports and read states.

Services check the state of the data (is this message still editable? is
this member muted? too many messages?) and raise ValidationError with a
translated message and a code; nothing is written then. Who may call them is
decided by the rules (rules.py), asked by views and consumers.

Each write that others should see live ends with a call to `broadcast`,
which sends after commit.
"""

from ._common import (  # noqa: F401
    CHANNEL_NAME_MAX_LENGTH,
    EDIT_WINDOW,
    MAX_MENTION_TOKENS,
    MENTION_RE,
    MESSAGE_MAX_LENGTH,
    MUTE_MAX,
    RATE_LIMIT_COUNT,
    RATE_LIMIT_SECONDS,
    REASON_MAX_LENGTH,
    active_mute,
    check_storable,
)
from .channels import (  # noqa: F401
    channel_archive,
    channel_create,
    channel_unarchive,
    channel_update,
    general_channel_ensure,
)
from .messages import (  # noqa: F401
    MENTION_EXCERPT_LENGTH,
    message_delete,
    message_edit,
    message_hide,
    message_post,
)
from .moderation import (  # noqa: F401
    member_mute,
    member_unmute,
    message_report,
)
from .reading import (  # noqa: F401
    mentions_mark_seen,
    read_mark,
)
