"""Every e-mail to a person leaves from here, through notify() (docs/notifications.md).

- `NotificationEmail`: one notification at once, for a kind without an
  e-mail of its own: its line, a link and the preferences;
- `DigestEmail`: a person's day of notifications;
- `KindEmail`: the base of a kind's own e-mail, written by the app that owns
  the kind (subject, text, HTML, attachments; a registration's calendar
  file). Apps subclass it for the rendering only: notify() alone enqueues it.

All render inside the receiver's language (Email.render switches to it) and
leave after the write's commit (Email.send_after_commit).
"""

from django.urls import reverse

from terreau.emails import Email, Receiver
from terreau.links import absolute

from . import selectors
from .kinds import KINDS, Frequency
from .rendering import render_line, render_text


def _links() -> dict:
    """Absolute: the layout's footer and the text part print them as they are."""
    return {
        "preferences_url": absolute(reverse("notifications:preferences")),
        "centre_url": absolute(reverse("notifications:list")),
    }


def _open_url(notification) -> str:
    return absolute(reverse("notifications:open", kwargs={"pk": notification.pk}))


def kind_of(email_class) -> object | None:
    """The registered kind whose e-mail `email_class` is (None if none)."""
    path = email_class.class_path()
    return next((kind for kind in KINDS.values() if kind.email == path), None)


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
            "open_url": _open_url(notification),
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
                        "open_url": _open_url(n),
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


class KindEmail(Email):
    """The e-mail of a kind that has its own; subclasses set `model`,
    `template_base`, and say what the templates receive.

    notify() enqueues one per recipient, about an object of the app (`model`):
    the recipient itself when it is an addressee (a registration: someone who
    may have no account, see `notify()`), else the call's `about` object with
    `user_id` naming the recipient. `notification_id` names the recipient's
    line in the centre when there is one: the e-mail then leaves once (a
    redelivered task finds it sent) and marks the line e-mailed.
    """

    def get_receivers(self):
        notification_id = self.kwargs.get("notification_id")
        if notification_id is not None and not selectors.waiting_for_email(notification_id):
            return []
        return self.receivers()

    def get_layout_context(self, receiver):
        # A kind the person chose to get by e-mail says so, with the way to
        # change it; a transactional one, or someone without an account
        # (no preferences), gets the reason its template gives.
        kind = kind_of(type(self))
        if kind is not None and kind.choosable and receiver.user is not None:
            return {"preferences_url": _links()["preferences_url"]}
        return {}

    def receivers(self) -> list[Receiver]:
        """Who gets this copy: the account named by `user_id` (subclasses of
        addressee kinds find the receiver on the object)."""
        user = selectors.active_user(self.kwargs.get("user_id"))
        return [Receiver.from_user(user)] if user is not None else []

    def dispatch(self, receivers=None):
        from .services import notification_mark_emailed

        sent = super().dispatch(receivers)
        if sent and self.kwargs.get("notification_id") is not None:
            notification_mark_emailed(notification_id=self.kwargs["notification_id"])
        return sent
