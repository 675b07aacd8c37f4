"""Every write to citizen councils, their pool and their draws.

Services check the state of the data (is the seed fixed? is the quota
possible? is the candidate still in the pool?) and raise ValidationError
with a translated message; nothing is written then. Who may call them is
decided by councils/rules.py, asked by the views. Messages to candidates go
through notifications.notify() (councils/kinds.py), e-mailed after commit.
"""

from .councils import (  # noqa: F401
    DEFAULT_CHARACTERISTICS,
    council_create,
    council_update,
    member_appoint,
    member_withdraw,
)
from .draws import (  # noqa: F401
    draw_announce,
    draw_fix_seed,
    draw_run,
    draw_verify,
    replacement_announce,
)
from .members import channel_open, members_invite  # noqa: F401
from .pool import (  # noqa: F401
    IMPORT_MAX_ROWS,
    REQUIRED_COLUMNS,
    ImportReport,
    candidate_volunteer,
    candidate_withdraw,
    candidates_import,
)
from .probabilities import (  # noqa: F401
    probabilities_estimate,
    probabilities_pending,
    probabilities_request,
    probability_summary,
)
from .sessions import session_minutes, session_schedule  # noqa: F401
