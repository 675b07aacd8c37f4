"""The e-mails of the newsletters' notification kinds (newsletters/kinds.py):
the call for contributions and the test copy. These classes only render;
`notifications.notify()` sends them after commit.

The letter itself is sent by `services.sending`, its own pipeline (batches,
one delivery row per recipient marked right after the mail server accepted
it, List-Unsubscribe, bounces); the test copy renders exactly what that
pipeline will send, with the same `rendering` module.
"""

from django.conf import settings

from notifications.emails import KindEmail

from . import rendering


class ContributionCallEmail(KindEmail):
    """To a member of the invited circles: what the letter is, until when, where to write."""

    model = "newsletters.Letter"
    template_base = "newsletters/emails/call"

    def get_context(self, receiver):
        letter = self.object
        return {
            "letter": letter,
            "community": letter.community,
            "tagline": letter.community.name,
            "contribute_url": rendering.absolute(letter.get_absolute_url()),
        }


class LetterTestEmail(KindEmail):
    """The letter as it stands, to the gardener who asked for a test."""

    model = "newsletters.Letter"

    def render(self, receiver):
        from .selectors import accepted_sections

        letter = self.object
        language = receiver.language or settings.LANGUAGE_CODE
        rendered = rendering.render_letter(
            letter, accepted_sections(letter), language=language, test=True
        )
        return rendering.build_message(
            letter, rendered, email=receiver.email, name=receiver.name,
            user_id=receiver.user.pk,
        )
