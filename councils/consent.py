"""The text a volunteer agrees to when joining a council's pool.

The same versioned-text form as accounts/consents.py (ConsentText): to
change the words, add a new version below and keep the old one; each
candidate keeps the version and the fingerprint of the text they were shown.
A candidate has no account, so the agreement is kept on the candidate's row.
"""

from django.utils.translation import gettext_lazy as _

from accounts.consents import ConsentText

PURPOSE = "council_pool"

VERSIONS = (
    ConsentText(
        purpose=PURPOSE,
        version="2026-12-04",
        title=_("Joining the pool of a citizen council"),
        text=_(
            "I volunteer to sit on this citizen council and agree that the council keeps my "
            "name, e-mail address, territory and the characteristics I gave until the end of "
            "its term, to draw its members by lot. Only the council's agents see my name and "
            "address; the draw is published with a pseudonymous number and my characteristics. "
            "If I am drawn, I am told by e-mail. I can withdraw at any time with the link in "
            "the e-mail I receive now."
        ),
        label=_("Pool of the citizen council “%(community)s”"),
    ),
)

CURRENT = VERSIONS[-1]
