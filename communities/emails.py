"""The e-mails of the communities' notification kinds (communities/kinds.py).

Every request gets an answer ("droit de suite"). These classes only render:
`notifications.notify()` sends them, after commit, to the people it was
given and as each person chose (docs/notifications.md).
"""

from django.urls import reverse

from notifications.emails import KindEmail
from terreau.links import absolute


class CircleRequestReceivedEmail(KindEmail):
    """Tell a gardener of the community that a member asks to move inward."""

    model = "communities.CircleRequest"
    template_base = "communities/emails/request_received"

    def get_context(self, receiver):
        return {
            "request": self.object,
            "tagline": self.object.community.name,
            "url": absolute(
                reverse("communities:requests", kwargs={"slug": self.object.community.slug})
            ),
        }


class CircleRequestDecidedEmail(KindEmail):
    """Tell the member what became of their request, with the gardener's answer."""

    model = "communities.CircleRequest"
    template_base = "communities/emails/request_decided"

    def get_context(self, receiver):
        return {
            "request": self.object,
            "tagline": self.object.community.name,
            "url": absolute(
                reverse("communities:detail", kwargs={"slug": self.object.community.slug})
            ),
        }
