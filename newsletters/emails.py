"""E-mails of the newsletters app that go through terreau.emails (the one
place that sends mail): the call for contributions and the test copy.

The letter itself is sent by `services.sending`, which needs to mark each
copy right after the mail server accepted it; it renders with the same
`rendering` module.
"""

from django.conf import settings

from accounts.models import User
from communities.models import Membership
from terreau.emails import Email, Receiver

from . import rendering


class ContributionCallEmail(Email):
    """To the invited circles: what the letter is, until when, where to write."""

    model = "newsletters.Letter"
    template_base = "newsletters/emails/call"

    def get_receivers(self):
        letter = self.object
        members = (
            Membership.objects.filter(
                community=letter.community, circle__gte=letter.invited_circle,
                user__is_active=True,
            )
            .select_related("user")
            .order_by("user__pk")
        )
        return [Receiver.from_user(m.user) for m in members]

    def get_context(self, receiver):
        letter = self.object
        return {
            "letter": letter,
            "community": letter.community,
            "contribute_url": rendering.absolute(letter.get_absolute_url()),
        }


class LetterTestEmail(Email):
    """The letter as it stands, to the gardener who asked for a test."""

    model = "newsletters.Letter"

    def get_receivers(self):
        user = User.objects.filter(pk=self.kwargs.get("user_id")).first()
        return [Receiver.from_user(user)] if user else []

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

