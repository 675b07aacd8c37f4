"""The notification kinds of newsletters (registered in NewslettersConfig.ready()).

The letter itself is not a notification: it goes out through its own
pipeline (services/sending/, docs/newsletters.md).
"""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Frequency, Kind, register

CONTRIBUTION_CALL = "contribution_call"
LETTER_TEST = "letter_test"
# To a section's author: accepted, sent back for changes, or declined.
SECTION_DECIDED = "section_decided"

KINDS = (
    Kind(CONTRIBUTION_CALL, _("A call to write in the next letter of my community"),
         Frequency.IMMEDIATELY, email="newsletters.emails.ContributionCallEmail",
         action=_("write a section of the letter")),
    Kind(SECTION_DECIDED,
         _("The gardeners accept my section of a letter, send it back for changes or decline it"),
         Frequency.IMMEDIATELY, action=_("revise the section sent back for changes")),
    # A preview the gardener asked for, not news for them: only the e-mail.
    Kind(LETTER_TEST, _("The test copy of a letter I prepare"),
         email="newsletters.emails.LetterTestEmail", always_email=True, in_app=False),
)


def register_kinds() -> None:
    register(*KINDS)
