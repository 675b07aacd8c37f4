"""Pages of the discussions. They work without JavaScript: the history is
rendered here and a plain form posts a message; static/discussions/chat.js
only makes the same page live.

Views ask the rules by name, read through selectors and write through
services; a refused write (ValidationError) is shown next to the form.
"""

from ._common import (  # noqa: F401
    ChannelMixin,
    MessageMixin,
    js_strings,
)
from .channels import (  # noqa: F401
    ChannelArchiveView,
    ChannelCreateView,
    ChannelDetailView,
    ChannelListView,
    ChannelUpdateView,
    MyChannelsView,
    PreferenceView,
)
from .messages import (  # noqa: F401
    MessageActionView,
    MessageDeleteView,
    MessageEditView,
    MessageHideView,
    MessageReportMovedView,
)
from .moderation import (  # noqa: F401
    MuteView,
    ReportsView,
)
