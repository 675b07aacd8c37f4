"""Pages of citizen dialogue processes. Thin: ask the rule, validate the
form, call one service, show its message. A refused write comes back as form
errors or a message; nothing changed."""

from .documents import DocumentCreateView, DocumentDownloadView  # noqa: F401
from .leading import (  # noqa: F401
    AnswersView,
    AnswerView,
    CommitmentView,
    HideView,
    PhasesView,
    ProcessCreateView,
    ProcessEditView,
    PublishView,
    RestoreView,
)
from .leads import LeadRevokeView, LeadsView  # noqa: F401
from .map import ProposalMapView  # noqa: F401
from .opinion import (  # noqa: F401
    OpinionPdfView,
    OpinionPublishView,
    OpinionView,
    PanelMemberRemoveView,
    PanelView,
    RecommendationAnswerView,
    RecommendationCreateView,
    RecommendationDecideView,
    RecommendationEditView,
)
from .public import (  # noqa: F401
    CommentView,
    ProcessDetailView,
    ProcessListView,
    ProposalCreateView,
    ProposalDetailView,
    SupportView,
)
from .referrals import ReferNeedView, ReferralAnswerView, ReferResultView  # noqa: F401
from .workshops import FacilitatorRevokeView, WorkshopsView, WorkshopView  # noqa: F401
