"""Actions on one message: edit, delete, hide (reporting is moderation's)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views import View

from terreau.moved import MovedView

from .. import services
from ..formatting import for_viewer, message_payload
from ..forms import ConfirmForm, MessageForm, ReasonForm
from ..predicates import is_moderator
from ._common import (
    MessageMixin,
    _errors,
)


class MessageActionView(MessageMixin, View):
    """A small form about one message (edit, delete, hide), then back."""

    form_class = ConfirmForm
    title = ""
    submit = ""
    danger = False
    success = ""

    def get_initial(self):
        return {}

    def perform(self, form):
        raise NotImplementedError

    def render_form(self, form):
        return render(
            self.request,
            "discussions/message_action.html",
            {
                "community": self.community,
                "channel": self.channel,
                "message": self.message,
                "data": for_viewer(
                    message_payload(self.message),
                    user_id=self.request.user.pk,
                    is_moderator=is_moderator(self.request.user, self.channel),
                ),
                "form": form,
                "title": self.title,
                "submit": self.submit,
                "danger": self.danger,
                "back": self.back_url(),
            },
        )

    def back_url(self):
        return (
            f"{self.channel.get_absolute_url()}?around={self.message.pk}#message-{self.message.pk}"
        )

    def get(self, request, *args, **kwargs):
        return self.render_form(self.form_class(initial=self.get_initial()))

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.perform(form)
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, self.success)
                return redirect(self.back_url())
        return self.render_form(form)


class MessageEditView(MessageActionView):
    permission_required = "discussions.change_message"
    form_class = MessageForm
    title = gettext_lazy("Edit your message")
    submit = gettext_lazy("Save")
    success = gettext_lazy("Your message is edited.")

    def get_initial(self):
        return {"body": self.message.body}

    def perform(self, form):
        services.message_edit(
            message=self.message, actor=self.request.user, body=form.cleaned_data["body"]
        )


class MessageDeleteView(MessageActionView):
    permission_required = "discussions.delete_message"
    title = gettext_lazy("Delete your message?")
    submit = gettext_lazy("Delete")
    danger = True
    success = gettext_lazy("Your message is deleted.")

    def perform(self, form):
        services.message_delete(message=self.message, actor=self.request.user)


class MessageHideView(MessageActionView):
    permission_required = "discussions.hide_message"
    form_class = ReasonForm
    title = gettext_lazy("Hide this message")
    submit = gettext_lazy("Hide")
    danger = True
    success = gettext_lazy("The message is hidden; its author can read why.")

    def perform(self, form):
        services.message_hide(
            message=self.message, actor=self.request.user, reason=form.cleaned_data["reason"]
        )


class MessageReportMovedView(MovedView):
    """A message's former report form: a message is reported with the
    moderation queue's form, like every reportable item (docs/moderation.md).
    That form asks who may report and which community the message is in."""

    def get_redirect_url(self, *args, slug, channel_id, message_id):
        return reverse("moderation:report",
                       kwargs={"slug": slug, "kind": "message", "object_id": message_id})


# --- Moderation: mutes and reports -----------------------------------------------------------
