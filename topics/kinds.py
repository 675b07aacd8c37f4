"""The notification kinds of topic proposals (registered in TopicsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Frequency, Kind, register

# To the pair, when a member proposes a topic; to the author, the decision.
PROPOSED = "topic_proposed"
DECIDED = "topic_proposal_decided"

KINDS = (
    Kind(PROPOSED, _("A member proposes a discussion topic to the community I garden"),
         Frequency.IMMEDIATELY, action=_("open the topic or say why not")),
    Kind(DECIDED, _("The gardeners decide on a discussion topic I proposed"),
         Frequency.IMMEDIATELY),
)


def register_kinds() -> None:
    register(*KINDS)
