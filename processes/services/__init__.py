"""Every write of citizen dialogue processes (docs/processes.md).

`processes` (the process, its mandate and phases, process leads),
`contributions` (proposals online and from workshops, supports, comments,
hiding), `answers` (argued answers, commitments, phase announcements).
"""

from .answers import answer_record, commitment_save, phase_changes_announce
from .contributions import (
    comment_add,
    proposal_create,
    proposal_hide,
    support_add,
    workshop_contribution_create,
)
from .processes import (
    PhaseInput,
    phases_set,
    process_create,
    process_lead_grant,
    process_lead_revoke,
    process_publish,
    process_update,
)

__all__ = [
    "PhaseInput", "answer_record", "comment_add", "commitment_save", "phase_changes_announce",
    "phases_set", "process_create", "process_lead_grant", "process_lead_revoke",
    "process_publish", "process_update", "proposal_create", "proposal_hide", "support_add",
    "workshop_contribution_create",
]
