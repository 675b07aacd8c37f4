"""The notification e-mails: one notification at once, or a day's digest.

Both render each notification's line from its kind's template inside the
receiver's language (Email.render switches to it), link to the target
through `notifications:open` (which marks it read) and to the preferences.
"""

from django.urls import reverse

from terreau.emails import Email, Receiver

from . import selectors
from .kinds import KINDS, Frequency
from .rendering import render_line, render_text


def _links() -> dict:
    return {
        "preferences_url": reverse("notifications:preferences"),
        "centre_url": reverse("notifications:list"),
    }


class NotificationEmail(Email):
    """A notification whose kind the person wants immediately."""

    model = "notifications.Notification"
    template_base = "notifications/emails/notification"

    def get_receivers(self):
        notification = self.object
        # Reloaded by the task: sent once, and only to a verified address.
        if notification.emailed_at is not None or notification.delivery != Frequency.IMMEDIATELY:
            return []
        if not selectors.has_verified_address(notification.recipient):
            return []
        return [Receiver.from_user(notification.recipient)]

    def get_context(self, receiver):
        notification = self.object
        return {
            "notification": notification,
            "kind": KINDS.get(notification.kind),
            "line": render_line(notification),
            "line_text": render_text(notification),
            "open_url": reverse("notifications:open", kwargs={"pk": notification.pk}),
            **_links(),
        }

    def dispatch(self, receivers=None):
        from .services import notification_mark_emailed

        sent = super().dispatch(receivers)
        if sent:
            notification_mark_emailed(notification_id=self.object.pk)
        return sent


class DigestEmail(Email):
    """One person's daily digest: the notifications it claimed, by community."""

    model = "notifications.Digest"
    template_base = "notifications/emails/digest"

    def get_receivers(self):
        return [Receiver.from_user(self.object.user)]

    def get_context(self, receiver):
        groups = [
            (
                community,
                [
                    {
                        "line": render_line(n),
                        "text": render_text(n),
                        "open_url": reverse("notifications:open", kwargs={"pk": n.pk}),
                        "created_at": n.created_at,
                    }
                    for n in notifications
                ],
            )
            for community, notifications in selectors.digest_groups(self.object)
        ]
        return {
            "groups": groups,
            "count": sum(len(items) for _community, items in groups),
            **_links(),
        }
