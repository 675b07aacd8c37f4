"""What every discussions view shares: the community and channel lookups, form errors, the page strings."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from communities.views.base import CommunityPermissionMixin

from ..models import Channel, Message


def js_strings() -> dict:
    """The words chat.js shows, translated here (the script holds none)."""
    return {
        "edited": _("(edited)"),
        "deleted": _("This message was deleted."),
        "hidden": _("A gardener hid this message."),
        "reason": _("Reason:"),
        "former": _("former member"),
        "edit": _("Edit"),
        "delete": _("Delete"),
        "report": _("Report"),
        "hide": _("Hide"),
        "online": _("Online now:"),
        "more": _("and %(count)s more"),
        "connecting": _("Connecting…"),
        "offline": _("Connection lost; trying again…"),
        "closed": _("You can no longer read this channel live. Reload the page."),
        "signed_out": _("You are no longer signed in here. Reload the page to sign in again."),
        "typing": _("%(name)s is typing…"),
        "sending": _("Sending…"),
        "mentioned": _("%(name)s mentioned you."),
    }


# --- Shared machinery ----------------------------------------------------------------


class ChannelMixin(CommunityPermissionMixin):
    @property
    def channel(self) -> Channel:
        if not hasattr(self, "_channel"):
            self._channel = get_object_or_404(
                Channel.objects.select_related("community"),
                pk=self.kwargs["channel_id"],
                community=self.community,
            )
        return self._channel

    def get_permission_object(self):
        return self.channel


class MessageMixin(ChannelMixin):
    @property
    def message(self) -> Message:
        if not hasattr(self, "_message"):
            self._message = get_object_or_404(
                Message.objects.select_related("author", "channel__community"),
                pk=self.kwargs["message_id"],
                channel=self.channel,
            )
        return self._message

    def get_permission_object(self):
        return self.message


def _errors(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


# --- Channel list ---------------------------------------------------------------------
