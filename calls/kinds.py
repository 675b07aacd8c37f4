"""The notification kinds of calls for projects (registered in CallsConfig.ready()).

To the members of an application's carrier organisations: an invitation to
carry a project together, the reminders before the deadline, the
acknowledgement of a submission and the decision (always e-mailed: a
decision on funding is not something to miss)."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Frequency, Kind, register

INVITED = "call_cocarrier_invited"
REMINDER = "call_deadline_reminder"
SUBMITTED = "call_application_submitted"
DECIDED = "call_application_decided"

KINDS = (
    Kind(INVITED, _("My organisation is invited to carry a project for a call"),
         Frequency.IMMEDIATELY),
    Kind(REMINDER, _("A call's deadline approaches and our application is still a draft"),
         Frequency.IMMEDIATELY),
    Kind(SUBMITTED, _("Our application to a call is submitted"), Frequency.IMMEDIATELY),
    Kind(DECIDED, _("The decision on our application to a call"), always_email=True),
)


def register_kinds() -> None:
    register(*KINDS)
