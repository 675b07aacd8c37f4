"""Pages of citizen councils. Thin: ask the rule, validate the form, call one
service, show its message. A refused write comes back as form errors or a
message; nothing changed."""

from .councils import (  # noqa: F401
    CouncilCreateView,
    CouncilDetailView,
    CouncilEditView,
    CouncilListView,
)
from .draws import DrawInputsView, DrawReportView, DrawVerifyView, inputs_of  # noqa: F401
from .managing import (  # noqa: F401
    AnnounceView,
    AppointView,
    ImportView,
    ManageView,
    MemberWithdrawView,
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
