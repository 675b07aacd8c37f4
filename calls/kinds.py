"""The notification kinds of calls for projects (registered in CallsConfig.ready()).

To the members of an application's carrier organisations: an invitation to
carry a project together, the reminders before the deadline, the
acknowledgement of a submission, the missing pieces the call's team asks
for (to their admins), the file declared complete and the decision (always e-mailed: a
decision on funding is not something to miss); once funded, the reminders
before the final report is due. To the call's agents and the assigned
reviewers: a report filed by the carriers. To the call's agents, a
question asked about the call; to its asker, the answer. To everyone whose themes
match: another funding call shared on the watch (in the daily digest by
default, nothing to do but read it)."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Frequency, Kind, register

INVITED = "call_cocarrier_invited"
REMINDER = "call_deadline_reminder"
SUBMITTED = "call_application_submitted"
DECIDED = "call_application_decided"
# Admissibility (services/completeness.py): pieces asked for, the file complete.
PIECES_REQUESTED = "call_pieces_requested"
COMPLETE = "call_application_complete"
REPORT_REMINDER = "call_final_report_reminder"
REPORT_FILED = "call_report_filed"
# The call's questions and answers (services/questions.py): a question to
# the call's agents, its answer to the asker.
QUESTION_ASKED = "call_question_asked"
QUESTION_ANSWERED = "call_question_answered"
# The watch on other calls (calls/watch/): to everyone whose themes match.
OUTSIDE_CALL = "call_outside_posted"

KINDS = (
    Kind(INVITED, _("My organisation is invited to carry a project for a call"),
         Frequency.IMMEDIATELY, action=_("complete the application with its lead carrier")),
    Kind(REMINDER, _("A call's deadline approaches and our application is still a draft"),
         Frequency.IMMEDIATELY, action=_("complete and submit the application")),
    Kind(SUBMITTED, _("Our application to a call is submitted"), Frequency.IMMEDIATELY),
    Kind(PIECES_REQUESTED, _("The call's team asks for missing pieces of our application"),
         Frequency.IMMEDIATELY, action=_("attach the missing pieces to the application")),
    Kind(COMPLETE, _("Our application's file is declared complete"), Frequency.IMMEDIATELY),
    Kind(DECIDED, _("The decision on our application to a call"), always_email=True),
    Kind(REPORT_REMINDER, _("The final report of our funded project is due soon"),
         Frequency.IMMEDIATELY, action=_("file the project's final report")),
    Kind(REPORT_FILED, _("The carriers of a funded project I follow filed a report"),
         Frequency.DAILY),
    Kind(QUESTION_ASKED, _("Someone asks a question about a call my direction runs"),
         Frequency.IMMEDIATELY, action=_("answer the question")),
    Kind(QUESTION_ANSWERED, _("My question about a call is answered"), Frequency.IMMEDIATELY),
    Kind(OUTSIDE_CALL, _("Another funding call on my themes is shared"), Frequency.DAILY),
)


def register_kinds() -> None:
    register(*KINDS)
