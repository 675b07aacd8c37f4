"""Every write of citizen dialogue processes (docs/processes.md).

`processes` (the process, its mandate and phases, process leads),
`contributions` (proposals online, supports, comments,
hiding), `workshops` (events linked as workshops, facilitators, their
contributions), `answers` (argued answers, commitments, phase announcements).
"""

from .answers import answer_record, commitment_save, phase_changes_announce
from .contributions import (
    comment_add,
    proposal_create,
    proposal_hide,
    proposal_restore,
    support_add,
)
from .documents import document_publish
from .processes import (
    PhaseInput,
    phases_set,
    process_create,
    process_lead_grant,
    process_lead_revoke,
    process_publish,
    process_update,
)
from .referrals import accepts_referrals, referral_answer, referral_create
from .workshops import (
    facilitator_grant,
    facilitator_revoke,
    workshop_contribution_create,
    workshop_create,
    workshop_link,
)

__all__ = [
    "PhaseInput", "answer_record", "document_publish", "comment_add", "commitment_save",
    "phase_changes_announce",
    "phases_set", "process_create", "process_lead_grant", "process_lead_revoke",
    "process_publish", "process_update", "proposal_create", "proposal_hide",
    "proposal_restore", "support_add",
    "workshop_contribution_create", "accepts_referrals", "referral_answer", "referral_create",
    "facilitator_grant", "facilitator_revoke", "workshop_create", "workshop_link",
]
