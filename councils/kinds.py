"""The notification kinds of citizen councils (registered in CouncilsConfig.ready()).

Candidates have no account: each message goes to the candidate's address
(councils/emails.py), always e-mailed, in the language they volunteered in.
"""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Frequency, Kind, register

KINDS = (
    Kind("council_volunteered", _("I volunteer for a citizen council"), Frequency.IMMEDIATELY,
         email="councils.emails.VolunteeredEmail", always_email=True, in_app=False),
    Kind("council_drawn", _("I am drawn by lot to sit on a citizen council"),
         Frequency.IMMEDIATELY, email="councils.emails.DrawnEmail", always_email=True,
         in_app=False),
    # To the council's agents (its direction's staff): a member drawn by lot
    # withdrew, a replacement draw is to be announced.
    Kind("council_seat_freed", _("A member drawn by lot leaves a citizen council I run"),
         Frequency.IMMEDIATELY, action=_("announce the replacement draw")),
    # To the council's seated members with an account.
    Kind("council_session_scheduled", _("A session of a citizen council I sit on is scheduled"),
         Frequency.IMMEDIATELY),
    Kind("council_community_invitation",
         _("A citizen council I sit on invites its members into a community"),
         Frequency.IMMEDIATELY),
)


def register_kinds() -> None:
    register(*KINDS)
