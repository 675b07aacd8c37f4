"""Pages of citizen dialogue processes. Thin: ask the rule, validate the
form, call one service, show its message. A refused write comes back as form
errors or a message; nothing changed."""

from .leading import (  # noqa: F401
    AnswersView,
    AnswerView,
    CommitmentView,
    HideView,
    PhasesView,
    ProcessCreateView,
    ProcessEditView,
    PublishView,
    WorkshopView,
)
from .leads import LeadRevokeView, LeadsView  # noqa: F401
from .public import (  # noqa: F401
    CommentView,
    ProcessDetailView,
    ProcessListView,
    ProposalCreateView,
    ProposalDetailView,
    SupportView,
)
