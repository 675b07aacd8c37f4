"""The notification kinds of communities (registered in CommunitiesConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Frequency, Kind, register

CIRCLE_REQUEST_RECEIVED = "circle_request_received"
CIRCLE_REQUEST_DECIDED = "circle_request_decided"

KINDS = (
    Kind(
        CIRCLE_REQUEST_RECEIVED,
        _("A member asks to move closer to the core of a community I tend"),
        Frequency.IMMEDIATELY,
        email="communities.emails.CircleRequestReceivedEmail",
        action=_("answer the member's request"),
    ),
    Kind(
        CIRCLE_REQUEST_DECIDED,
        _("The gardeners answer my request to change circle"),
        Frequency.IMMEDIATELY,
        email="communities.emails.CircleRequestDecidedEmail",
    ),
)


def register_kinds() -> None:
    register(*KINDS)
