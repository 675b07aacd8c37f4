"""Pages of citizen councils. Thin: ask the rule, validate the form, call one
service, show its message. A refused write comes back as form errors or a
message; nothing changed."""

from .councils import (  # noqa: F401
    CouncilCreateView,
    CouncilDetailView,
    CouncilEditView,
    CouncilListView,
)
from .draws import (  # noqa: F401
    DrawInputsView,
    DrawProbabilitiesCsvView,
    DrawReportView,
    DrawVerifyView,
    inputs_of,
)
from .managing import (  # noqa: F401
    AnnounceView,
    AppointView,
    ImportTemplateView,
    ImportView,
    ManageView,
    MemberWithdrawView,
    ProbabilitiesView,
    ReplacementView,
    RunView,
    SeedView,
)
from .residents import CandidacyWithdrawView, VolunteerView, WithdrawView  # noqa: F401
from .sessions import (  # noqa: F401
    ChannelView,
    InviteView,
    SessionMinutesView,
    SessionScheduleView,
)
