"""Every kind of audited action, with the label the log shows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    # Roles and circles
    MEMBERSHIP_MOVED = "membership.moved", _("Member moved to another circle")
    MEMBERSHIP_REMOVED = "membership.removed", _("Member removed from the community")
    PAIR_APPOINTED = "pair.appointed", _("Gardener pair appointed")
    PAIR_ENDED = "pair.ended", _("Gardener pair ended")
    DIRECTION_STAFF_CHANGED = "direction.staff_changed", _("Direction staff changed")
    CONTRIBUTOR_INVITED = "contributor.invited", _("Cultivator invited as a contributor")
    CONTRIBUTOR_REVOKED = "contributor.revoked", _("Contributor invitation revoked")
    ELECTED_MARKED = "elected.marked", _("Elected official marked or changed")
    # Organising (issue #16): an event's team, the external participation links
    EVENT_TEAM_CHANGED = "event.team_changed", _("Event team changed")
    EXTERNAL_TOOL_ADDED = "external_tool.added", _("External participation link added")
    EXTERNAL_TOOL_REMOVED = "external_tool.removed", _("External participation link removed")
    # Citizen dialogue processes (issue #17): who leads them, what is hidden
    PROCESS_LEAD_GRANTED = "process_lead.granted", _("Process lead granted")
    PROCESS_LEAD_REVOKED = "process_lead.revoked", _("Process lead revoked")
    PROPOSAL_HIDDEN = "proposal.hidden", _("Proposal of a process hidden")
    PROPOSAL_RESTORED = "proposal.restored", _("Proposal of a process restored")
    FACILITATOR_GRANTED = "facilitator.granted", _("Workshop facilitator named")
    FACILITATOR_REVOKED = "facilitator.revoked", _("Workshop facilitator removed")
    # Citizen councils and barometers (issue #18): a pool's import, a draw, survey answers
    COUNCIL_CANDIDATES_IMPORTED = ("council.candidates_imported",
                                   _("Candidates imported into a council's pool (CSV)"))
    COUNCIL_DRAW_RUN = "council.draw_run", _("Council draw run")
    BAROMETER_ANSWER_MODERATED = "barometer.answer_moderated", _("Barometer answer moderated")
    BAROMETER_RESULTS_PUBLISHED = "barometer.results_published", _("Barometer results published")
    BAROMETER_PAPER_ENTERED = ("barometer.paper_entered",
                               _("Barometer questionnaires entered from paper"))
    # Approvals and decisions (terreau.decisions)
    REQUEST_DECIDED = "request.decided", _("Request decided")
    # Deletions
    ACCOUNT_DELETION_REQUESTED = "account.deletion_requested", _("Account deletion requested")
    ACCOUNT_DELETION_CANCELLED = "account.deletion_cancelled", _("Account deletion cancelled")
    ACCOUNT_ERASED = "account.erased", _("Account erased")
    MESSAGE_HIDDEN = "message.hidden", _("Message hidden by a moderator")
    MEMBER_MUTED = "member.muted", _("Member muted in the discussions")
    MEMBER_UNMUTED = "member.unmuted", _("Member allowed to write again")
    # Exports
    PERSONAL_DATA_EXPORTED = "export.personal_data", _("Personal data exported")
    REGISTRANTS_EXPORTED = "export.registrants", _("Registrants exported (CSV)")
    AUDIT_LOG_EXPORTED = "export.audit_log", _("Audit log exported (CSV)")
    OVERVIEW_EXPORTED = "export.overview", _("Communities overview exported (CSV)")
    BAROMETER_ANSWERS_EXPORTED = "export.barometer_answers", _("Barometer answers exported (CSV)")
    # Sends
    NEWSLETTER_SENDING_STARTED = "newsletter.sending_started", _("Newsletter sending started")
    NEWSLETTER_TEST_SENT = "newsletter.test_sent", _("Newsletter test sent")
    # Logins of staff, gardeners and the cultivator
    LOGIN_SUCCEEDED = "login.succeeded", _("Logged in")
    LOGIN_FAILED = "login.failed", _("Failed log-in")
    LOGIN_CODE_FAILED = "login.code_failed", _("Wrong second-factor code")
