"""Pages of the discussions. They work without JavaScript: the history is
rendered here and a plain form posts a message; static/discussions/chat.js
only makes the same page live.

Views ask the rules by name, read through selectors and write through
services; a refused write (ValidationError) is shown next to the form.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from django.contrib.auth import get_user_model
from communities.views.base import CommunityPermissionMixin

from . import selectors, services
from .formatting import for_viewer, message_payload
from .forms import ChannelForm, ConfirmForm, MessageForm, MuteForm, ReasonForm
from .models import Channel, Message, Report
from .predicates import is_moderator

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


class ChannelListView(CommunityPermissionMixin, View):
    permission_required = "discussions.view_channels"

    def get(self, request, slug):
        services.general_channel_ensure(community=self.community)
        return render(
            request,
            "discussions/channel_list.html",
            {
                "community": self.community,
                "channels": selectors.channels_with_unread(
                    user=request.user, community=self.community
                ),
                "mentions": selectors.unseen_mentions(user=request.user).filter(
                    message__channel__community=self.community
                )[:20],
                "can_add": request.user.has_perm("discussions.add_channel", self.community),
                "can_moderate": request.user.has_perm(
                    "discussions.view_reports", self.community
                ),
            },
        )


class PreferenceView(View):
    """The mention e-mails are set with every other notification now: the old
    address (bookmarks, old e-mails) leads to the notification preferences."""

    def get(self, request, slug):
        return redirect("notifications:preferences")

    post = get


# --- Channels --------------------------------------------------------------------------


class ChannelCreateView(CommunityPermissionMixin, View):
    permission_required = "discussions.add_channel"

    def render_form(self, form):
        return render(
            self.request,
            "discussions/channel_form.html",
            {"community": self.community, "form": form, "channel": None},
        )

    def get(self, request, slug):
        return self.render_form(ChannelForm())

    def post(self, request, slug):
        form = ChannelForm(request.POST)
        if form.is_valid():
            try:
                channel = services.channel_create(
                    community=self.community, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("The channel “%(name)s” is open.") % {"name": channel})
                return redirect(channel.get_absolute_url())
        return self.render_form(form)


class ChannelUpdateView(ChannelMixin, View):
    permission_required = "discussions.change_channel"

    def render_form(self, form):
        return render(
            self.request,
            "discussions/channel_form.html",
            {"community": self.community, "form": form, "channel": self.channel},
        )

    def get(self, request, slug, channel_id):
        return self.render_form(
            ChannelForm(initial={"name": self.channel.name, "min_circle": self.channel.min_circle})
        )

    def post(self, request, slug, channel_id):
        form = ChannelForm(request.POST)
        if form.is_valid():
            try:
                services.channel_update(channel=self.channel, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("The channel is saved."))
                return redirect(self.channel.get_absolute_url())
        return self.render_form(form)


class ChannelArchiveView(ChannelMixin, View):
    permission_required = "discussions.change_channel"
    http_method_names = ["post"]

    def post(self, request, slug, channel_id):
        try:
            if request.POST.get("action") == "unarchive":
                services.channel_unarchive(channel=self.channel, actor=request.user)
                messages.success(request, _("The channel is open again."))
            else:
                services.channel_archive(channel=self.channel, actor=request.user)
                messages.success(request, _("The channel is archived: it stays readable."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect(self.channel.get_absolute_url())


# --- One channel: history and the post form --------------------------------------------


class ChannelDetailView(ChannelMixin, View):
    permission_required = "discussions.view_channel"

    def entries(self, page):
        user = self.request.user
        moderator = is_moderator(user, self.channel)
        now = timezone.now()
        entries = []
        for message in page.messages:
            mine = message.author_id == user.pk
            entries.append(
                {
                    "message": message,
                    "data": for_viewer(
                        message_payload(message), user_id=user.pk, is_moderator=moderator
                    ),
                    "can_edit": mine
                    and not message.deleted_at
                    and not message.hidden_at
                    and now - message.created_at <= services.EDIT_WINDOW
                    and not self.channel.archived_at,
                    "can_delete": mine and not message.deleted_at,
                    "can_hide": moderator and not message.deleted_at and not message.hidden_at,
                    "can_report": not mine and not message.deleted_at,
                }
            )
        return entries

    def render_page(self, form, status=200):
        request = self.request
        page = selectors.channel_history(
            channel=self.channel,
            before=request.GET.get("before"),
            after=request.GET.get("after"),
            around=request.GET.get("around"),
        )
        if page.last_id:
            services.read_mark(channel=self.channel, user=request.user, message_id=page.last_id)
            services.mentions_mark_seen(
                user=request.user, message_ids=[m.pk for m in page.messages]
            )
        can_post = request.user.has_perm("discussions.post_message", self.channel)
        mute = services.active_mute(community=self.community, user=request.user)
        return render(
            request,
            "discussions/channel_detail.html",
            {
                "community": self.community,
                "channel": self.channel,
                "page": page,
                "entries": self.entries(page),
                "form": form,
                "can_post": can_post,
                "mute": mute,
                "is_latest": not page.has_newer,
                "can_change": request.user.has_perm("discussions.change_channel", self.channel),
                "is_moderator": is_moderator(request.user, self.channel),
                "message_max_length": services.MESSAGE_MAX_LENGTH,
                "js_strings": js_strings(),
            },
            status=status,
        )

    def get(self, request, slug, channel_id):
        return self.render_page(MessageForm())

    def post(self, request, slug, channel_id):
        if not request.user.has_perm("discussions.post_message", self.channel):
            raise PermissionDenied
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                message = services.message_post(
                    channel=self.channel, author=request.user, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                _errors(form, error)
            else:
                return redirect(f"{self.channel.get_absolute_url()}#message-{message.pk}")
        return self.render_page(form)


# --- Acting on one message --------------------------------------------------------------


class MessageActionView(MessageMixin, View):
    """A small form about one message (edit, delete, hide, report), then back."""

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


class MessageReportView(MessageActionView):
    permission_required = "discussions.report_message"
    form_class = ReasonForm
    title = gettext_lazy("Report this message to the gardeners")
    submit = gettext_lazy("Report")
    success = gettext_lazy("Thank you: the gardeners will look at this message.")

    def perform(self, form):
        services.message_report(
            message=self.message, reporter=self.request.user, reason=form.cleaned_data["reason"]
        )


# --- Moderation: mutes and reports -----------------------------------------------------------


class MuteView(CommunityPermissionMixin, View):
    permission_required = "discussions.mute_member"

    @property
    def member(self):
        return get_object_or_404(get_user_model(), pk=self.kwargs["user_id"])

    def render_form(self, form, member):
        return render(
            self.request,
            "discussions/mute_form.html",
            {
                "community": self.community,
                "member": member,
                "form": form,
                "mute": services.active_mute(community=self.community, user=member),
            },
        )

    def get(self, request, slug, user_id):
        return self.render_form(MuteForm(), self.member)

    def post(self, request, slug, user_id):
        member = self.member
        if request.POST.get("action") == "unmute":
            services.member_unmute(community=self.community, user=member, actor=request.user)
            messages.success(request, _("%(person)s can write again.") % {"person": member})
            return redirect("discussions:reports", slug=self.community.slug)
        form = MuteForm(request.POST)
        if form.is_valid():
            try:
                services.member_mute(
                    community=self.community,
                    user=member,
                    actor=request.user,
                    duration=form.cleaned_data["duration"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("%(person)s is muted.") % {"person": member})
                return redirect("discussions:reports", slug=self.community.slug)
        return self.render_form(form, member)


class ReportsView(CommunityPermissionMixin, View):
    permission_required = "discussions.view_reports"

    def get(self, request, slug):
        return render(
            request,
            "discussions/reports.html",
            {
                "community": self.community,
                "reports": selectors.pending_reports(community=self.community),
                "mutes": selectors.active_mutes(community=self.community),
            },
        )


class ReportHandleView(CommunityPermissionMixin, View):
    permission_required = "discussions.view_reports"
    http_method_names = ["post"]

    def post(self, request, slug, report_id):
        report = get_object_or_404(
            Report, pk=report_id, message__channel__community=self.community
        )
        try:
            services.report_handle(report=report, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The report is marked as handled."))
        return redirect(reverse("discussions:reports", kwargs={"slug": self.community.slug}))
